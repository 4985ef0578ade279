"""Meetings as calendar events for the private feed (merged by summits/calendar/feeds.py)."""

from urllib.parse import urlparse

from django.conf import settings
from django.utils.translation import gettext as _

from summits.calendar.ical import CalendarEvent

from .queries import meetings_for


def _uid_host():
    return urlparse(settings.SITE_URL).hostname or "conclave"


def other_label(other):
    """The other person's name, and organisation where they chose to show it."""
    profile = getattr(other, "meeting_profile", None)
    if profile is not None and profile.show_organisation and other.organisation:
        return f"{other.badge_name} ({other.organisation})"
    return other.badge_name


def meeting_events_for(registration, *, site_url=None):
    """The person's confirmed meetings: UID stable per request, SEQUENCE rising with each move."""
    events = []
    for m in meetings_for(registration):
        summit = m.block.summit
        who = other_label(m.other)
        events.append(
            CalendarEvent(
                uid=f"meeting-{m.request_id}@{_uid_host()}",
                summary=_("Meeting: %(who)s") % {"who": who},
                start=m.starts_at,
                end=m.ends_at,
                start_tz=summit.timezone,
                location=_("%(block)s, table %(table)s") % {"block": m.block.name, "table": m.table.name},
                description=_("1:1 meeting with %(who)s at table %(table)s.") % {"who": who, "table": m.table.name},
                sequence=m.sequence,
                last_modified=m.updated,
            )
        )
    return events
