from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TokenScope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “Partner website”.")
    )
    summit = forms.ModelChoiceField(label=_("Summit"), queryset=None, to_field_name="slug")
    scope = forms.ChoiceField(label=_("Access"), choices=TokenScope.choices, initial=TokenScope.READ)

    def __init__(self, *args, summits, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summit"].queryset = summits
