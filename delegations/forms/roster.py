"""Forms of the roster and of organizers: create a delegation, invite, replace a member."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from summits.models import TIMEZONE_CHOICES, RegistrationCategory, validate_timezone

from ..enums import RosterRole


def home_timezone_field():
    return forms.ChoiceField(
        choices=[("", _("— the summit's zone only —"))] + TIMEZONE_CHOICES,
        required=False,
        validators=[validate_timezone],
        label=_("Home time zone"),
        help_text=_("Where the members live, e.g. America/New_York: meeting times are also shown in this zone."),
        error_messages={"invalid_choice": _("Choose an IANA time zone from the list, such as America/New_York.")},
    )


class DelegationForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    lead_email = forms.EmailField(
        label=_("Lead's email"), help_text=_("The lead must already have a Conclave account.")
    )
    category = forms.ModelChoiceField(queryset=RegistrationCategory.objects.none(), label=_("Members' category"))
    home_country = CountryField().formfield(label=_("Home country"))
    destination_country = CountryField().formfield(label=_("Destination country"))
    home_timezone = home_timezone_field()
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Description"))

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = RegistrationCategory.objects.filter(summit=summit)

    def clean_lead_email(self):
        email = self.cleaned_data["lead_email"]
        lead = get_user_model().objects.filter(email__iexact=email).first()
        if lead is None:
            raise ValidationError(_("Nobody has an account with this address yet: ask them to sign up first."))
        self.cleaned_data["lead"] = lead
        return email


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(choices=RosterRole.choices, initial=RosterRole.MEMBER, label=_("Role"))
    category = forms.ModelChoiceField(queryset=RegistrationCategory.objects.none(), label=_("Registration category"))

    def __init__(self, *args, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = RegistrationCategory.objects.filter(summit_id=delegation.summit_id)
        self.fields["category"].initial = delegation.category_id


class ReplaceForm(forms.Form):
    email = forms.EmailField(label=_("Replacement's email"))
    reason = forms.CharField(max_length=300, required=False, label=_("Reason"))


class HomeZoneForm(forms.Form):
    """The lead's choice of the delegation's home time zone."""

    home_timezone = home_timezone_field()
