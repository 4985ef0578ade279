"""Wall-clock time in an IANA zone → UTC, refusing times a daylight-saving change skips."""

import zoneinfo
from datetime import UTC, datetime

from django.core.exceptions import ValidationError


def local_to_utc(naive, tz_name, *, field=None):
    """The UTC instant of `naive` wall-clock time in `tz_name`.

    A time that does not exist (the hour skipped when clocks go forward) is refused;
    an ambiguous one (the hour repeated when clocks go back) means its first occurrence.
    """
    if naive.tzinfo is not None:
        raise ValueError("local_to_utc takes a naive wall-clock time")
    zone = zoneinfo.ZoneInfo(tz_name)
    aware = naive.replace(tzinfo=zone, fold=0)
    instant = aware.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != naive:
        message = f"{naive:%d %b %Y %H:%M} does not exist in {tz_name}: the clocks skip that hour."
        raise ValidationError({field: message} if field else message, code="nonexistent_time")
    return instant


def utc_to_local_naive(instant, tz_name):
    return instant.astimezone(zoneinfo.ZoneInfo(tz_name)).replace(tzinfo=None)


def zone_label(tz_name, when: datetime):
    """ "Asia/Kolkata, UTC+05:30": the IANA name (never an ambiguous abbreviation) and the offset then."""
    offset = when.astimezone(zoneinfo.ZoneInfo(tz_name)).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{tz_name}, UTC{sign}{hours:02d}:{mins:02d}"
