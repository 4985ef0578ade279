"""Calendar builders: plain event descriptions in, iCalendar bytes out. No Django request here.

Feeds of sessions, itineraries and single events all go through `build_calendar`, so
time zones (IANA TZIDs + VTIMEZONE), UIDs, SEQUENCE and text escaping are done once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import icalendar

PRODID = "-//Conclave//Conclave summits//EN"


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


def build_calendar(events, *, name, timezone, stamp, refresh=timedelta(hours=1)):
    """An iCalendar document (bytes) with one VTIMEZONE per zone used."""
    import zoneinfo

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone)
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", refresh)
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.summary)
        event.add("dtstart", item.start.astimezone(zoneinfo.ZoneInfo(item.start_tz)))
        event.add("dtend", item.end.astimezone(zoneinfo.ZoneInfo(item.end_tz or item.start_tz)))
        event.add("sequence", item.sequence)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        if item.last_modified:
            event.add("last-modified", item.last_modified)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
