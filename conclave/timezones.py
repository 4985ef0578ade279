"""Wall-clock time in an IANA zone → UTC, for every app (no app imports here: usable anywhere).

Two kinds of wall-clock time need care when a zone changes its clocks:
- a time that does not exist (the hour skipped when clocks go forward) is refused;
- an ambiguous time (the hour repeated when clocks go back: 01:30 on 7 Nov 2027 in New York is
  01:30 EDT = 05:30 UTC and, an hour later, 01:30 EST = 06:30 UTC) needs the caller to say which
  occurrence it means (`fold=0` the first, `fold=1` the second); without one it is refused too,
  never silently taken as either.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIRST, SECOND = "first", "second"
FOLD_CHOICES = [(FIRST, gettext_lazy("The first time")), (SECOND, gettext_lazy("The second time"))]


@dataclass(frozen=True)
class RepeatedTime:
    """A wall-clock time that happens twice in `tz_name`: `first` and `second` are its UTC instants."""

    naive: datetime
    tz_name: str
    first: datetime
    second: datetime

    def instant(self, fold):
        return self.second if fold else self.first

    def describe(self, fold):
        """ "EDT, UTC−04:00": the zone's abbreviation then (when it has a name) and its offset."""
        local = self.instant(fold).astimezone(zoneinfo.ZoneInfo(self.tz_name))
        abbreviation = local.tzname() or ""
        offset = _offset(local)
        return offset if abbreviation[:1] in ("", "+", "-") else f"{abbreviation}, {offset}"

    @property
    def message(self):
        return _(
            "%(time)s happens twice on %(day)s %(month)s in %(zone)s: choose the first (%(first)s) or the second (%(second)s)."
        ) % {
            "time": f"{self.naive:%H:%M}",
            "day": self.naive.day,
            "month": date_format(self.naive, "M Y"),
            "zone": self.tz_name,
            "first": self.describe(0),
            "second": self.describe(1),
        }

    def choices(self):
        """Radio labels: each occurrence with its offset and UTC instant."""
        labels = {
            FIRST: _("The first %(time)s (%(zone)s), %(utc)s UTC"),
            SECOND: _("The second %(time)s (%(zone)s), %(utc)s UTC"),
        }
        return [
            (
                value,
                labels[value]
                % {"time": f"{self.naive:%H:%M}", "zone": self.describe(fold), "utc": f"{self.instant(fold):%H:%M}"},
            )
            for fold, value in ((0, FIRST), (1, SECOND))
        ]


def _offset(local):
    minutes = int(local.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\N{MINUS SIGN}"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def _nonexistent(naive, tz_name, field):
    message = _("%(when)s does not exist in %(zone)s: the clocks skip that hour.") % {
        "when": date_format(naive, "d M Y H:i"),
        "zone": tz_name,
    }
    return ValidationError({field: message} if field else message, code="nonexistent_time")


def repeated_time(naive, tz_name):
    """The RepeatedTime of `naive` in `tz_name` if it happens twice there, else None."""
    zone = zoneinfo.ZoneInfo(tz_name)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    first_utc, second_utc = first.astimezone(UTC), second.astimezone(UTC)
    if first_utc >= second_utc:  # a skipped time: fold=0 lands after fold=1
        return None
    return RepeatedTime(naive=naive, tz_name=tz_name, first=first_utc, second=second_utc)


def local_to_utc(naive, tz_name, *, field=None, fold=None):
    """The UTC instant of `naive` wall-clock time in `tz_name`.

    A time that does not exist (the hour skipped when clocks go forward) is refused. An ambiguous
    one (the hour repeated when clocks go back) needs `fold` (0: the first occurrence, 1: the
    second); without it, it is refused with code "ambiguous_time". `field` names the form field
    the ValidationError belongs to.
    """
    if naive.tzinfo is not None:
        raise ValueError("local_to_utc takes a naive wall-clock time")
    zone = zoneinfo.ZoneInfo(tz_name)
    instant = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != naive:
        raise _nonexistent(naive, tz_name, field)
    repeated = repeated_time(naive, tz_name)
    if repeated is None:
        return instant
    if fold is None:
        raise ValidationError({field: repeated.message} if field else repeated.message, code="ambiguous_time")
    return repeated.instant(fold)


def fold_of(instant, tz_name):
    """FIRST or SECOND if `instant` falls in `tz_name`'s repeated hour, else None."""
    local = instant.astimezone(zoneinfo.ZoneInfo(tz_name))
    if repeated_time(local.replace(tzinfo=None), tz_name) is None:
        return None
    return SECOND if local.fold else FIRST


def repeated_hour_label(local):
    """ "EDT" or "EST" (the zone's abbreviation then, else its offset "UTC−04:00") when the aware
    local time `local` falls in its zone's repeated hour, where the clock alone names two
    instants; "" for every other time, which its clock names alone."""
    tz_name = getattr(local.tzinfo, "key", None)
    if tz_name is None or repeated_time(local.replace(tzinfo=None, fold=0), tz_name) is None:
        return ""
    abbreviation = local.tzname() or ""
    return _offset(local) if abbreviation[:1] in ("", "+", "-") else abbreviation


def wall_clock(local, fmt="%H:%M"):
    """`local` formatted with `fmt`, then its abbreviation when the time happens twice in its zone:
    "01:30 EDT" and, an hour later, "01:30 EST"; "09:30" on any other day."""
    label = repeated_hour_label(local)
    text = local.strftime(fmt)
    return f"{text} {label}" if label else text


def utc_to_local_naive(instant, tz_name):
    return instant.astimezone(zoneinfo.ZoneInfo(tz_name)).replace(tzinfo=None)


def zone_label(tz_name, when: datetime):
    """ "Asia/Kolkata, UTC+05:30": the IANA name (never an ambiguous abbreviation) and the offset then."""
    offset = when.astimezone(zoneinfo.ZoneInfo(tz_name)).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{tz_name}, UTC{sign}{hours:02d}:{mins:02d}"


# ---------------------------------------------------------------- form helpers

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def local_datetime_field(label, required=True):
    """A wall-clock date and time typed in the zone chosen next to it (converted by `local_to_utc`)."""
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT),
        help_text=gettext_lazy("Local time in the zone chosen next to it."),
    )


def typed_wall_clock(value):
    """The wall-clock time as typed: Django made a form's datetime aware in the (UTC) current zone; undo that."""
    return timezone.make_naive(value, timezone.get_current_timezone()) if timezone.is_aware(value) else value


class FoldField(forms.ChoiceField):
    """Which occurrence of a wall-clock time that happens twice. Shown only when it does, so a
    stray value (the time was changed since) is simply not a choice: never an invisible error."""

    def clean(self, value):
        return value if value in (FIRST, SECOND) else ""


def fold_field(label):
    """The radio buttons asking which occurrence; `RepeatedTime.choices()` labels them once the time is known."""
    return FoldField(choices=FOLD_CHOICES, required=False, widget=forms.RadioSelect, label=label)


def fold_number(choice):
    """0 or 1 for a FoldField's FIRST or SECOND, None for no choice: the `fold` of `local_to_utc`."""
    return {FIRST: 0, SECOND: 1}.get(choice)
