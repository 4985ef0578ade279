"""The summit form (new summit and settings): wall-clock registration times in the summit's zone."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conclave.content_language import add_hindi_fields, hindi_values
from conclave.formfields import IdChoiceField
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

from ..enums import SummitStatus
from ..models import TIMEZONE_CHOICES, Summit

# Paths beside /summits/<slug>/ that a slug must not shadow.
RESERVED_SLUGS = {"new", "import", "team-invitations"}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def summit_end_utc(end_date, tz_name):
    """The instant the summit's last day ends (midnight after it, in the summit's zone)."""
    midnight = datetime.combine(end_date + timedelta(days=1), time(0))
    return midnight.replace(tzinfo=zoneinfo.ZoneInfo(tz_name)).astimezone(UTC)


class SummitForm(forms.Form):
    """The fields `/summits/new/` asks for; the two registration times are typed in the summit's zone."""

    TIME_FIELDS = (("registration_opens", "opens_fold"), ("registration_closes", "closes_fold"))

    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Web address"), max_length=80, help_text=_("Letters, digits and hyphens: /summits/<this>/.")
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=[("", "—")] + TIMEZONE_CHOICES)
    starts_on = forms.DateField(label=_("First day"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE_WIDGET)
    city = forms.CharField(label=_("City"), max_length=120)
    venue = forms.CharField(label=_("Venue"), max_length=200)
    registration_opens = local_datetime_field(_("Registration opens"))
    opens_fold = fold_field(_("Which opening time?"))
    registration_closes = local_datetime_field(_("Registration closes"))
    closes_fold = fold_field(_("Which closing time?"))

    def __init__(self, *args, summit=None, **kwargs):
        self.summit = summit
        self.repeated = {}
        if summit is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from(summit)
        super().__init__(*args, **kwargs)
        for name in ("registration_opens", "registration_closes"):
            self.fields[name].help_text = _("Wall-clock time in the summit's time zone.")
        if not self.is_bound and summit is not None:
            for name, _fold in self.TIME_FIELDS:
                self._note_repeated(name, self.initial[name], summit.timezone)

    def full_clean(self):
        # Typed times are parsed in UTC and then read back as wall-clock times (typed_wall_clock):
        # parsed in the summit's zone, Django itself would refuse the repeated and skipped hours.
        with timezone.override(UTC):
            super().full_clean()

    def _note_repeated(self, name, naive, tz_name):
        repeated = repeated_time(naive, tz_name)
        if repeated is not None:
            self.repeated[name] = repeated
            self.fields[dict(self.TIME_FIELDS)[name]].choices = repeated.choices()
        return repeated

    def ordered_fields(self):
        """The visible fields in order; a fold choice only under a time that happens twice."""
        folds = dict(self.TIME_FIELDS)
        for bound in self.visible_fields():
            if bound.name in folds.values():
                continue
            yield bound
            if bound.name in self.repeated:
                yield self[folds[bound.name]]

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("“%(slug)s” is reserved; choose another."), params={"slug": slug})
        taken = Summit.objects.filter(slug=slug)
        if self.summit is not None:
            taken = taken.exclude(pk=self.summit.pk)
        if taken.exists():
            raise ValidationError(_("Another summit already uses “%(slug)s”."), params={"slug": slug})
        return slug

    def _to_utc(self, cleaned, name, tz_name):
        naive = typed_wall_clock(cleaned[name])
        repeated = self._note_repeated(name, naive, tz_name)
        fold = None
        if repeated is not None:
            fold = fold_number(cleaned.get(dict(self.TIME_FIELDS)[name]))
            if fold is None:
                self.add_error(name, ValidationError(repeated.message, code="ambiguous_time"))
                return
        try:
            cleaned[name] = local_to_utc(naive, tz_name, field=name, fold=fold)
        except ValidationError as error:
            self.add_error(None, error)

    def clean(self):
        cleaned = super().clean()
        starts, ends, tz_name = cleaned.get("starts_on"), cleaned.get("ends_on"), cleaned.get("timezone")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day cannot come before the first day."))
        if not tz_name:
            return cleaned
        for name, _fold in self.TIME_FIELDS:
            if cleaned.get(name) and name not in self.errors:
                self._to_utc(cleaned, name, tz_name)
        opens, closes = cleaned.get("registration_opens"), cleaned.get("registration_closes")
        if self.errors or not (opens and closes):
            return cleaned
        if closes <= opens:
            self.add_error("registration_closes", _("Registration must close after it opens."))
        elif starts and ends:
            end = summit_end_utc(ends, tz_name)
            if opens >= end:
                self.add_error("registration_opens", _("Registration would open after the summit has ended."))
            elif closes > end:
                self.add_error("registration_closes", _("Registration must close by the end of the summit's last day."))
        return cleaned

    def summit_data(self):
        data = self.cleaned_data
        return {
            "name": data["name"],
            "slug": data["slug"],
            "timezone": data["timezone"],
            "start_date": data["starts_on"],
            "end_date": data["ends_on"],
            "city": data["city"],
            "venue": data["venue"],
            "registration_opens": data["registration_opens"],
            "registration_closes": data["registration_closes"],
        }


def initial_from(summit):
    tz_name = summit.timezone
    return {
        "name": summit.name_en,  # the English original, also on a page in Hindi
        "slug": summit.slug,
        "timezone": tz_name,
        "starts_on": summit.start_date,
        "ends_on": summit.end_date,
        "city": summit.city,
        "venue": summit.venue,
        "registration_opens": utc_to_local_naive(summit.registration_opens, tz_name),
        "opens_fold": fold_of(summit.registration_opens, tz_name) or "",
        "registration_closes": utc_to_local_naive(summit.registration_closes, tz_name),
        "closes_fold": fold_of(summit.registration_closes, tz_name) or "",
        "tagline": summit.tagline_en,
        "description": summit.description_en,
        "venue_address": summit.venue_address,
        "status": summit.status,
    }


class CopySourceField(IdChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.start_date:%Y-%m-%d})"


class NewSummitForm(SummitForm):
    copy_from = CopySourceField(
        label=_("Copy from an earlier summit"),
        queryset=Summit.objects.none(),
        required=False,
        empty_label=_("Start empty"),
        help_text=_("Brings its rooms, categories, questions and team."),
    )
    copy_agenda = forms.BooleanField(
        label=_("Also copy its agenda, shifted to the new dates"), required=False, initial=False
    )

    def __init__(self, *args, copy_sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = copy_sources if copy_sources is not None else Summit.objects.none()


class SettingsForm(SummitForm):
    tagline = forms.CharField(label=_("Tagline"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    venue_address = forms.CharField(label=_("Venue address"), max_length=300, required=False)
    status = forms.ChoiceField(
        label=_("Publication"),
        choices=SummitStatus.choices,
        help_text=_("Publishing runs the checklist of the Publish page first."),
    )

    TRANSLATED = ("name", "tagline", "description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_hindi_fields(self, self.TRANSLATED, instance=self.summit)

    def summit_data(self):
        data = super().summit_data()
        for name in ("tagline", "description", "venue_address", "status"):
            data[name] = self.cleaned_data[name]
        data.update(hindi_values(self.cleaned_data, self.TRANSLATED))
        return data
