"""The public agenda's rows, rendered once per version of the agenda (issue 18).

Each session's row exists in two forms: with its details, and as a "Closed session" (time,
room, cancelled: what anyone may see). Both are rendered once per version of the agenda
and language, and kept in this process (the `feeds` cache, so a deploy never serves an old
template). A request reads the version (three small aggregates), then picks for each session the form
the person may see (`SessionAccess`): nothing personal is cached, and the closed form is
rendered from a session without its details.

The version moves with every change to a session (`updated`, how many, `sequence`), to
its speaker and moderator links, and to the summit row, so a change shows at once. Rooms,
tracks and speakers have no `updated`: a rename of one of them alone shows within
AGENDA_CACHE_SECONDS.
"""

import hashlib

from django.apps import apps
from django.db.models import Count, F, Max, Sum
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..calendar.feeds import feed_cache
from ..models import Session
from .queries import published_agenda_sessions, sessions_by_local_day

AGENDA_CACHE_SECONDS = 60
ROW_TEMPLATE = "summits/includes/session_row.html"


def agenda_version(summit):
    """A digest of everything the agenda rows show that has a change marker. Once the summit has
    a schedule release, the rows come from it alone: its id is the version (one query). Before,
    three small aggregates over the live agenda: plain ones cost far less to build than one
    query of scalar subqueries."""
    release_id = _latest_release_id(summit)
    parts = [summit.pk, summit.updated, summit.timezone, release_id]
    if release_id is None:
        sessions = Session.objects.filter(summit=summit).aggregate(
            updated=Max("updated"), n=Count("pk"), sequence=Sum("sequence")
        )
        parts += sessions.values()
        for role in (Session.speakers, Session.moderators):
            links = role.through.objects.filter(session__summit=summit)
            parts += links.aggregate(n=Count("pk"), spread=Sum(F("speaker_id") * F("session_id"))).values()
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def _latest_release_id(summit):
    """The agenda shows the latest schedule release once there is one: a new release is a new
    version. Its id alone: the snapshot is read only to render the rows anew."""
    if not apps.is_installed("schedule"):
        return None
    from schedule.queries import latest_release_id

    return latest_release_id(summit)


def agenda_rows(summit):
    """[(local day, [(eligibility stub or None if open, row html, closed row html)])], cached per version."""
    key = f"summits.agenda-rows:{summit.pk}:{get_language()}:{agenda_version(summit)}"
    days = feed_cache().get(key)
    if days is None:
        days = _render_rows(summit)
        feed_cache().set(key, days, AGENDA_CACHE_SECONDS)
    return days


def agenda_days_for(summit, access_for):
    """[(local day, its rows' html)] with each session in the form the person may see.
    `access_for(restricted sessions)` gives their SessionAccess: it reads clearances only when
    one of them needs one, so the agenda of a summit without such sessions asks for none.
    A day's rows are joined here: forty rows looped over in the template cost more than the join."""
    days = agenda_rows(summit)
    access = access_for([stub for _, rows in days for stub, _, _ in rows if stub is not None])
    return [
        (day, mark_safe("".join(row if stub is None or access.can_see(stub) else closed for stub, row, closed in rows)))
        for day, rows in days
    ]


def _render_rows(summit):
    days = []
    for day, sessions in sessions_by_local_day(list(published_agenda_sessions(summit)), summit.tz):
        rows = []
        for session in sessions:
            session.visible = True
            row = render_to_string(ROW_TEMPLATE, {"session": session, "summit": summit})
            rows.append((_eligibility_stub(session), row, _closed_row(session, summit)))
        days.append((day, rows))
    return days


def _closed_row(session, summit):
    """Rendered from a copy that carries no title, description, speakers or track."""
    closed = Session(
        pk=session.pk,
        summit=summit,
        room=session.room,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        status=session.status,
        restriction=session.restriction,
    )
    closed.visible = False
    return render_to_string(ROW_TEMPLATE, {"session": closed, "summit": summit})


def _eligibility_stub(session):
    """What SessionAccess needs to decide, for restricted sessions only: everyone sees an open one
    (and model instances cost a lot to unpickle: forty per request were a third of it)."""
    if not session.is_restricted:
        return None
    return Session(pk=session.pk, restriction=session.restriction, allowed_countries=session.allowed_countries)
