"""Delegation calendar feed: events in, iCalendar bytes out (through summits.calendar.ical.build_calendar)."""

import hashlib

from django.utils import timezone

from summits.calendar.ical import build_calendar


def delegation_calendar(delegation, events, *, stamp=None):
    return build_calendar(
        events,
        name=f"{delegation.name} · {delegation.summit.name}",
        timezone=delegation.summit.timezone,
        stamp=stamp or timezone.now(),
    )


def feed_etag(delegation, events, *, stamp=None):
    """Changes whenever an event a client would show changes, or the feed's DTSTAMP `stamp`.

    The delegation and the calendar's name are in it: two delegations with the same events
    and stamp must not share an ETag, nor (the cache key is made of it) their bytes."""
    name = (delegation.pk, delegation.name, delegation.summit.name, delegation.summit.timezone)
    digest = hashlib.sha256(repr(("delegation", name, stamp)).encode())
    for e in events:
        digest.update(
            repr(
                (
                    e.uid,
                    e.summary,
                    e.start,
                    e.end,
                    e.start_tz,
                    e.end_tz,
                    e.location,
                    e.description,
                    e.sequence,
                    e.cancelled,
                )
            ).encode()
        )
    return f'"{digest.hexdigest()[:32]}"'
