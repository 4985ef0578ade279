from django import forms
from django.utils.translation import gettext_lazy as _


class ReleaseForm(forms.Form):
    version = forms.CharField(
        label=_("Version"), max_length=80, help_text=_("A name people will see, for example “1.0” or “Final”.")
    )
    comment = forms.CharField(
        label=_("What changed (optional)"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
