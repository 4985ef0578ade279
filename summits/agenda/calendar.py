"""One session as an .ics file: the session page's download and the sign-up mail's attachment,
built by calendar.ical like every feed (as registration/calendar.py builds the summit's days)."""

from django.apps import apps
from django.conf import settings

from ..calendar.feeds import state_for
from ..calendar.ical import session_events, summit_calendar


def session_ics(session, access, *, site_url=None, stamp=None):
    """The session as an .ics file, shown as `access` (the reader's SessionAccess) allows: a
    closed session the reader may not see is "Closed session"."""
    summit = session.summit
    events = session_events([session], summit=summit, access=access, site_url=site_url or settings.SITE_URL)
    return summit_calendar(summit, events, name=summit.name, stamp=stamp or session.updated)


def session_file(summit, session, access):
    """(the session as the download shows it, the download's FeedState) for the reader `access`.
    Expects the session's people prefetched: adding or removing one does not touch the session row."""
    visible = access.can_see(session)
    people = [[p.pk for p in session.speakers.all()], [p.pk for p in session.moderators.all()]]
    parts = [session.pk, session.sequence, session.updated, visible, summit.updated, people]
    stamps = [session.updated, summit.updated]
    shown, release = _as_released(summit, session)
    if release is not None:
        # What the file shows is the release's; the live row above still decides who may see it.
        visible = visible and access.can_see(shown)
        parts += [release.pk, visible]
        stamps.append(release.released_at)
    if not visible and access.can_see(shown):
        shown = session  # closed now though open in the release: the live row renders it closed
    return shown, state_for("session", parts, stamps)


def _as_released(summit, session):
    """(the session as the summit's latest release has it, that release), or (session, None) for
    a summit never released or a session not in the release yet (as on the session page)."""
    if not apps.is_installed("schedule"):
        return session, None
    from schedule.queries import latest_release, released_versions

    shown = released_versions(summit, [session]).get(session.pk)
    return (shown, latest_release(summit)) if shown is not None else (session, None)
