"""Feed state: what a feed depends on, read in one query, and the ETag made of it."""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from time import monotonic

from django.apps import apps
from django.conf import settings
from django.db import connection

from ..enums import SummitStatus
from ..models import Registration, Session, SessionClearance, SessionSignup, Summit
from .sql import IN_FEED, aware, cache_per_vendor, fetch_row, model_from_row, table
from .tokens import find_live_token

# Raise when the feed's layout changes, so cached bytes and clients' ETags are renewed.
FEED_FORMAT = 1
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


# --- Feed state: what a feed depends on, read in one query ------------------------------------
#
# Written as SQL (portable between SQLite and PostgreSQL) and composed once per process:
# this query runs on every poll of every calendar app, and building it through the
# ORM each time cost more than running it.


def _session_subqueries(scope):
    """Scalar subqueries over the sessions in a feed: (max updated), (fingerprint of the rest).

    `scope` is a FROM/WHERE tail selecting sessions as `x`: a summit's, or a person's.
    """
    speakers = table(Session.speakers.through)
    moderators = table(Session.moderators.through)
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
    return f"FROM {table(Session)} x WHERE x.summit_id = {summit_id}"


def _signup_scope(registration_id):
    """The sessions the person holds a confirmed seat in."""
    return (
        f"FROM {table(Session)} x JOIN {table(SessionSignup)} g ON g.session_id = x.id "
        f"WHERE g.registration_id = {registration_id} AND g.status IN {IN_FEED}"
    )


def _registration_subqueries(registration_id):
    signup = table(SessionSignup)
    clearance = table(SessionClearance)
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
        f"SELECT {', '.join(columns)} FROM {table(Summit)} s "
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
    mine = f"FROM {table(Membership)} m JOIN {table(Delegation)} d ON d.id = m.delegation_id WHERE {active}"
    items = (
        f"FROM {table(Item)} i JOIN {table(Membership)} m ON m.delegation_id = i.delegation_id "
        f"JOIN {table(Delegation)} d ON d.id = i.delegation_id LEFT JOIN {table(Session)} x ON x.id = i.session_id "
        f"WHERE {active}"
    )
    participants = (
        f"FROM {table(through)} p JOIN {table(Membership)} m ON m.id = p.{member_column} "
        f"JOIN {table(Delegation)} d ON d.id = m.delegation_id WHERE {active}"
    )
    return [
        f"(SELECT COUNT(*) || ':' || COALESCE(SUM(m.id), 0) {mine})",
        f"(SELECT COUNT(*) || ':' || COALESCE(SUM(i.id), 0) || ':' || COALESCE(SUM(i.sequence), 0) || ':' "
        f"|| COALESCE(MAX(x.updated) || '', '') || ':' || COALESCE(SUM(x.sequence), 0) {items})",
        f"(SELECT COUNT(*) || ':' || COALESCE(SUM(p.{item_column}), 0) {participants})",
        f"(SELECT MAX(i.updated) {items})",
        f"(SELECT MAX(d.updated) {mine})",
    ]


HEAD_COLUMNS = ["r.id", "r.updated", "r.status", "r.user_id", "s.id", "s.updated", "s.slug"]


@cache_per_vendor
def _personal_state_sql():
    """A registration with its summit and the change markers of everything in its feed."""
    columns = [
        *HEAD_COLUMNS,
        # Only the person's sessions: confirmed seats, whatever their number, are the
        # scope (a status changed by a conditional UPDATE still changes the scope).
        *_session_subqueries(_signup_scope("r.id")),
        *_registration_subqueries("r.id"),
        *_itinerary_subqueries("r.user_id", "r.summit_id"),
        # The registration and its summit themselves, for a build on a cache miss.
        *(f"r.{connection.ops.quote_name(f.column)}" for f in Registration._meta.concrete_fields),
        *(f"s.{connection.ops.quote_name(f.column)}" for f in Summit._meta.concrete_fields),
    ]
    return (
        f"SELECT {', '.join(columns)} FROM {table(Registration)} r "
        f"JOIN {table(Summit)} s ON s.id = r.summit_id WHERE r.id = %s"
    )


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


def state_for(kind, parts, stamps, **ids):
    digest = hashlib.sha256(repr((FEED_FORMAT, kind, settings.SITE_URL, *parts)).encode()).hexdigest()[:32]
    last_modified = max((s for s in map(aware, stamps) if s is not None), default=EPOCH)
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
    row = fetch_row(_public_state_sql(), [slug])
    if row is None:
        _public_states.drop(slug)
        return None
    summit_id, summit_updated, sessions_updated, *_ = row
    state = state_for("public", [str(v) for v in row], [summit_updated, sessions_updated], summit_id=summit_id)
    _public_states.put(slug, state)
    return state


# registration id -> (slug, state, registration and summit columns); see personal_feed_state.
_personal_states = RecentlyRead()


def _personal_state(registration_id, *, remembered_only):
    found = _personal_states.get(registration_id)
    if found is None and not remembered_only:
        row = fetch_row(_personal_state_sql(), [registration_id])
        if row is not None:
            found = _personal_state_from_row(row)
            _personal_states.put(registration_id, found)
    return found


def _personal_state_from_row(row):
    heads = row[: len(HEAD_COLUMNS)]
    registration_id, registration_updated, status, _, summit_id, summit_updated, summit_slug = heads
    markers = row[len(HEAD_COLUMNS) : -_model_columns()]
    sessions_updated, _, _, signups_updated, _, clearances_updated, _ = markers[:7]
    itinerary = markers[7:]
    parts = [registration_id, registration_updated, status, summit_id, summit_updated, *markers]
    stamps = [summit_updated, registration_updated, sessions_updated, signups_updated, clearances_updated]
    stamps += itinerary[3:]
    state = state_for(
        "personal",
        [str(v) for v in parts],
        stamps,
        summit_id=summit_id,
        registration_id=registration_id,
        on_delegation=bool(itinerary) and not itinerary[0].startswith("0:"),
    )
    return summit_slug, state, row[-_model_columns() :]


def personal_feed_state(slug, token, *, remembered_only=False):
    """(state, row) of the private feed at `token` for the summit `slug`, or None.

    `row` holds the registration and summit columns (see `registration_from_state_row`).
    `remembered_only`: from this process's memory only, no round trip (None if it
    does not remember both the token and the state).

    The token is checked on every request (`find_live_token`), so a revoked token
    answers 404 at once. What the feed shows (the registration, its summit and the
    change markers of its sessions, clearances and itinerary) is one query, reused
    per process for FEED_STATE_SECONDS: a new seat or a moved session reaches the
    calendar at most that much later. Anything else (malformed, unknown, revoked,
    another summit's slug) is None, and the view's 404 says nothing about which.
    """
    live = find_live_token(token, remembered_only=remembered_only)
    if live is None:
        return None
    found = _personal_state(live.registration_id, remembered_only=remembered_only)
    if found is None or found[0] != slug:
        return None
    return found[1], found[2]


def _model_columns():
    return len(Registration._meta.concrete_fields) + len(Summit._meta.concrete_fields)


def registration_from_state_row(values):
    """The registration (with its summit) read by the state query: no query of its own."""
    split = len(Registration._meta.concrete_fields)
    registration = model_from_row(Registration, values[:split])
    registration.summit = model_from_row(Summit, values[split:])
    return registration
