"""Forms of acknowledgements: the organizer's texts and sessions, and the attendee's tick box."""

from django import forms
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from conclave.content_language import add_hindi_fields
from conclave.formfields import MAX_ID, IdChoiceField

from ..enums import Restriction
from ..models import AcknowledgementVersion, Session

TEXT_WIDGET = forms.Textarea(attrs={"rows": 12})


class AcknowledgementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example “ITAR/EAR notice” or “NDA”."))
    text = forms.CharField(
        label=_("Text people accept"), widget=TEXT_WIDGET, max_length=20000, help_text=_("Published as version 1.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_hindi_fields(self, ("title", "text"))


class VersionForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the new version"),
        widget=TEXT_WIDGET,
        max_length=20000,
        help_text=_("Everyone signed up for its sessions is asked to accept it again."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_hindi_fields(self, ("text",))


class AttachForm(forms.Form):
    session = IdChoiceField(label=_("Restricted session"), queryset=Session.objects.none())

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        field.queryset = Session.objects.filter(summit=summit).exclude(restriction=Restriction.OPEN)
        field.error_messages["invalid_choice"] = _("Choose one of this summit's restricted sessions.")
        field.label_from_instance = lambda s: f"{date_format(s.local_start, 'd M H:i')} · {s.title}"


class AcceptForm(forms.Form):
    """The tick box of the sign-up. Required or not is the service's decision, not the form's."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_ID)
    accept = forms.BooleanField(label=_("I have read and accept this acknowledgement"), required=False)

    def ticked_version_id(self):
        """The id of the version the person ticked, or None; the sign-up checks it against the session."""
        if not self.is_valid() or not self.cleaned_data["accept"]:
            return None
        return self.cleaned_data["version"] or None

    def accepted_version(self, session):
        """The version the person ticked, if it is one of the session's acknowledgement's versions."""
        if not self.is_valid() or not self.cleaned_data["accept"] or not self.cleaned_data["version"]:
            return None
        return AcknowledgementVersion.objects.filter(
            pk=self.cleaned_data["version"], acknowledgement_id=session.acknowledgement_id
        ).first()
