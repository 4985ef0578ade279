import re

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from conclave.content_language import add_hindi_fields

from .errors import LetterError
from .pdf import PLACEHOLDERS, unknown_placeholders
from .services import check_passport_dates

PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{5,20}")
DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class LetterRequestForm(forms.Form):
    passport_name = forms.CharField(
        label=_("Name as in the passport"),
        max_length=200,
        help_text=_("Exactly as printed; it is printed on the letter."),
    )
    passport_number = forms.CharField(label=_("Passport number"), max_length=30)
    nationality = forms.ChoiceField(label=_("Nationality"), choices=[("", "—")] + list(countries))
    date_of_birth = forms.DateField(label=_("Date of birth"), **DATE)
    passport_expiry = forms.DateField(
        label=_("Passport valid until"), help_text=_("At least six months after your departure."), **DATE
    )
    consulate = forms.CharField(
        label=_("Consulate or embassy"),
        max_length=120,
        help_text=_("The city of the consulate or embassy you apply at."),
    )
    arrival = forms.DateField(label=_("Arrival"), **DATE)
    departure = forms.DateField(label=_("Departure"), **DATE)
    purpose = forms.CharField(
        label=_("Purpose of the visit"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_passport_name(self):
        value = " ".join(self.cleaned_data["passport_name"].split())
        if not value:
            raise forms.ValidationError(_("Enter the name as printed in the passport."))
        return value

    def clean_passport_number(self):
        value = re.sub(r"[\s-]", "", self.cleaned_data["passport_number"]).upper()
        if not PASSPORT_NUMBER.fullmatch(value):
            raise forms.ValidationError(_("A passport number is 5 to 20 letters and digits."))
        return value

    def clean_consulate(self):
        value = " ".join(self.cleaned_data["consulate"].split())
        if not value:
            raise forms.ValidationError(_("Enter the city of the consulate or embassy."))
        return value

    def clean(self):
        data = super().clean()
        try:
            check_passport_dates(data)
        except LetterError as error:
            self.add_error(error.field, error.message)
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the person)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError(_("Give the person a reason."))
        return value


def _placeholders_help():
    # Built when shown, so that it is in the reader's language (a lazy string's % would fix it at import).
    return gettext("Placeholders: %(names)s. A blank line starts a new paragraph.") % {
        "names": ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    }


class LetterTemplateForm(forms.Form):
    letterhead = forms.ImageField(
        label=_("Letterhead image"), required=False, help_text=_("PNG or JPEG, printed across the top.")
    )
    signer_name = forms.CharField(label=_("Signer's name"), max_length=200)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=200)
    signature = forms.ImageField(label=_("Signature image"), required=False, help_text=_("PNG or JPEG."))
    body = forms.CharField(
        label=_("Body of the letter"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=lazy(_placeholders_help, str)(),
    )

    TRANSLATED = ("signer_title", "body")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_hindi_fields(self, self.TRANSLATED)

    def clean_body_hi(self):
        return self._check_placeholders(self.cleaned_data.get("body_hi") or "")

    def clean_body(self):
        return self._check_placeholders(self.cleaned_data["body"])

    def _check_placeholders(self, body):
        body = body.strip()
        unknown = unknown_placeholders(body)
        if unknown:
            raise forms.ValidationError(
                _("Unknown placeholders: %(names)s.") % {"names": ", ".join("{" + name + "}" for name in unknown)}
            )
        return body

    def _clean_image(self, name):
        image = self.cleaned_data.get(name)
        if image and getattr(image, "image", None) is not None and image.image.format not in ("PNG", "JPEG"):
            raise forms.ValidationError(_("Use a PNG or JPEG image."))
        if image and image.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The image is larger than 2 MB."))
        return image

    def clean_letterhead(self):
        return self._clean_image("letterhead")

    def clean_signature(self):
        return self._clean_image("signature")


class MemberLetterForm(LetterRequestForm):
    """A delegation lead's request for a roster member: ask them, or enter their data."""

    member = forms.TypedChoiceField(label=_("Member"), coerce=int)
    mode = forms.ChoiceField(
        label=_("How"),
        choices=[
            ("ask", _("Mail the member a link to enter their own passport data")),
            ("enter", _("I enter the member's passport data (they are told)")),
        ],
        widget=forms.RadioSelect,
        initial="ask",
    )
    field_order = ["member", "mode"]

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "—")] + list(members)
        self.asking = self.data.get("mode", "ask") != "enter"
        if self.asking:
            for name in self.fields:
                if name not in ("member", "mode"):
                    self.fields[name].required = False

    def clean(self):
        if self.asking:
            return forms.Form.clean(self)
        return super().clean()

    def clean_passport_name(self):
        return super().clean_passport_name() if not self.asking else ""

    def clean_passport_number(self):
        return super().clean_passport_number() if not self.asking else ""

    def clean_consulate(self):
        return super().clean_consulate() if not self.asking else ""
