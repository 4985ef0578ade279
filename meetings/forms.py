"""Forms of the matchmaking app: thin, they parse; the services decide."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from conclave.formfields import IdChoiceField, IdMultipleChoiceField
from conclave.timezones import fold_field, fold_number, local_to_utc, repeated_time

from .enums import Priority, Stage
from .models import MeetingTable, Profile, TechArea

STAGE_FILTER = [("", _("Any stage"))] + list(Stage.choices)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = [
            "opted_in",
            "stage",
            "country",
            "offers",
            "offer_areas",
            "seeks",
            "seek_areas",
            "show_organisation",
            "show_email",
            "meeting_cap",
        ]
        widgets = {
            "offers": forms.Textarea(attrs={"rows": 3}),
            "seeks": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        areas = TechArea.objects.filter(summit=summit)
        for name in ("offer_areas", "seek_areas"):
            field = IdMultipleChoiceField(
                queryset=areas, required=False, widget=forms.CheckboxSelectMultiple, label=self.fields[name].label
            )
            self.fields[name] = field
        self.fields["meeting_cap"].widget.attrs["max"] = 50
        self.fields["meeting_cap"].validators.append(_at_most(50))


def _at_most(n):
    def check(value):
        if value is not None and value > n:
            raise ValidationError(_("At most %(n)d.") % {"n": n}, code="max_value")

    return check


class DirectoryFilterForm(forms.Form):
    area = IdChoiceField(queryset=TechArea.objects.none(), required=False, empty_label=_("Any area"), label=_("Area"))
    stage = forms.ChoiceField(choices=STAGE_FILTER, required=False, label=_("Stage"))
    country = CountryField(blank=True, blank_label=_("Any country")).formfield(required=False, label=_("Country"))

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = TechArea.objects.filter(summit=summit)


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))], label=_("Answer"))


class RepeatedHourMixin:
    """Wall-clock times typed in the summit's zone → UTC through conclave.timezones.local_to_utc.

    A skipped time (clocks going forward) is refused at its field. A time that happens twice
    (clocks going back) is refused at its field until the person chooses the first or the second
    occurrence with the radio buttons of its fold field, shown under the time only then
    (`display_fields`), labelled with each occurrence's offset and UTC time.
    """

    FOLDS = {}  # time field -> its fold field

    def display_fields(self):
        """Every field in order, each occurrence choice under its time only when that time happens twice."""
        repeated = getattr(self, "repeated", {})
        for name in self.fields:
            if name in self.FOLDS.values():
                continue
            yield self[name]
            if name in repeated:
                yield self[self.FOLDS[name]]

    def to_utc(self, name, naive):
        """The UTC instant of `naive` typed in field `name`, or None with the error at that field."""
        self.repeated = getattr(self, "repeated", {})
        repeated = repeated_time(naive, self.summit.timezone)
        fold = None
        if repeated is not None:
            self.repeated[name] = repeated
            self.fields[self.FOLDS[name]].choices = repeated.choices()
            fold = fold_number(self.cleaned_data.get(self.FOLDS[name]))
            if fold is None:
                self.add_error(name, ValidationError(repeated.message, code="ambiguous_time"))
                return None
        try:
            return local_to_utc(naive, self.summit.timezone, fold=fold)
        except ValidationError as error:
            self.add_error(name, error)
            return None


class LocalSpanForm(RepeatedHourMixin, forms.Form):
    """A day and two wall-clock times in the summit's zone."""

    FOLDS = {"start": "start_fold", "end": "end_fold"}

    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    start_fold = fold_field(_("Which start time?"))
    end = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_fold = fold_field(_("Which end time?"))

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.summit = summit

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if day and start and end:
            starts_at = self.to_utc("start", datetime.combine(day, start))
            ends_at = self.to_utc("end", datetime.combine(day, end))
            if starts_at is None or ends_at is None:
                return cleaned
            cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
            if ends_at <= starts_at:  # instants: 01:30 EDT–01:15 EST is 45 minutes
                self.add_error("end", _("The end must be after the start."))
        return cleaned


class UnavailabilityForm(LocalSpanForm):
    note = forms.CharField(label=_("Note"), max_length=120, required=False)


class BlockForm(LocalSpanForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    slot_minutes = forms.IntegerField(label=_("Slot length (minutes)"), min_value=5, max_value=240)
    buffer_minutes = forms.IntegerField(label=_("Buffer between slots (minutes)"), min_value=0, max_value=60, initial=0)
    tables = IdMultipleChoiceField(
        queryset=MeetingTable.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Tables")
    )

    field_order = ["name", "day", "start", "start_fold", "end", "end_fold", "slot_minutes", "buffer_minutes", "tables"]

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, summit=summit, **kwargs)
        self.fields["tables"].queryset = MeetingTable.objects.filter(summit=summit)


class RulesForm(RepeatedHourMixin, forms.Form):
    FOLDS = {"deadline_time": "deadline_fold"}

    deadline_day = forms.DateField(
        label=_("Requests expire on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    deadline_time = forms.TimeField(
        label=_("at (summit time)"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    deadline_fold = fold_field(_("Which time?"))
    min_per_startup = forms.IntegerField(
        label=_("Minimum meetings per startup, if possible"), min_value=0, max_value=20, initial=0
    )
    max_per_person = forms.IntegerField(
        label=_("Maximum meetings per person"), min_value=1, max_value=50, required=False
    )

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.summit = summit
        day, time = self.initial.get("deadline_day"), self.initial.get("deadline_time")
        if not self.is_bound and day and time:  # the saved deadline in a repeated hour: its choice shows, made
            repeated = repeated_time(datetime.combine(day, time), summit.timezone)
            if repeated is not None:
                self.repeated = {"deadline_time": repeated}
                self.fields["deadline_fold"].choices = repeated.choices()

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("deadline_day"), cleaned.get("deadline_time")
        cleaned["request_deadline"] = None
        if day and time:
            cleaned["request_deadline"] = self.to_utc("deadline_time", datetime.combine(day, time))
        elif day or time:
            self.add_error("deadline_time", _("Give both the day and the time, or neither."))
        return cleaned


class AreasForm(forms.Form):
    names = forms.CharField(
        label=_("Technology areas, one per line"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )

    def clean_names(self):
        names = [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]
        if any(len(n) > 120 for n in names):
            raise ValidationError(_("An area name has at most 120 characters."))
        return names


class TablesForm(forms.Form):
    count = forms.IntegerField(label=_("Number of tables"), min_value=1, max_value=200)
    reserved_count = forms.IntegerField(label=_("Of which reserved (the first ones)"), min_value=0, max_value=200)
    reserved_stage = forms.ChoiceField(
        choices=[("", "—")] + list(Stage.choices), required=False, label=_("Reserved for")
    )

    def clean(self):
        cleaned = super().clean()
        count, reserved = cleaned.get("count"), cleaned.get("reserved_count")
        if count is not None and reserved is not None and reserved > count:
            self.add_error("reserved_count", _("More reserved tables than tables."))
        if reserved and not cleaned.get("reserved_stage"):
            self.add_error("reserved_stage", _("Choose the stage the reserved tables are for."))
        return cleaned


class RunForm(forms.Form):
    keep_confirmed = forms.BooleanField(label=_("Keep confirmed meetings where they are"), required=False, initial=True)
    time_limit = forms.IntegerField(label=_("Time limit (seconds)"), min_value=1, max_value=120, initial=20)


class MoveForm(forms.Form):
    slot = forms.ChoiceField(label=_("Time"))
    table = IdChoiceField(queryset=MeetingTable.objects.none(), label=_("Table"))
    pin = forms.BooleanField(label=_("Pin it here"), required=False, initial=True)

    def __init__(self, *args, summit, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = MeetingTable.objects.filter(summit=summit)
        self.fields["slot"].choices = slots
