"""Itinerary forms: items and site visits, their wall-clock times typed in their own zones."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from conclave.formfields import IdMultipleChoiceField
from conclave.timezones import (
    fold_field,
    fold_number,
    fold_of,
    local_datetime_field,
    local_to_utc,
    repeated_time,
    typed_wall_clock,
    utc_to_local_naive,
)
from summits.models import TIMEZONE_CHOICES, Session

from ..enums import ItemKind, OrganisationKind
from ..models import Membership, Organisation, ScoutingTrip
from ..queries import active_members_with_badge_names, linkable_sessions, person_name

ZONE_CHOICES = [("", "—")] + TIMEZONE_CHOICES


class ParticipantsField(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        name = getattr(obj, "badge_name", None) or person_name(obj.user)
        return _("%(name)s (%(role)s)") % {"name": name, "role": obj.get_role_display()}


class SessionChoiceField(forms.ModelChoiceField):
    """Summit sessions by local time; a restricted session the chooser may not see is "Closed session"."""

    access = None

    def label_from_instance(self, obj):
        when = date_format(obj.starts_at.astimezone(obj.summit.tz), "D d M H:i")
        if self.access is not None and self.access.can_see(obj):
            return f"{when} · {obj.title}"
        if obj.room:
            return _("%(when)s · Closed session (%(room)s)") % {"when": when, "room": obj.room.name}
        return _("%(when)s · Closed session") % {"when": when}


class ItemTimesMixin:
    """Wall-clock times typed in their own zones → UTC; errors land on the field they concern.

    A time that happens twice in its zone (the hour repeated when clocks go back) is refused until
    the person chooses which occurrence they mean, with the radio buttons of `start_fold` /
    `end_fold`; those appear under the time only then (`self.repeated`). An unbound form built
    with `initial` (the edit page) shows them too, pre-selected as the stored instant is.
    """

    TIME_FIELDS = (("starts_at", "start_fold"), ("ends_at", "end_fold"))

    def _setup_folds(self):
        self.repeated = {}  # time field name -> RepeatedTime
        if not self.is_bound:
            for name, tz_name in (("starts_at", "start_tz"), ("ends_at", self._end_zone_field())):
                value, tz = self.initial.get(name), self.initial.get(tz_name) or self.initial.get("start_tz")
                if isinstance(value, datetime) and tz:
                    self._note_repeated(name, typed_wall_clock(value), tz)

    def _end_zone_field(self):
        return "end_tz" if "end_tz" in self.fields else "start_tz"

    def _note_repeated(self, name, naive, tz_name):
        repeated = repeated_time(naive, tz_name)
        if repeated is not None:
            self.repeated[name] = repeated
            self.fields[dict(self.TIME_FIELDS)[name]].choices = repeated.choices()
        return repeated

    def time_with_fold(self, name):
        """The bound time field, then its occurrence choice if the time happens twice."""
        yield self[name]
        if name in self.repeated:
            yield self[dict(self.TIME_FIELDS)[name]]

    def _to_utc(self, cleaned, name, tz_name):
        naive = typed_wall_clock(cleaned[name])
        fold_name = dict(self.TIME_FIELDS)[name]
        try:
            repeated = self._note_repeated(name, naive, tz_name)
            fold = None
            if repeated is not None:
                fold = fold_number(cleaned.get(fold_name))
                if fold is None:
                    self.add_error(name, ValidationError(repeated.message, code="ambiguous_time"))
                    return
            cleaned[name] = local_to_utc(naive, tz_name, field=name, fold=fold)
        except ValidationError as error:
            self.add_error(None, error)

    def clean_times(self, cleaned, *, needs_times=True):
        end = cleaned.get("ends_at")
        start_tz, end_tz = cleaned.get("start_tz"), cleaned.get("end_tz") or cleaned.get("start_tz")
        if not needs_times:
            return cleaned
        for name in ("starts_at", "ends_at", "start_tz"):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("This field is required."))
        zone_ok = {
            "starts_at": "start_tz" not in self.errors,
            "ends_at": not ({"start_tz", "end_tz"} & set(self.errors)),
        }
        for name, tz_name in (("starts_at", start_tz), ("ends_at", end_tz)):
            if name not in self.errors and zone_ok[name] and cleaned.get(name) and tz_name:
                self._to_utc(cleaned, name, tz_name)
        if any(name in self.errors for name in ("starts_at", "ends_at", "start_tz", "end_tz")):
            return cleaned
        if cleaned["ends_at"] < cleaned["starts_at"]:
            self.add_error(
                "ends_at",
                _(
                    "This ends before it starts: %(end)s in %(zone)s is %(end_utc)s UTC, "
                    "before the start at %(start_utc)s UTC."
                )
                % {
                    "end": date_format(typed_wall_clock(end), "d M H:i"),
                    "zone": end_tz,
                    "end_utc": date_format(cleaned["ends_at"], "d M H:i"),
                    "start_utc": date_format(cleaned["starts_at"], "d M H:i"),
                },
            )
        return cleaned


class ItemForm(ItemTimesMixin, forms.Form):
    kind = forms.ChoiceField(choices=[c for c in ItemKind.choices if c[0] != ItemKind.SITE_VISIT], label=_("Kind"))
    title = forms.CharField(
        max_length=250, required=False, label=_("Title"), help_text=_("e.g. AI 104 Washington–Delhi")
    )
    session = SessionChoiceField(
        queryset=Session.objects.none(),
        required=False,
        label=_("Session"),
        help_text=_("For a summit session: its time and room follow."),
        error_messages={"invalid_choice": _("Choose one of the sessions in the list.")},
    )
    starts_at = local_datetime_field(_("Starts (local)"), required=False)
    start_fold = fold_field(_("Which start time?"))
    start_tz = forms.ChoiceField(choices=ZONE_CHOICES, required=False, label=_("Start time zone"))
    ends_at = local_datetime_field(_("Ends (local)"), required=False)
    end_fold = fold_field(_("Which end time?"))
    end_tz = forms.ChoiceField(
        choices=ZONE_CHOICES,
        required=False,
        label=_("End time zone"),
        help_text=_("A flight's arrival zone (required)."),
    )
    start_place = forms.CharField(max_length=200, required=False, label=_("From (airport or station)"))
    end_place = forms.CharField(max_length=200, required=False, label=_("To (airport or station)"))
    location = forms.CharField(max_length=200, required=False, label=_("Location"))
    address = forms.CharField(max_length=300, required=False, label=_("Address"))
    contact = forms.CharField(max_length=300, required=False, label=_("Contact"))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Notes"))
    everyone = forms.BooleanField(required=False, initial=True, label=_("For the whole delegation"))
    participants = ParticipantsField(
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Participants"),
        help_text=_("If not for everyone: who."),
    )

    # What an item says in its own words, which could name the session it links: withheld (neither
    # shown nor overwritten) from a reader who may not see that session.
    WITHHELD_FIELDS = ("title", "start_place", "end_place", "location", "address", "contact", "notes")
    # A linked session brings its own times, so these say nothing on such an item.
    OWN_TIME_FIELDS = ("starts_at", "start_fold", "start_tz", "ends_at", "end_fold", "end_tz")

    def __init__(self, *args, delegation, access, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.delegation = delegation
        linked = item.session if item is not None and item.session_id else None
        # Only sessions the chooser may see are choices (a posted closed id is an invalid choice);
        # an item's own linked session stays one, so that saving keeps it.
        self.fields["session"].queryset = linkable_sessions(delegation.summit_id, access, keep=linked)
        self.fields["session"].access = access
        self.fields["participants"].queryset = active_members_with_badge_names(delegation)
        self.closed = linked is not None and not access.can_see(linked)
        if self.closed:
            self._close(linked)
        else:
            self._setup_folds()

    def _close(self, linked):
        """The item links a session the chooser may not see: only who goes stays editable."""
        for name in self.WITHHELD_FIELDS + self.OWN_TIME_FIELDS:
            del self.fields[name]
            self.initial.pop(name, None)
        self.repeated = {}
        self.fields["kind"].disabled = self.fields["session"].disabled = True
        self.fields["kind"].initial, self.fields["session"].initial = ItemKind.SESSION, linked.pk
        self.fields["session"].help_text = _(
            "A closed session: its details, notes and contact are withheld. You can change who goes."
        )

    @classmethod
    def initial_for(cls, item):
        initial = {name: getattr(item, name) for name in cls.base_fields if hasattr(item, name)}
        initial["session"] = item.session_id
        initial["starts_at"] = utc_to_local_naive(item.starts_at, item.start_tz)
        initial["ends_at"] = utc_to_local_naive(item.ends_at, item.arrival_tz)
        initial["start_fold"] = fold_of(item.starts_at, item.start_tz) or ""
        initial["end_fold"] = fold_of(item.ends_at, item.arrival_tz) or ""
        initial["end_tz"] = item.end_tz
        initial["participants"] = [m.pk for m in item.participants.all()]
        return initial

    def display_fields(self):
        """Every field in order, each occurrence choice under its time only when that time happens twice."""
        for name in self.fields:
            if name in ("start_fold", "end_fold"):
                continue
            if name in ("starts_at", "ends_at"):
                yield from self.time_with_fold(name)
            else:
                yield self[name]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ItemKind.SESSION:
            if not cleaned.get("session") and "session" not in self.errors:
                self.add_error("session", _("Choose the summit session."))
            return cleaned
        cleaned["session"] = None
        if kind == ItemKind.FLIGHT and not cleaned.get("end_tz"):
            self.add_error("end_tz", _("A flight needs its arrival time zone."))
        if kind == ItemKind.FLIGHT and not cleaned.get("title"):
            self.add_error("title", _("Give the flight number."))
        return self.clean_times(cleaned)

    def item_fields(self):
        data = self.cleaned_data
        fields = {
            name: data.get(name)
            for name in [
                "kind",
                "title",
                "start_place",
                "end_place",
                "location",
                "address",
                "contact",
                "notes",
                "everyone",
                "session",
            ]
            if name in self.fields  # a withheld field is kept as stored
        }
        if data.get("kind") != ItemKind.SESSION:
            fields.update(
                starts_at=data["starts_at"], ends_at=data["ends_at"], start_tz=data["start_tz"], end_tz=data["end_tz"]
            )
        return fields


class SiteVisitForm(ItemTimesMixin, forms.Form):
    trip = forms.ModelChoiceField(queryset=ScoutingTrip.objects.none(), required=False, label=_("Scouting trip"))
    new_trip_name = forms.CharField(max_length=200, required=False, label=_("…or a new trip: name"))
    new_trip_city = forms.CharField(max_length=120, required=False, label=_("New trip: city"))
    host = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False, label=_("Host organisation"))
    new_host_name = forms.CharField(max_length=200, required=False, label=_("…or a new host: name"))
    new_host_kind = forms.ChoiceField(choices=[("", "—")] + OrganisationKind.choices, required=False, label=_("Kind"))
    new_host_city = forms.CharField(max_length=120, required=False, label=_("City"))
    new_host_country = CountryField(blank=True).formfield(label=_("Country"), required=False)
    new_host_website = forms.URLField(required=False, label=_("Website"))
    new_host_technology = forms.CharField(max_length=300, required=False, label=_("Technology areas"))
    starts_at = local_datetime_field(_("Starts (local)"))
    start_fold = fold_field(_("Which start time?"))
    ends_at = local_datetime_field(_("Ends (local)"))
    end_fold = fold_field(_("Which end time?"))
    start_tz = forms.ChoiceField(choices=ZONE_CHOICES, label=_("Time zone"))
    address = forms.CharField(max_length=300, label=_("Address"))
    contact = forms.CharField(max_length=300, required=False, label=_("Contact"))
    requires_id = forms.BooleanField(required=False, initial=True, label=_("Visitors must show a passport or ID"))
    citizenship_details = forms.BooleanField(required=False, label=_("The host needs citizenship details in advance"))
    advance_notice_days = forms.IntegerField(min_value=0, max_value=365, initial=0, label=_("Advance notice (days)"))
    access_notes = forms.CharField(max_length=300, required=False, label=_("Other access requirements"))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Notes"))
    everyone = forms.BooleanField(required=False, initial=True, label=_("The whole delegation goes"))
    participants = ParticipantsField(
        queryset=Membership.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Who goes")
    )

    def __init__(self, *args, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.delegation = delegation
        self.fields["trip"].queryset = ScoutingTrip.objects.filter(delegation=delegation)
        self.fields["participants"].queryset = active_members_with_badge_names(delegation)
        self._setup_folds()

    @classmethod
    def initial_for(cls, visit):
        item = visit.item
        initial = {
            name: getattr(visit, name)
            for name in ["requires_id", "citizenship_details", "advance_notice_days", "access_notes"]
        }
        initial.update(
            trip=visit.trip_id,
            host=visit.host_id,
            starts_at=utc_to_local_naive(item.starts_at, item.start_tz),
            ends_at=utc_to_local_naive(item.ends_at, item.start_tz),
            start_fold=fold_of(item.starts_at, item.start_tz) or "",
            end_fold=fold_of(item.ends_at, item.start_tz) or "",
            start_tz=item.start_tz,
            address=item.address,
            contact=item.contact,
            notes=item.notes,
            everyone=item.everyone,
            participants=[m.pk for m in item.participants.all()],
        )
        return initial

    def _group(self, names):
        return [self[name] for name in names]

    def trip_fields(self):
        return self._group(["trip", "new_trip_name", "new_trip_city"])

    def host_fields(self):
        return self._group([n for n in self.fields if n == "host" or n.startswith("new_host")])

    def when_fields(self):
        return [
            *self.time_with_fold("starts_at"),
            *self.time_with_fold("ends_at"),
            *self._group(["start_tz", "address", "contact", "notes", "everyone", "participants"]),
        ]

    def access_fields(self):
        return self._group(["requires_id", "citizenship_details", "advance_notice_days", "access_notes"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("trip") and not (cleaned.get("new_trip_name") and cleaned.get("new_trip_city")):
            self.add_error("trip", _("Choose a scouting trip, or name a new one and its city."))
        if not cleaned.get("host"):
            for name in ("new_host_name", "new_host_kind", "new_host_city", "new_host_country"):
                if not cleaned.get(name):
                    self.add_error(name, _("Needed for a new host organisation (or choose one above)."))
        cleaned["end_tz"] = ""
        return self.clean_times(cleaned)


class VisitOutcomeForm(forms.Form):
    visit_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, label=_("Notes"))
    follow_ups = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label=_("Follow-ups"),
        help_text=_("One follow-up per line."),
    )
