"""The message form: a segment (status, category, delegation, session, checked in) and the mail."""

from django import forms
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from conclave.formfields import IdChoiceField
from delegations.models import Delegation

from ..enums import RegistrationStatus
from ..models import RegistrationCategory, Session
from .segments import Segment


class SessionField(IdChoiceField):
    def label_from_instance(self, obj):
        return f"{date_format(obj.local_start, 'D d M H:i')} · {obj.title}"


class MessageForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Registration status"),
        required=False,
        choices=[("", _("Any active (pending, approved, waiting list)"))] + list(RegistrationStatus.choices),
    )
    category = IdChoiceField(
        label=_("Category"), queryset=RegistrationCategory.objects.none(), required=False, empty_label=_("Any")
    )
    delegation = IdChoiceField(
        label=_("Delegation"), queryset=Delegation.objects.none(), required=False, empty_label=_("Any")
    )
    session = SessionField(
        label=_("Signed up for the session"), queryset=Session.objects.none(), required=False, empty_label=_("Any")
    )
    checked_in = forms.ChoiceField(
        label=_("Checked in"),
        required=False,
        choices=[("", _("Either")), ("yes", _("Checked in")), ("no", _("Not checked in"))],
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = RegistrationCategory.objects.filter(summit=summit)
        self.fields["delegation"].queryset = Delegation.objects.filter(summit=summit).order_by("name")
        self.fields["session"].queryset = Session.objects.filter(summit=summit).select_related("summit")

    def clean_subject(self):
        # One header line: a newline typed (or pasted) would be refused by the mailer.
        return " ".join(self.cleaned_data["subject"].split())

    def segment(self):
        data = self.cleaned_data
        return Segment(
            status=data["status"],
            category=data["category"],
            delegation=data["delegation"],
            session=data["session"],
            checked_in=data["checked_in"],
        )

    def segment_fields(self):
        return [self[n] for n in ("status", "category", "delegation", "session", "checked_in")]

    def mail_fields(self):
        return [self["subject"], self["body"]]
