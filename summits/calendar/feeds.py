"""What a feed shows, and the state behind its ETag.

A feed's state (ETag, Last-Modified) comes from one change-marker query written with the ORM:
scalar subqueries over what the feed shows, each app contributing its own (`*_markers` in the
queries of delegations, meetings and schedule). A process reuses the markers it read for
FEED_STATE_SECONDS (the per-process `feeds` cache), so a change reaches calendars at most that
much later; what a private feed's token read brings on every poll (the registration row's stamp
and status) moves its ETag at once (see tokens).
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.language import normalized

from ..agenda.calendar import session_events
from ..agenda.queries import IN_FEED, personal_sessions, published_feed_sessions
from ..enums import RegistrationStatus, SummitStatus
from ..models import Registration, Session, SessionClearance, SessionSignup, Summit
from ..screening.eligibility import SessionAccess
from .ical import summit_calendar

FEED_FORMAT = 1  # raise when the feed's layout changes, so cached bytes and clients' ETags renew
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def feed_cache():
    """Built feeds and recent markers: the per-process `feeds` cache where configured."""
    return caches["feeds"] if "feeds" in settings.CACHES else caches["default"]


@dataclass(frozen=True)
class FeedState:
    etag: str  # quoted, as sent in the ETag header
    last_modified: datetime
    summit_id: int | None = None
    on_delegation: bool = False  # the person is on a delegation of the summit (has an itinerary)
    released: bool = False  # the summit has a schedule release: feeds show it, not the live agenda
    has_meetings: bool = False  # the person has confirmed 1:1 meetings (meetings app)
    language: str = ""  # what the ETag covers: the owner's for a private feed, else the request's

    @property
    def cache_key(self):
        return f"summits.feed:{self.etag.strip(chr(34))}"


def state_for(kind, parts, stamps, *, language=None, **fields):
    """The ETag covers the language (the active one unless given): a feed in Hindi and in English
    are two documents."""
    language = language or get_language()
    key = (FEED_FORMAT, kind, settings.SITE_URL, language, *parts)
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    last_modified = max((s for s in stamps if isinstance(s, datetime)), default=EPOCH)
    return FeedState(f'"{digest}"', last_modified.replace(microsecond=0), language=language, **fields)


def aggregates(queryset, group, **aggregates):
    """Each aggregate over `queryset` as a scalar subquery; `group` is the field that the
    filter pins to the outer row (Django's documented form of an aggregate in a Subquery)."""
    rows = queryset.order_by().values(group)
    return {name: Subquery(rows.annotate(value=aggregate).values("value")) for name, aggregate in aggregates.items()}


def _people_markers(scope, group):
    """Speakers and moderators linked to the sessions in `scope`: the links touch no session row."""
    markers = {}
    for role in ("speakers", "moderators"):
        links = getattr(Session, role).through.objects.filter(**{f"session__{scope}": OuterRef("pk")})
        count, spread = Count("pk"), Sum(F("speaker_id") * F("session_id"))
        markers |= aggregates(links, f"session__{group}", **{f"{role}_links": count, f"{role}_spread": spread})
    return markers


def _app_markers(app, function, **refs):
    """Another app's change markers (`function` of its queries), if the app is installed."""
    return getattr(import_module(f"{app}.queries"), function)(**refs) if apps.is_installed(app) else {}


def recent(key, read):
    """`read()`, reused in this process for FEED_STATE_SECONDS."""
    seconds = getattr(settings, "FEED_STATE_SECONDS", 5)
    found = feed_cache().get(key) if seconds else None
    if found is None:
        found = read()
        if seconds and found is not None:
            feed_cache().set(key, found, seconds)
    return found


def public_feed_state(slug):
    """The state of a published summit's public feed, or None."""

    def read():
        sessions = Session.objects.filter(summit=OuterRef("pk"))
        markers = aggregates(sessions, "summit", updated=Max("updated"), n=Count("pk"), sequence=Sum("sequence"))
        markers |= _people_markers("summit", "summit")
        markers |= _app_markers("schedule", "release_markers", summit=OuterRef("pk"))
        published = Summit.objects.filter(slug=slug, status=SummitStatus.PUBLISHED)
        return published.values("pk", "updated", **{f"sessions_{k}": v for k, v in markers.items()}).first()

    markers = recent(f"summits.feed-state:public:{slug}", read)
    if markers is None:
        return None
    released = markers.get("sessions_release_id") is not None
    return state_for("public", sorted(markers.items()), markers.values(), summit_id=markers["pk"], released=released)


def personal_feed_state(poll, *, slug):
    """The state of a private feed in its owner's language, or None if `slug` is not its summit's.
    `poll` (tokens.FeedPoll, read on this poll) holds the registration's stamp and status as they
    are now: a verification or a status change moves the ETag at once."""
    markers = recent(f"summits.feed-state:personal:{poll.registration_id}", lambda: _personal_markers(poll))
    if markers is None or markers["summit_slug"] != slug:
        return None
    return state_for(
        "personal",
        [poll.registration_id, poll.registration_updated, poll.registration_status, sorted(markers.items())],
        [poll.registration_updated, *markers.values()],
        language=normalized(markers["owner_language"]),
        summit_id=poll.summit_id,
        on_delegation=bool(markers.get("itinerary_memberships")),
        released=markers.get("release_id") is not None,
        has_meetings=bool(markers.get("meetings_count")),
    )


def _personal_markers(poll):
    """The registration's summit (slug, stamp), its owner's language and the markers of all
    that the private feed shows, in one query; None if the registration is gone."""
    mine = Q(registration=OuterRef("pk"))
    signups = aggregates(
        SessionSignup.objects.filter(mine),
        "registration",
        signups_updated=Max("updated"),
        signups_count=Count("pk"),
        seats=Sum("session_id", filter=Q(status__in=IN_FEED)),
        sessions_updated=Max("session__updated"),
        sessions_sequence=Sum("session__sequence"),
    )
    clearances = aggregates(
        SessionClearance.objects.filter(mine),
        "registration",
        clearances_decided=Max("decided_at"),
        clearances_count=Count("pk"),
        cleared=Sum("session_id", filter=Q(granted=True)),
    )
    markers = signups | clearances | _people_markers("signups__registration", "signups__registration")
    markers |= _app_markers("delegations", "itinerary_markers", user=OuterRef("user_id"), summit=OuterRef("summit_id"))
    markers |= _app_markers("schedule", "release_markers", summit=OuterRef("summit_id"))
    markers |= _app_markers("meetings", "meeting_markers", registration=OuterRef("pk"))
    heads = dict(summit_slug=F("summit__slug"), summit_updated=F("summit__updated"))
    heads["owner_language"] = F("user__preferences__language")  # the owner's saved language, or None
    return Registration.objects.filter(pk=poll.registration_id).values(**heads, **markers).first()


def personal_feed_events(registration, access=None, *, site_url=None, itinerary=True, released=True, meetings=True):
    """Everything in a person's private feed, as CalendarEvents: the merge point of other areas.

    `access` defaults to the person's SessionAccess, built from the clearances read with
    their sessions. Each source's change markers belong in `personal_feed_state`.
    """
    site_url = site_url or settings.SITE_URL
    sessions = personal_sessions(registration)
    if released and sessions and apps.is_installed("schedule"):
        from schedule.queries import as_released

        sessions = as_released(registration.summit, sessions)  # seats are live; what is shown, released
    if access is None:
        cleared = frozenset(s.pk for s in sessions if s.is_cleared)
        access = SessionAccess(registration=registration, cleared_session_ids=cleared)
    summit = registration.summit
    events = session_events(sessions, summit=summit, access=access, site_url=site_url)
    if itinerary and registration.status in RegistrationStatus.active() and apps.is_installed("delegations"):
        from delegations.queries import itinerary_events_for

        events.extend(itinerary_events_for(registration.user, summit))
    if meetings and registration.status in RegistrationStatus.active() and apps.is_installed("meetings"):
        from meetings.calendar import meeting_events_for

        events.extend(meeting_events_for(registration, site_url=site_url))
    return events


def public_feed_bytes(summit, state, *, site_url=None):
    site_url = site_url or settings.SITE_URL
    access = SessionAccess()  # anonymous: closed sessions stay closed
    sessions = published_feed_sessions(summit, released=state.released)
    events = session_events(sessions, summit=summit, access=access, site_url=site_url)
    return summit_calendar(summit, events, name=summit.name, stamp=state.last_modified)


def personal_feed_bytes(registration_id, state, *, site_url=None):
    """The private feed, built: the whole registration row is read here only (eligibility may read any field)."""
    registration = Registration.objects.select_related("summit").get(pk=registration_id)
    # The markers counted the person's delegation memberships: none, no itinerary to read.
    events = personal_feed_events(
        registration,
        site_url=site_url,
        itinerary=state.on_delegation,
        released=state.released,
        meetings=state.has_meetings,
    )
    name = _("%(summit)s · my agenda") % {"summit": registration.summit.name}
    return summit_calendar(registration.summit, events, name=name, stamp=state.last_modified)
