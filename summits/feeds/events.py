"""What goes into a feed: sessions (one query), itinerary items, and the built bytes."""

from django.apps import apps
from django.conf import settings
from django.db import connection

from ..eligibility import SessionAccess
from ..enums import RegistrationStatus
from ..ical import build_calendar, session_event, summit_range, uid_host
from ..models import Room, Session, SessionClearance, SessionSignup, Speaker
from .sql import IN_FEED, cache_per_vendor, fetch_all, model_reader, table

# --- Events -----------------------------------------------------------------------------------------


UNIT, RECORD = "\x1f", "\x1e"  # separators inside the people columns (control characters never shown)
FEED_SESSION_COLUMNS = [
    "id",
    "summit_id",
    "title",
    "room_id",
    "starts_at",
    "ends_at",
    "description",
    "status",
    "restriction",
    "allowed_countries",
    "sequence",
    "updated",
]


def _people_sql(sessions):
    """A derived table (session_id, speaker_records, moderator_records) of the sessions in
    `sessions` (a subquery of their ids): their people as name/title/organisation records.

    Speakers and moderators are aggregated together, in one pass over the links of the
    feed's sessions. A correlated subquery per session and column instead made
    PostgreSQL hash the whole speaker table 2 x 40 times for a personal feed (2 ms);
    this form is also as fast as that one on a database of 40 such summits.
    """
    aggregate = "STRING_AGG" if connection.vendor == "postgresql" else "GROUP_CONCAT"
    person = f"p.name || '{UNIT}' || p.title || '{UNIT}' || p.organisation"
    links = (
        f"(SELECT session_id, speaker_id, 0 AS moderates FROM {table(Session.speakers.through)} "
        f"UNION ALL SELECT session_id, speaker_id, 1 FROM {table(Session.moderators.through)})"
    )
    # Both aggregates skip the NULLs of the other role's rows.
    return (
        f"(SELECT l.session_id, "
        f"{aggregate}(CASE WHEN l.moderates = 0 THEN {person} END, '{RECORD}') AS speaker_records, "
        f"{aggregate}(CASE WHEN l.moderates = 1 THEN {person} END, '{RECORD}') AS moderator_records "
        f"FROM {links} l JOIN {table(Speaker)} p ON p.id = l.speaker_id "
        f"WHERE l.session_id IN ({sessions}) GROUP BY l.session_id)"
    )


def _sessions_sql(*, personal):
    """Sessions with room name, speakers, moderators (and the person's clearance): one query.

    Composed once per process like the state query: building this through the ORM
    on every cold feed cost more CPU than the database spent answering it.
    Returns (sql, names of its parameters in order).
    """
    columns = [f"x.{c}" for c in FEED_SESSION_COLUMNS]
    columns += ["r.name AS room_name", "pp.speaker_records", "pp.moderator_records"]
    if personal:
        columns.append(
            f"EXISTS (SELECT 1 FROM {table(SessionClearance)} c WHERE c.session_id = x.id "
            "AND c.registration_id = %s AND c.granted) AS is_cleared"
        )
        scope = (
            f"SELECT g.session_id FROM {table(SessionSignup)} g WHERE g.registration_id = %s AND g.status IN {IN_FEED}"
        )
        where = f"x.summit_id = %s AND x.id IN ({scope})"
        params = ["registration", "registration", "summit", "registration"]
    else:
        scope = f"SELECT y.id FROM {table(Session)} y WHERE y.summit_id = %s"
        where = "x.summit_id = %s"
        params = ["summit", "summit"]
    sql = (
        f"SELECT {', '.join(columns)} FROM {table(Session)} x "
        f"LEFT JOIN {table(Room)} r ON r.id = x.room_id "
        f"LEFT JOIN {_people_sql(scope)} pp ON pp.session_id = x.id "
        f"WHERE {where} ORDER BY x.starts_at, r.position, x.title, x.id"
    )
    return sql, params


_public_sessions_sql = cache_per_vendor(lambda: _sessions_sql(personal=False))
_personal_sessions_sql = cache_per_vendor(lambda: _sessions_sql(personal=True))


def _records(blob):
    if not blob:
        return []
    return sorted(tuple(record.split(UNIT)) for record in blob.split(RECORD))


_read_session = cache_per_vendor(lambda: model_reader(Session, FEED_SESSION_COLUMNS))
_summit_field = Session._meta.get_field("summit")


def _fetch_sessions(composed, summit, **ids):
    sql, names = composed
    ids["summit"] = summit.pk
    read = _read_session()
    n = len(FEED_SESSION_COLUMNS)
    sessions = []
    for row in fetch_all(sql, [ids[name] for name in names]):
        session = read(row)
        _summit_field.set_cached_value(session, summit)  # session.summit, without a query
        session.room_name = row[n]
        session.feed_people = (_records(row[n + 1]), _records(row[n + 2]))
        if len(row) > n + 3:
            session.is_cleared = bool(row[n + 3])
        sessions.append(session)
    return sessions


def feed_sessions(summit):
    """A summit's sessions with what a feed shows, in one query whatever their number."""
    return _fetch_sessions(_public_sessions_sql(), summit)


def personal_sessions(registration):
    """Sessions the person holds a seat in (a session cancelled since stays, as cancelled).

    One query, which also reads the person's clearance of each (`is_cleared`).
    """
    if registration.status not in RegistrationStatus.active():
        return []
    return _fetch_sessions(_personal_sessions_sql(), registration.summit, registration=registration.pk)


def personal_feed_events(registration, access=None, *, site_url=None, itinerary=True):
    """Everything in a person's private feed, as CalendarEvents.

    `access` defaults to the person's SessionAccess, built from the clearances read
    with their sessions (no query of its own). Other areas merge their events here,
    as the delegation's itinerary does; each source's change markers belong in the
    private state query (see `_itinerary_subqueries`), so the ETag moves with it.
    """
    site_url = site_url or settings.SITE_URL
    summit = registration.summit
    host = uid_host(site_url)
    sessions = personal_sessions(registration)
    if access is None:
        cleared = frozenset(s.pk for s in sessions if s.is_cleared)
        access = SessionAccess(registration=registration, cleared_session_ids=cleared)
    events = [
        session_event(s, summit=summit, visible=access.can_see(s), site_url=site_url, host=host) for s in sessions
    ]
    if itinerary and registration.status in RegistrationStatus.active():
        events.extend(itinerary_events(registration))
    return events


def itinerary_events(registration):
    """The person's delegation itinerary (delegations app), as CalendarEvents."""
    if not apps.is_installed("delegations"):
        return []
    from delegations.queries import itinerary_events_for

    return itinerary_events_for(registration.user, registration.summit)


def public_feed_bytes(summit, state, *, site_url=None):
    site_url = site_url or settings.SITE_URL
    access = SessionAccess()  # anonymous: closed sessions are "Closed session", always
    host = uid_host(site_url)
    events = [
        session_event(s, summit=summit, visible=access.can_see(s), site_url=site_url, host=host)
        for s in feed_sessions(summit)
    ]
    first, last = summit_range(summit)
    return build_calendar(
        events,
        name=summit.name,
        timezone=summit.timezone,
        stamp=state.last_modified,
        first_date=first,
        last_date=last,
    )


def personal_feed_bytes(registration, state, *, site_url=None):
    summit = registration.summit
    # The state query counted the person's delegation memberships: none, no itinerary to read.
    events = personal_feed_events(registration, site_url=site_url, itinerary=state.on_delegation)
    first, last = summit_range(summit)
    return build_calendar(
        events,
        name=f"{summit.name} · my agenda",
        timezone=summit.timezone,
        stamp=state.last_modified,
        first_date=first,
        last_date=last,
    )


def summit_day_spans(summit):
    """{local date: (first start, last end)} of the summit's scheduled sessions. One query."""
    tz = summit.tz
    spans = {}
    rows = summit.sessions.exclude(status="cancelled").order_by().values_list("starts_at", "ends_at")
    for starts_at, ends_at in rows:
        day = starts_at.astimezone(tz).date()
        first, last = spans.get(day, (starts_at, ends_at))
        spans[day] = (min(first, starts_at), max(last, ends_at))
    return spans
