"""Sessions as calendar events (the feeds', the session page's .ics download and the sign-up
mail's attachment), built into bytes by calendar.ical like every other area's events.

`session_event` asks the caller's SessionAccess whether the person may see the session: a
closed session the person may not see becomes "Closed session" with its time and room, nothing else.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..calendar.ical import CalendarEvent, summit_calendar, uid_host


def session_location(session, summit):
    parts = [session.room.name if session.room_id else "", summit.venue, summit.city]
    return ", ".join(p for p in parts if p)


def session_people(session):
    """([speaker, ...], [moderator, ...]) as (name, title, organisation), sorted by name.

    Feeds attach them in one query as `session.feed_people`; otherwise they are read
    through the relations (prefetched or not).
    """
    people = getattr(session, "feed_people", None)
    if people is not None:
        return people
    speakers = sorted((s.name, s.title, s.organisation) for s in session.speakers.all())
    moderators = sorted((s.name, s.title, s.organisation) for s in session.moderators.all())
    return speakers, moderators


def session_description(session, *, url):
    """Speakers (and moderators), the description, and the session page."""
    lines = []
    speakers, moderators = ([_person(p) for p in people] for people in session_people(session))
    if speakers:
        label = ngettext("Speaker: %(names)s", "Speakers: %(names)s", len(speakers))
        lines.append(label % {"names": "; ".join(speakers)})
    if moderators:
        label = ngettext("Moderator: %(names)s", "Moderators: %(names)s", len(moderators))
        lines.append(label % {"names": "; ".join(moderators)})
    if session.description:
        if lines:
            lines.append("")
        lines.append(session.description.strip())
    if lines:
        lines.append("")
    lines.append(url)
    return "\n".join(lines)


def _person(person):
    return ", ".join(part for part in person if part)


def session_event(session, *, summit, visible, site_url, host=None):
    """One session as a CalendarEvent; `visible` comes from SessionAccess.can_see(session).

    Expects `room` selected and the people attached (see `session_people`).
    A session the person may not see keeps its UID, time, room and SEQUENCE only.
    """
    host = host or uid_host(site_url)
    url = f"{site_url}/summits/{summit.slug}/sessions/{session.pk}/"
    if visible:
        summary = session.title
        description = session_description(session, url=url)
    else:
        summary = _("Closed session")
        description = _("This session is open to eligible attendees only.") + f"\n\n{url}"
    cancelled = session.is_cancelled
    if cancelled:
        summary = _("Cancelled: %(summary)s") % {"summary": summary}
    return CalendarEvent(
        uid=f"session-{session.pk}@{host}",
        summary=summary,
        start=session.starts_at,
        end=session.ends_at,
        start_tz=summit.timezone,
        location=session_location(session, summit),
        description=description,
        url=url,
        sequence=session.sequence,
        cancelled=cancelled,
        last_modified=session.updated,
    )


def session_events(sessions, *, summit, access, site_url):
    """Sessions as CalendarEvents, each shown as `access` (a SessionAccess) allows."""
    host = uid_host(site_url)
    return [session_event(s, summit=summit, visible=access.can_see(s), site_url=site_url, host=host) for s in sessions]


def session_ics(session, access, *, site_url=None, stamp=None):
    """The session as an .ics file, shown as `access` (the reader's SessionAccess) allows: a
    closed session the reader may not see is "Closed session"."""
    summit = session.summit
    events = session_events([session], summit=summit, access=access, site_url=site_url or settings.SITE_URL)
    return summit_calendar(summit, events, name=summit.name, stamp=stamp or session.updated)
