"""Forms of the agenda builder and of session screening. Times are typed in the summit's zone."""

from datetime import date, datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from conclave.content_language import add_hindi_fields, hindi_values
from conclave.formfields import IdMultipleChoiceField
from conclave.timezones import fold_field, fold_number, fold_of, local_to_utc, repeated_time

from ..enums import RegistrationStatus, Restriction, SessionKind
from ..models import Registration, Room, Speaker, Track


class LocalTimesMixin:
    """Turns day + start_time (+ end_time) into starts_at / ends_at in UTC, with field errors.

    One `local_to_utc` for every app (conclave.timezones): a skipped time is refused at its field;
    a time that happens twice (clocks going back) is refused until the organizer chooses the first
    or the second occurrence with the radio buttons of `start_fold` / `end_fold`, shown under the
    time only then (`self.repeated`), and pre-selected on the edit page as the stored instant is.
    """

    FOLDS = {"start_time": "start_fold", "end_time": "end_fold"}

    def _setup_folds(self):
        self.repeated = {}  # time field name -> RepeatedTime
        if self.is_bound:
            return
        day = self.initial.get("day")
        for name in self.FOLDS:
            value = self.initial.get(name)
            if isinstance(day, date) and isinstance(value, time) and name in self.fields:
                self._note_repeated(name, datetime.combine(day, value))

    def _note_repeated(self, name, naive):
        repeated = repeated_time(naive, self.summit.timezone)
        if repeated is not None:
            self.repeated[name] = repeated
            self.fields[self.FOLDS[name]].choices = repeated.choices()
        return repeated

    def time_with_fold(self, name):
        """The bound time field, then its occurrence choice if the time happens twice."""
        yield self[name]
        if name in self.repeated:
            yield self[self.FOLDS[name]]

    def _to_utc(self, cleaned, name, naive):
        repeated = self._note_repeated(name, naive)
        fold = None
        if repeated is not None:
            fold = fold_number(cleaned.get(self.FOLDS[name]))
            if fold is None:
                self.add_error(name, ValidationError(repeated.message, code="ambiguous_time"))
                return None
        try:
            return local_to_utc(naive, self.summit.timezone, fold=fold)
        except ValidationError as error:
            self.add_error(name, error)
            return None

    def clean_local_times(self, cleaned, *, duration=None):
        day, start = cleaned.get("day"), cleaned.get("start_time")
        end = cleaned.get("end_time")
        if day is None or start is None:
            return cleaned
        starts_at = self._to_utc(cleaned, "start_time", datetime.combine(day, start))
        ends_at = self._to_utc(cleaned, "end_time", datetime.combine(day, end)) if end is not None else None
        if starts_at is None:
            return cleaned
        cleaned["starts_at"] = starts_at
        if duration is not None:
            cleaned["ends_at"] = starts_at + duration
        elif ends_at is not None:
            if ends_at <= starts_at:  # instants: 01:30 EDT–01:15 EST is 45 minutes
                self.add_error("end_time", _("The session must end after it starts (on the same day)."))
            else:
                cleaned["ends_at"] = ends_at
        return cleaned


class SessionForm(LocalTimesMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices, initial=SessionKind.ROUNDTABLE)
    room = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.none(), required=False, empty_label=_("— no room —")
    )
    day = forms.DateField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("In the summit's time zone.")
    )
    start_time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    start_fold = fold_field(_("Which start time?"))
    end_time = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_fold = fold_field(_("Which end time?"))
    track = forms.ModelChoiceField(label=_("Track"), queryset=Track.objects.none(), required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, required=False, help_text=_("Seats. Empty: the room's capacity.")
    )
    needs_signup = forms.BooleanField(required=False, label=_("Attendees sign up (limited seats, waiting list)"))
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=10000
    )
    speakers = IdMultipleChoiceField(label=_("Speakers"), queryset=Speaker.objects.none(), required=False)
    moderators = IdMultipleChoiceField(label=_("Moderators"), queryset=Speaker.objects.none(), required=False)
    restriction = forms.ChoiceField(choices=Restriction.choices, initial=Restriction.OPEN, label=_("Who may attend"))
    allowed_countries = forms.MultipleChoiceField(
        label=_("Allowed countries"),
        # A callable: the names are read in the language of each request.
        choices=lambda: list(countries),
        required=False,
        help_text=_("For “citizens of listed countries only”."),
    )
    save_anyway = forms.BooleanField(required=False, label=_("Save anyway, despite the conflicts listed above"))

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.summit = summit
        self.fields["day"].help_text = _("In %(zone)s.") % {"zone": summit.timezone}
        self.fields["room"].queryset = Room.objects.filter(summit=summit)
        self.fields["room"].error_messages["invalid_choice"] = _("Choose one of this summit's rooms.")
        self.fields["track"].queryset = Track.objects.filter(summit=summit)
        self.fields["track"].error_messages["invalid_choice"] = _("Choose one of this summit's tracks.")
        for name in ("speakers", "moderators"):
            self.fields[name].queryset = Speaker.objects.filter(summit=summit)
            self.fields[name].error_messages["invalid_choice"] = (
                _("Choose speakers of this summit.") if name == "speakers" else _("Choose moderators of this summit.")
            )
            self.fields[name].widget.attrs["size"] = 6
        add_hindi_fields(self, self.TRANSLATED)
        self._setup_folds()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("restriction") == Restriction.COUNTRIES and not cleaned.get("allowed_countries"):
            self.add_error("allowed_countries", _("List the countries whose citizens may attend."))
        if cleaned.get("capacity") and not cleaned.get("needs_signup"):
            # Without sign-ups nothing counts seats: a capacity alone would silently limit nothing.
            self.add_error("capacity", _("A seat limit needs sign-ups: tick “Attendees sign up”, or leave this empty."))
        return self.clean_local_times(cleaned)

    TRANSLATED = ("title", "description")

    def session_values(self):
        """Keyword arguments for create_session / reschedule_session."""
        data = self.cleaned_data
        return {
            **hindi_values(data, self.TRANSLATED),
            "title": data["title"],
            "kind": data["kind"],
            "room": data["room"],
            "track": data["track"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "capacity": data["capacity"],
            "needs_signup": data["needs_signup"],
            "description": data["description"],
            "restriction": data["restriction"],
            "allowed_countries": data["allowed_countries"] if data["restriction"] == Restriction.COUNTRIES else [],
            "speakers": list(data["speakers"]),
            "moderators": list(data["moderators"]),
            "save_anyway": data["save_anyway"],
        }

    @classmethod
    def initial_for(cls, session):
        tz = session.summit.tz
        return {
            # The English originals, also on a page in Hindi; the Hindi beside them.
            "title": session.title_en,
            "title_hi": session.title_hi or "",
            "description_hi": session.description_hi or "",
            "kind": session.kind,
            "room": session.room_id,
            "day": session.starts_at.astimezone(tz).date(),
            "start_time": session.starts_at.astimezone(tz).time(),
            "start_fold": fold_of(session.starts_at, session.summit.timezone) or "",
            "end_time": session.ends_at.astimezone(tz).time(),
            "end_fold": fold_of(session.ends_at, session.summit.timezone) or "",
            "track": session.track_id,
            "capacity": session.capacity,
            "needs_signup": session.needs_signup,
            "description": session.description_en,
            "speakers": [s.pk for s in session.speakers.all()],
            "moderators": [m.pk for m in session.moderators.all()],
            "restriction": session.restriction,
            "allowed_countries": [c.code for c in session.allowed_countries],
        }

    def core_fields(self):
        """The fields of "when and where", each occurrence choice under its time only when that time happens twice."""
        return [
            *(self[n] for n in ("title", "title_hi", "kind", "room", "day")),
            *self.time_with_fold("start_time"),
            *self.time_with_fold("end_time"),
            *(self[n] for n in ("track", "capacity")),
        ]

    def detail_fields(self):
        return [self[n] for n in ("needs_signup", "description", "description_hi", "speakers", "moderators")]

    def access_fields(self):
        return [self[n] for n in ("restriction", "allowed_countries")]


class MoveForm(LocalTimesMixin, forms.Form):
    """Drag and drop (or a quick move): a new room and start; the length stays."""

    room = forms.ModelChoiceField(queryset=Room.objects.none())
    day = forms.DateField()
    start_time = forms.TimeField()
    start_fold = fold_field(_("Which start time?"))
    save_anyway = forms.BooleanField(required=False)

    def __init__(self, *args, summit, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.summit, self.session = summit, session
        self._setup_folds()
        self.fields["room"].queryset = Room.objects.filter(summit=summit)
        self.fields["room"].error_messages["invalid_choice"] = _("Choose one of this summit's rooms.")

    def clean(self):
        cleaned = super().clean()
        return self.clean_local_times(cleaned, duration=self.session.ends_at - self.session.starts_at)


class ScreeningForm(forms.Form):
    DECISIONS = [("clear", _("Clear for this session")), ("deny", _("Do not clear"))]
    registration = forms.ModelChoiceField(label=_("Registration"), queryset=Registration.objects.none())
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    reason = forms.CharField(label=_("Reason"), max_length=300, help_text=_("Recorded with your name and the time."))

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = Registration.objects.filter(
            summit=summit, status=RegistrationStatus.APPROVED
        )
        self.fields["registration"].error_messages["invalid_choice"] = _("Choose an approved attendee of this summit.")
        self.fields["registration"].label_from_instance = lambda r: f"{r.badge_name} · {r.organisation}"
