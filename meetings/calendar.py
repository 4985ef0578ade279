"""Meetings as calendar events for the private feed (merged by summits/calendar/feeds.py)."""

from urllib.parse import urlparse

from django.conf import settings
from django.utils.translation import gettext as _

from summits.calendar.ical import CalendarEvent

from .queries import meetings_for
from .zones import home_time, home_zone


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
    meetings = meetings_for(registration)
    zone = home_zone(registration.user_id, meetings[0].block.summit) if meetings else ""
    for m in meetings:
        summit = m.block.summit
        who = other_label(m.other)
        description = _("1:1 meeting with %(who)s at table %(table)s.") % {"who": who, "table": m.table.name}
        if zone:  # the delegation lives elsewhere: its members' own clock too
            description += "\n" + home_time(m.starts_at, m.ends_at, zone)
        events.append(
            CalendarEvent(
                uid=f"meeting-{m.request_id}@{_uid_host()}",
                summary=_("Meeting: %(who)s") % {"who": who},
                start=m.starts_at,
                end=m.ends_at,
                start_tz=summit.timezone,
                location=_("%(block)s, table %(table)s") % {"block": m.block.name, "table": m.table.name},
                description=description,
                sequence=m.sequence,
                last_modified=m.updated,
            )
        )
    return events
