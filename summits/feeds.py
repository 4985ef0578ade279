"""Calendar feeds: the public agenda, a person's private feed, single-session downloads.

Layers, top to bottom: the feed *state* (one query: the object plus aggregates that
change whenever the feed would), token *services*, the *events* that go into a
feed, and thin *views* that answer 304 from the state alone, serve built bytes from
the cache keyed by the ETag, or build the feed with the pure builders in ical.py.

Calendar apps poll every few minutes, so a 304 or an unchanged feed costs one query
(the change markers behind the ETag are reused per process for FEED_STATE_SECONDS;
a private feed's token is checked on every request), and a full build a fixed number:
public 3 (state, summit, sessions with people), private 3 (token with registration and
summit, change markers, sessions with people and clearances) plus the delegations
app's fixed count when the person is on a delegation.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from time import monotonic

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.views.decorators.http import require_POST, require_safe

from ops.ratelimit import rate_limit

from .audit import log_action
from .eligibility import SessionAccess
from .enums import RegistrationStatus, SignupStatus, SummitStatus
from .ical import build_calendar, session_event, session_ics, summit_range, uid_host
from .models import FeedToken, Registration, Room, Session, SessionClearance, SessionSignup, Speaker, Summit

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Raise when the feed's layout changes, so cached bytes and clients' ETags are renewed.
FEED_FORMAT = 1
SELECTOR_BYTES, VERIFIER_BYTES = 12, 24  # 16 + 32 URL-safe characters: 288 random bits
SELECTOR_LENGTH, VERIFIER_LENGTH = 16, 32
TOKEN_LENGTH = SELECTOR_LENGTH + VERIFIER_LENGTH
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
# Sign-ups whose session is in the person's feed: a seat, or a seat in a session since
# cancelled (it stays, as cancelled, so calendars remove it).
IN_FEED = f"('{SignupStatus.CONFIRMED.value}', '{SignupStatus.SESSION_CANCELLED.value}')"


def cache_per_vendor(build):
    """Compose a SQL string once per database vendor (tests may switch between them)."""
    built = {}

    def get():
        vendor = connection.vendor
        if vendor not in built:
            built[vendor] = build()
        return built[vendor]

    return get


def cache_seconds():
    return getattr(settings, "FEED_CACHE_SECONDS", 24 * 3600)


# --- Feed state: what a feed depends on, read in one query ------------------------------------
#
# Written as SQL (portable between SQLite and PostgreSQL) and composed once per process:
# this query runs on every poll of every calendar app, and building it through the
# ORM each time cost more than running it.


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _session_subqueries(scope):
    """Scalar subqueries over the sessions in a feed: (max updated), (fingerprint of the rest).

    `scope` is a FROM/WHERE tail selecting sessions as `x`: a summit's, or a person's.
    """
    speakers = _table(Session.speakers.through)
    moderators = _table(Session.moderators.through)
    links = (
        f"(SELECT session_id, speaker_id FROM {speakers} UNION ALL SELECT session_id, -speaker_id FROM {moderators}) l"
    )
    return [
        f"(SELECT MAX(x.updated) {scope})",
        f"(SELECT COUNT(*) || ':' || COALESCE(SUM(x.sequence), 0) {scope})",
        # Speakers added or removed do not touch the session row: fingerprint the links.
        f"(SELECT COUNT(*) || ':' || COALESCE(SUM(l.speaker_id), 0) {scope.replace('FROM', f'FROM {links},', 1)}"
        " AND x.id = l.session_id)",
    ]


def _summit_scope(summit_id):
    return f"FROM {_table(Session)} x WHERE x.summit_id = {summit_id}"


def _signup_scope(registration_id):
    """The sessions the person holds a confirmed seat in."""
    return (
        f"FROM {_table(Session)} x JOIN {_table(SessionSignup)} g ON g.session_id = x.id "
        f"WHERE g.registration_id = {registration_id} AND g.status IN {IN_FEED}"
    )


def _registration_subqueries(registration_id):
    signup = _table(SessionSignup)
    clearance = _table(SessionClearance)
    return [
        f"(SELECT MAX(g.updated) FROM {signup} g WHERE g.registration_id = {registration_id})",
        f"(SELECT COUNT(*) || ':' || COALESCE(SUM(g.session_id), 0) FROM {signup} g "
        f"WHERE g.registration_id = {registration_id})",
        f"(SELECT MAX(c.decided_at) FROM {clearance} c WHERE c.registration_id = {registration_id})",
        f"(SELECT COUNT(*) || ':' || COALESCE(SUM(CASE WHEN c.granted THEN c.session_id ELSE 0 END), 0)"
        f" FROM {clearance} c WHERE c.registration_id = {registration_id})",
    ]


@cache_per_vendor
def _public_state_sql():
    columns = ["s.id", "s.updated", *_session_subqueries(_summit_scope("s.id"))]
    return (
        f"SELECT {', '.join(columns)} FROM {_table(Summit)} s "
        f"WHERE s.slug = %s AND s.status = '{SummitStatus.PUBLISHED.value}'"
    )


def _itinerary_subqueries(user_id, summit_id):
    """Change markers of the person's delegation itinerary (the delegations app): their
    active memberships in the summit's delegations, those delegations' items (and the
    sessions they link), the items' participants. The first column starts with the
    number of memberships; the last two are timestamps."""
    if not apps.is_installed("delegations"):
        return []
    Delegation = apps.get_model("delegations", "Delegation")
    Membership = apps.get_model("delegations", "Membership")
    Item = apps.get_model("delegations", "ItineraryItem")
    through = Item.participants.through
    item_column = through._meta.get_field("itineraryitem").column
    member_column = through._meta.get_field("membership").column
    active = f"m.user_id = {user_id} AND d.summit_id = {summit_id} AND m.left_at IS NULL"
    mine = f"FROM {_table(Membership)} m JOIN {_table(Delegation)} d ON d.id = m.delegation_id WHERE {active}"
    items = (
        f"FROM {_table(Item)} i JOIN {_table(Membership)} m ON m.delegation_id = i.delegation_id "
        f"JOIN {_table(Delegation)} d ON d.id = i.delegation_id LEFT JOIN {_table(Session)} x ON x.id = i.session_id "
        f"WHERE {active}"
    )
    participants = (
        f"FROM {_table(through)} p JOIN {_table(Membership)} m ON m.id = p.{member_column} "
        f"JOIN {_table(Delegation)} d ON d.id = m.delegation_id WHERE {active}"
    )
    return [
        f"(SELECT COUNT(*) || ':' || COALESCE(SUM(m.id), 0) {mine})",
        f"(SELECT COUNT(*) || ':' || COALESCE(SUM(i.id), 0) || ':' || COALESCE(SUM(i.sequence), 0) || ':' "
        f"|| COALESCE(MAX(x.updated) || '', '') || ':' || COALESCE(SUM(x.sequence), 0) {items})",
        f"(SELECT COUNT(*) || ':' || COALESCE(SUM(p.{item_column}), 0) {participants})",
        f"(SELECT MAX(i.updated) {items})",
        f"(SELECT MAX(d.updated) {mine})",
    ]


@cache_per_vendor
def _personal_token_sql():
    """The live token by its selector, with the registration and summit: cheap, every request."""
    columns = [
        "t.id",
        "t.verifier",
        "r.id",
        "r.updated",
        "r.status",
        "s.id",
        "s.updated",
        "r.user_id",
        # The registration and its summit themselves, for a build on a cache miss.
        *(f"r.{connection.ops.quote_name(f.column)}" for f in Registration._meta.concrete_fields),
        *(f"s.{connection.ops.quote_name(f.column)}" for f in Summit._meta.concrete_fields),
    ]
    return (
        f"SELECT {', '.join(columns)} FROM {_table(FeedToken)} t "
        f"JOIN {_table(Registration)} r ON r.id = t.registration_id "
        f"JOIN {_table(Summit)} s ON s.id = r.summit_id "
        "WHERE t.selector = %s AND t.revoked_at IS NULL AND s.slug = %s"
    )


@cache_per_vendor
def _personal_aggregates_sql():
    """Change markers of everything in a private feed (params: registration, user, summit)."""
    columns = [
        # Only the person's sessions: confirmed seats, whatever their number, are the
        # scope (a status changed by a conditional UPDATE still changes the scope).
        *_session_subqueries(_signup_scope("q.rid")),
        *_registration_subqueries("q.rid"),
        *_itinerary_subqueries("q.uid", "q.sid"),
    ]
    return (
        f"SELECT {', '.join(columns)} FROM "
        "(SELECT CAST(%s AS BIGINT) AS rid, CAST(%s AS BIGINT) AS uid, CAST(%s AS BIGINT) AS sid) q"
    )


PREPARE_ONLY_WHEN_ASKED = 2**31 - 1


def _fetch_state(sql, params):
    """One row. On PostgreSQL as a prepared statement (psycopg, server-side binding):
    planning this query costs about as much as running it, and it runs on every poll."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    import psycopg

    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        # Django turns automatic preparing off (None also refuses `prepare=True`); its own
        # cursors bind on the client and never prepare, so only explicit requests like
        # this one do.
        connection.connection.prepare_threshold = PREPARE_ONLY_WHEN_ASKED
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as raw:
        if connection.queries_logged:  # query counts in tests, DEBUG's query log
            with connection.make_debug_cursor(raw).debug_sql(sql, params):
                raw.execute(sql, params, prepare=True)
        else:
            raw.execute(sql, params, prepare=True)
        return raw.fetchone()


def model_from_row(model, values):
    """An instance from its concrete columns in a raw row, converted as the ORM would."""
    fields = model._meta.concrete_fields
    converted = []
    for field, value in zip(fields, values, strict=True):
        column = field.get_col(model._meta.db_table)
        for converter in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
            value = converter(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


def _aware(value):
    """A datetime from a raw row: PostgreSQL gives it aware; SQLite naive or as text, in UTC."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = parse_datetime(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class FeedState:
    etag: str  # quoted, as sent in the ETag header
    last_modified: datetime
    summit_id: int
    registration_id: int | None = None
    on_delegation: bool = False  # the person is on a delegation of the summit (has an itinerary)

    @property
    def cache_key(self):
        return f"summits.feed:{self.etag.strip(chr(34))}"


def _state(kind, parts, stamps, **ids):
    digest = hashlib.sha256(repr((FEED_FORMAT, kind, settings.SITE_URL, *parts)).encode()).hexdigest()[:32]
    last_modified = max((s for s in map(_aware, stamps) if s is not None), default=EPOCH)
    return FeedState(etag=f'"{digest}"', last_modified=last_modified.replace(microsecond=0), **ids)


def state_seconds():
    return getattr(settings, "FEED_STATE_SECONDS", 5)


class RecentlyRead:
    """Values read less than FEED_STATE_SECONDS ago, in this process only, so a hit costs
    no round trip at all. Bounded: when full it starts afresh."""

    def __init__(self, max_entries=1000):
        self.entries = {}
        self.max_entries = max_entries

    def get(self, key):
        hit = self.entries.get(key) if state_seconds() else None
        return hit[1] if hit is not None and hit[0] > monotonic() else None

    def put(self, key, value):
        if not state_seconds():
            return
        if len(self.entries) >= self.max_entries:
            self.entries.clear()
        self.entries[key] = (monotonic() + state_seconds(), value)

    def drop(self, key):
        self.entries.pop(key, None)


# slug -> FeedState
_public_states = RecentlyRead()


def public_feed_state(slug):
    """The state of a published summit's public feed, or None. One query at most.

    The public feed holds nothing secret and nothing to revoke, so each process reuses
    a state it read less than FEED_STATE_SECONDS (default 5) ago: thousands of
    subscribers polling cost one query per process per few seconds, and an agenda
    change reaches them at most that much later. Private feeds never do this: a
    revoked token must answer 404 at once.
    """
    state = _public_states.get(slug)
    if state is not None:
        return state
    row = _fetch_state(_public_state_sql(), [slug])
    if row is None:
        _public_states.drop(slug)
        return None
    summit_id, summit_updated, sessions_updated, *_ = row
    state = _state("public", [str(v) for v in row], [summit_updated, sessions_updated], summit_id=summit_id)
    _public_states.put(slug, state)
    return state


TOKEN_COLUMNS = 8  # of the token row, before the registration's and summit's own columns
# registration id -> aggregates row; see personal_feed_state.
_personal_aggregates = RecentlyRead()


def personal_feed_aggregates(registration_id, user_id, summit_id):
    """The change markers of a private feed; reused per process for FEED_STATE_SECONDS.

    Unlike the token check, these may be a few seconds old: a new seat or a moved
    session reaches the calendar at most that much later.
    """
    row = _personal_aggregates.get(registration_id)
    if row is None:
        row = _fetch_state(_personal_aggregates_sql(), [registration_id, user_id, summit_id])
        _personal_aggregates.put(registration_id, row)
    return row


def personal_feed_state(slug, token):
    """(state, row) of the private feed at `token` for the summit `slug`, or None.

    `row` holds the registration and summit columns (see `registration_from_state_row`).

    The token is checked on every request (one query): the selector finds the row,
    the verifier is compared in constant time, and a revoked token answers 404 at
    once. Anything else (malformed, unknown, revoked, another summit) is None, and
    the view's 404 says nothing about which. The feed's change markers are a second
    query, reused for a few seconds (`personal_feed_aggregates`).
    """
    if not isinstance(token, str) or len(token) != TOKEN_LENGTH:
        return None
    selector, verifier = token[:SELECTOR_LENGTH], token[SELECTOR_LENGTH:]
    row = _fetch_state(_personal_token_sql(), [selector, slug])
    if row is None or not hmac.compare_digest(row[1].encode(), verifier.encode()):
        return None
    token_id, _, registration_id, registration_updated, status, summit_id, summit_updated, user_id = row[:TOKEN_COLUMNS]
    aggregates = personal_feed_aggregates(registration_id, user_id, summit_id)
    sessions_updated, _, _, signups_updated, _, clearances_updated, _ = aggregates[:7]
    itinerary = aggregates[7:]
    parts = [token_id, registration_id, registration_updated, status, summit_id, summit_updated, *aggregates]
    stamps = [summit_updated, registration_updated, sessions_updated, signups_updated, clearances_updated]
    stamps += itinerary[3:]
    state = _state(
        "personal",
        [str(v) for v in parts],
        stamps,
        summit_id=summit_id,
        registration_id=registration_id,
        on_delegation=bool(itinerary) and not itinerary[0].startswith("0:"),
    )
    return state, row[TOKEN_COLUMNS:]


def registration_from_state_row(values):
    """The registration (with its summit) read by the state query: no query of its own."""
    split = len(Registration._meta.concrete_fields)
    registration = model_from_row(Registration, values[:split])
    registration.summit = model_from_row(Summit, values[split:])
    return registration


# --- Services: the private feed's secret --------------------------------------------------------


def live_feed_token(registration):
    return FeedToken.objects.filter(registration=registration, revoked_at__isnull=True).first()


def renew_feed_token(registration, *, actor=None):
    """Revoke the registration's live feed token (if any) and issue a new one.

    The old URL answers 404 from the moment this commits.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("summit").get(pk=registration.pk)
        revoked = FeedToken.objects.filter(registration=registration, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        token = FeedToken.objects.create(
            registration=registration,
            selector=secrets.token_urlsafe(SELECTOR_BYTES),
            verifier=secrets.token_urlsafe(VERIFIER_BYTES),
        )
        action = "summits.feed_token.renewed" if revoked else "summits.feed_token.issued"
        log_action(action, actor=actor, summit=registration.summit, obj=registration)
    return token


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


def _people_sql(through):
    """A column with a session's people as name/title/organisation records."""
    aggregate = "STRING_AGG" if connection.vendor == "postgresql" else "GROUP_CONCAT"
    person = f"p.name || '{UNIT}' || p.title || '{UNIT}' || p.organisation"
    return (
        f"(SELECT {aggregate}({person}, '{RECORD}') FROM {_table(through)} l "
        f"JOIN {_table(Speaker)} p ON p.id = l.speaker_id WHERE l.session_id = x.id)"
    )


def _sessions_sql(*, personal):
    """Sessions with room name, speakers, moderators (and the person's clearance): one query.

    Composed once per process like the state query: building this through the ORM
    on every cold feed cost more CPU than the database spent answering it.
    """
    columns = [f"x.{c}" for c in FEED_SESSION_COLUMNS]
    columns += [
        "r.name AS room_name",
        f"{_people_sql(Session.speakers.through)} AS speaker_records",
        f"{_people_sql(Session.moderators.through)} AS moderator_records",
    ]
    where = "x.summit_id = %s"
    params = ["summit"]
    if personal:
        columns.append(
            f"EXISTS (SELECT 1 FROM {_table(SessionClearance)} c WHERE c.session_id = x.id "
            "AND c.registration_id = %s AND c.granted) AS is_cleared"
        )
        where += (
            f" AND x.id IN (SELECT g.session_id FROM {_table(SessionSignup)} g "
            f"WHERE g.registration_id = %s AND g.status IN {IN_FEED})"
        )
        params = ["registration", "summit", "registration"]
    sql = (
        f"SELECT {', '.join(columns)} FROM {_table(Session)} x "
        f"LEFT JOIN {_table(Room)} r ON r.id = x.room_id WHERE {where} "
        "ORDER BY x.starts_at, r.position, x.title, x.id"
    )
    return sql, params


_public_sessions_sql = cache_per_vendor(lambda: _sessions_sql(personal=False))
_personal_sessions_sql = cache_per_vendor(lambda: _sessions_sql(personal=True))


def _records(blob):
    if not blob:
        return []
    return sorted(tuple(record.split(UNIT)) for record in blob.split(RECORD))


def _fetch_sessions(composed, summit, **ids):
    sql, names = composed
    ids["summit"] = summit.pk
    sessions = list(Session.objects.raw(sql, [ids[name] for name in names]))
    for session in sessions:
        session.summit = summit
        session.feed_people = (_records(session.speaker_records), _records(session.moderator_records))
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


# --- HTTP -------------------------------------------------------------------------------------------


def _headers(response, state, *, private):
    response["ETag"] = state.etag
    response["Last-Modified"] = http_date(state.last_modified.timestamp())
    # Clients may keep a copy but must ask again (cheaply: a 304) before using it.
    response["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
    if private:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def calendar_response(request, state, build, *, private=False, filename="calendar.ics", attachment=False):
    """304 if the client's copy is current, else the feed's bytes (cached by ETag, built once)."""
    not_modified = get_conditional_response(
        request, etag=state.etag, last_modified=int(state.last_modified.timestamp())
    )
    if not_modified is not None:
        return _headers(not_modified, state, private=private)
    key = state.cache_key
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, cache_seconds())
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return _headers(response, state, private=private)


@require_safe
def public_agenda_feed(request, slug):
    """/summits/<slug>/agenda.ics: the whole agenda, closed sessions as "Closed session"."""
    state = public_feed_state(slug)
    if state is None:
        raise Http404

    def build():
        return public_feed_bytes(Summit.objects.get(pk=state.summit_id), state)

    return calendar_response(request, state, build, filename=f"{slug}-agenda.ics")


@require_safe
@rate_limit("feed", rate="FEED_RATE_LIMIT", key=lambda request, slug, token: token[:16])
def personal_feed(request, slug, token):
    """A person's private feed at a secret URL; no login, since calendar apps cannot log in."""
    found = personal_feed_state(slug, token)
    if found is None:
        raise Http404
    state, row = found

    def build():
        return personal_feed_bytes(registration_from_state_row(row), state)

    return calendar_response(request, state, build, private=True, filename=f"{slug}-my-agenda.ics")


@require_safe
def session_calendar(request, slug, pk):
    """One session as an .ics download, shown as the signed-in person may see it."""
    summit = get_object_or_404(Summit, slug=slug)
    if not summit.is_published and not summit.is_organizer(request.user):
        raise Http404
    session = get_object_or_404(
        Session.objects.select_related("room").prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.order_by("name")),
            Prefetch("moderators", queryset=Speaker.objects.order_by("name")),
        ),
        summit=summit,
        pk=pk,
    )
    session.summit = summit
    access = SessionAccess.for_user(request.user, summit)
    visible = access.can_see(session)
    parts = [session.pk, session.sequence, session.updated, visible, summit.updated]
    state = _state("session", parts, [session.updated, summit.updated], summit_id=summit.pk)
    return calendar_response(
        request,
        state,
        lambda: session_ics(session, access, stamp=state.last_modified),
        private=True,
        filename=f"session-{session.pk}.ics",
        attachment=True,
    )


@login_required
@require_POST
def renew_personal_feed(request, slug):
    """'My summit' → revoke my private feed URL and issue a new one."""
    registration = get_object_or_404(Registration, user=request.user, summit__slug=slug)
    if registration.status not in RegistrationStatus.active():
        raise Http404
    had_token = FeedToken.objects.filter(registration=registration, revoked_at__isnull=True).exists()
    renew_feed_token(registration, actor=request.user)
    if had_token:
        messages.success(request, "Your private calendar link is renewed. The old link no longer works.")
    else:
        messages.success(request, "Your private calendar link is ready.")
    return redirect(reverse("summits:me", kwargs={"slug": slug}) + "#calendar-feed")


def personal_feed_url(feed_token, *, site_url=None):
    site_url = site_url or settings.SITE_URL
    path = reverse(
        "summits:personal-feed",
        kwargs={"slug": feed_token.registration.summit.slug, "token": feed_token.token},
    )
    return site_url + path


def bench_ping(request):
    """A trivial view, routed only when CONCLAVE_BENCH_VIEWS=1 (bench/feeds.py's floor)."""
    return HttpResponse(b"ok", content_type="text/plain")
