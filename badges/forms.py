from django import forms
from django.utils.translation import gettext_lazy as _

from conclave.formfields import MAX_ID, IdChoiceField, IdMultipleChoiceField
from summits.models import Registration, Session

from .enums import BadgeFormat, BatchSort, ListKind


class BatchForm(forms.Form):
    SCOPES = [
        ("all", _("All approved attendees")),
        ("category", _("One category")),
        ("delegation", _("One delegation")),
        ("not_printed", _("Not yet printed")),
        ("selected", _("Only the people ticked below")),
    ]
    scope = forms.ChoiceField(choices=SCOPES, initial="all", widget=forms.RadioSelect, label=_("Whom"))
    category = IdChoiceField(queryset=None, required=False, empty_label=_("Choose a category"), label=_("Category"))
    delegation = forms.ChoiceField(required=False, label=_("Delegation"))
    format = forms.ChoiceField(choices=BadgeFormat.choices, initial=BadgeFormat.BADGE, label=_("Format"))
    sort = forms.ChoiceField(choices=BatchSort.choices, initial=BatchSort.SURNAME, label=_("Sort"))
    cut_marks = forms.BooleanField(required=False, label=_("Print cut marks"))
    selected = IdMultipleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, summit, delegations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = summit.categories.all()
        self.fields["delegation"].choices = [("", _("Choose a delegation"))] + [(d, d) for d in delegations]
        self.fields["selected"].queryset = Registration.objects.filter(summit=summit, status="approved")

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == "category" and not data.get("category"):
            self.add_error("category", _("Choose the category to print."))
        if scope == "delegation" and not data.get("delegation"):
            self.add_error("delegation", _("Choose the delegation to print."))
        if scope == "selected" and not data.get("selected"):
            self.add_error("selected", _("Tick at least one person."))
        return data

    def filters(self):
        data = self.cleaned_data
        scope = data["scope"]
        return {
            "category": data["category"] if scope == "category" else None,
            "delegation": data["delegation"] if scope == "delegation" else "",
            "not_printed": scope == "not_printed",
            "ids": [r.pk for r in data["selected"]] if scope == "selected" else None,
            "sort": data["sort"],
        }

    def description(self):
        data = self.cleaned_data
        scope = dict(self.SCOPES)[data["scope"]]
        if data["scope"] == "category":
            scope = _("Category: %(name)s") % {"name": data["category"].name}
        elif data["scope"] == "delegation":
            scope = _("Delegation: %(name)s") % {"name": data["delegation"]}
        return f"{scope} · {BadgeFormat(data['format']).label}"


class ScanForm(forms.Form):
    code = forms.CharField(max_length=200, required=False, strip=False)
    registration = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    desk = forms.CharField(max_length=60, required=False, initial=_("Desk 1"), label=_("Desk"))
    session = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    list = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    # Lists that track exits: the desk scans people in or out.
    direction = forms.ChoiceField(choices=[("in", _("In")), ("out", _("Out"))], required=False)

    def clean(self):
        data = super().clean()
        if not data.get("code") and not data.get("registration") and not self.errors:
            raise forms.ValidationError(_("Scan a badge or type its code."))
        if data.get("direction") == "out" and not data.get("list"):
            raise forms.ValidationError(_("Choose a check-in list that records exits."))
        return data


def door_sessions(summit):
    return (
        Session.objects.filter(summit=summit).exclude(status="cancelled").select_related("room").order_by("starts_at")
    )


class StaffForm(forms.Form):
    email = forms.EmailField(label=_("Email of the staff member's account"), max_length=254)


class CollectAcknowledgementForm(forms.Form):
    """The desk's "accepted on paper" button: who, for which door, which version."""

    registration = forms.IntegerField(min_value=1, max_value=MAX_ID)
    session = forms.IntegerField(min_value=1, max_value=MAX_ID)
    version = forms.IntegerField(min_value=1, max_value=MAX_ID)
    desk = forms.CharField(max_length=60, required=False)


class CheckinListForm(forms.Form):
    """An organizer's new check-in list."""

    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Entrance"), choices=ListKind.choices, initial=ListKind.ENTRANCE)
    day = forms.DateField(
        label=_("Day (entrance lists)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    session = IdChoiceField(label=_("Session (door lists)"), queryset=None, required=False)
    categories = IdMultipleChoiceField(
        label=_("Categories that may enter (none ticked: all)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    allow_reentry = forms.BooleanField(label=_("Re-entry allowed (each entry is recorded)"), required=False)
    track_exits = forms.BooleanField(
        label=_("Exits are scanned (whoever left may come back in; the figures show who is inside)"), required=False
    )

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = door_sessions(summit)
        self.fields["categories"].queryset = summit.categories.all()
