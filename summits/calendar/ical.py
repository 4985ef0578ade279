"""The calendar builder: CalendarEvents in, iCalendar bytes out; no Django request, no query.

Every calendar (sessions, itineraries, meetings, summit days; each area turns its own objects
into CalendarEvents) goes through `build_calendar`, so time zones (IANA TZIDs + VTIMEZONE),
UIDs, SEQUENCE and text escaping are done once. Components, escaping and line folding are
icalendar's; we only strip control characters, which the format cannot carry at all.
"""

import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

import icalendar
from icalendar.prop import vDuration

PRODID = "-//Conclave//Conclave summits//EN"
DEFAULT_REFRESH = timedelta(hours=1)

# Control characters other than tab and newline cannot appear in iCalendar text.
_CONTROL = {c: None for c in [*range(0, 9), *range(11, 32), 127]}
_HAS_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # the same characters, and CR


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable forever: "session-42@host"
    summary: str
    start: datetime  # aware; shown in start_tz
    end: datetime  # aware; shown in end_tz
    start_tz: str  # IANA name, e.g. "America/New_York"
    end_tz: str | None = None  # a flight lands in another zone; None means start_tz
    location: str = ""
    description: str = ""
    url: str = ""
    sequence: int = 0
    cancelled: bool = False
    last_modified: datetime | None = None


def clean_text(value):
    """Text as iCalendar can carry it: CR LF and CR become LF, other control characters go."""
    if _HAS_CONTROL.search(value) is None:  # nearly always: translate() walks every character
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL)


@lru_cache(maxsize=64)
def zone(tzid):
    return zoneinfo.ZoneInfo(tzid)


@lru_cache(maxsize=512)
def vtimezone(tzid, first_date, last_date):
    """The VTIMEZONE of `tzid` covering [first_date, last_date], built once per process.

    Building one from the IANA data takes milliseconds (tens for a zone without
    transitions, whose search walks the whole range), so feeds reuse it. The
    component is only ever read after this, never changed.
    """
    return icalendar.Timezone.from_tzid(tzid, first_date=first_date, last_date=last_date)


def timezone_range(events, *, first_date=None, last_date=None):
    """The dates a VTIMEZONE must cover: the given range widened to every event, one day of margin."""
    days = [d for d in (first_date, last_date) if d is not None]
    for item in events:
        days.append(item.start.astimezone(UTC).date())
        days.append(item.end.astimezone(UTC).date())
    if not days:
        return None, None
    return min(days) - timedelta(days=1), max(days) + timedelta(days=2)


def build_calendar(
    events,
    *,
    name,
    timezone,
    stamp,
    refresh=DEFAULT_REFRESH,
    first_date=None,
    last_date=None,
    method="PUBLISH",
):
    """An iCalendar document (bytes) with one VTIMEZONE per zone used, before the events using it.

    `stamp` is the feed's one DTSTAMP. `first_date`/`last_date` widen the range the
    VTIMEZONEs cover (by default exactly the events' dates); passing a summit's dates
    lets every feed of that summit share one cached VTIMEZONE.
    """
    events = list(events)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", clean_text(name))
    cal.add("x-wr-timezone", timezone)
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(refresh))
    first, last = timezone_range(events, first_date=first_date, last_date=last_date)
    tzids = dict.fromkeys(tzid for item in events for tzid in (item.start_tz, item.end_tz or item.start_tz))
    cal.subcomponents.extend(vtimezone(tzid, first, last) for tzid in tzids)
    stamp = stamp.astimezone(UTC)
    cal.subcomponents.extend(vevent(item, stamp) for item in events)
    return cal.to_ical(sorted=False)


def vevent(item, stamp):
    """One CalendarEvent as an icalendar Event; `stamp` is the feed's DTSTAMP (UTC)."""
    event = icalendar.Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", _when(item.start, item.start_tz))
    event.add("dtend", _when(item.end, item.end_tz or item.start_tz))
    event.add("summary", clean_text(item.summary))
    event.add("sequence", item.sequence)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    for key, value in (("location", item.location), ("description", item.description)):
        if value:
            event.add(key, clean_text(value))
    if item.url:
        event.add("url", item.url)
    if item.last_modified:
        event.add("last-modified", item.last_modified.astimezone(UTC))
    return event


def _when(instant, tzid):
    """The instant in its zone (TZID); in UTC when it falls in the hour that happens twice there
    (clocks going back), first occurrence or second: RFC 5545 (3.3.5) reads such a local time with
    a TZID as its first occurrence, some clients (khal) as its second, so only UTC makes every
    client agree."""
    local = instant.astimezone(zone(tzid))
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return instant.astimezone(UTC)
    return local


# --- Summits ------------------------------------------------------------------------------------


def uid_host(site_url):
    return urlsplit(site_url).hostname or "conclave.invalid"


def summit_calendar(summit, events, *, name, stamp):
    """A calendar of a summit: its VTIMEZONEs cover the summit's dates, so its feeds share them."""
    return build_calendar(
        events,
        name=name,
        timezone=summit.timezone,
        stamp=stamp,
        first_date=summit.start_date,
        last_date=summit.end_date,
    )
