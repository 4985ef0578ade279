"""Forms of the screening page: verify or revoke one registration's export-control facts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from conclave.formfields import IdChoiceField

from ..enums import IdDocument
from ..models import Registration
from .services import looks_like_document_number

REFERENCE_NUMBER_MESSAGE = _("Do not record document numbers. Describe what you saw, e.g. “passport shown at desk 2”.")


class _ScreeningForm(forms.Form):
    registration = IdChoiceField(queryset=Registration.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, summit, registration=None, **kwargs):
        # One form per row of the page: ids that say which row a field belongs to.
        if registration is not None:
            kwargs.setdefault("auto_id", f"id_%s_{registration.pk}")
            kwargs.setdefault("initial", {}).setdefault("registration", registration.pk)
        super().__init__(*args, **kwargs)
        # Only this summit's registrations can be chosen: another summit's id is not a valid choice.
        self.fields["registration"].queryset = Registration.objects.filter(summit=summit)


class VerifyEligibilityForm(_ScreeningForm):
    # The facts as the screener saw them; the service refuses if the attendee changed them since.
    facts = forms.CharField(widget=forms.HiddenInput, max_length=20)
    document = forms.ChoiceField(
        label=_("Document seen"),
        choices=[("", "—"), *IdDocument.choices],
        error_messages={"required": _("Choose the document you saw.")},
    )
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=200,
        help_text=_("Where and how you saw it, e.g. “passport shown at desk 2”. Never a document number."),
    )

    def __init__(self, *args, facts="", **kwargs):
        super().__init__(*args, **kwargs)
        if facts:
            self.initial.setdefault("facts", facts)

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        if looks_like_document_number(reference):
            raise forms.ValidationError(REFERENCE_NUMBER_MESSAGE, code="reference_is_number")
        return reference


class RevokeEligibilityForm(_ScreeningForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        error_messages={"required": _("Say why: the decision is recorded with its reason.")},
    )
