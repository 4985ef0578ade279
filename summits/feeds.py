"""Calendar feeds: the public agenda, a person's private feed, single-session downloads.

Layers, top to bottom: the feed *state* (one query: the object plus aggregates that
change whenever the feed would), token *services*, the *events* that go into a
feed, and thin *views* that answer 304 from the state alone, serve built bytes from
the cache keyed by the ETag, or build the feed with the pure builders in ical.py.

Calendar apps poll every few minutes, so a 304 costs one query, an unchanged feed
one query plus a cache read, and a full build a fixed number of queries.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_POST, require_safe

from .audit import log_action
from .eligibility import SessionAccess
from .enums import RegistrationStatus, SignupStatus, SummitStatus
from .ical import build_calendar, session_event, session_ics, summit_range, uid_host
from .models import FeedToken, Registration, Session, SessionClearance, SessionSignup, Speaker, Summit

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Raise when the feed's layout changes, so cached bytes and clients' ETags are renewed.
FEED_FORMAT = 1
SELECTOR_BYTES, VERIFIER_BYTES = 12, 24  # 16 + 32 URL-safe characters: 288 random bits
SELECTOR_LENGTH, VERIFIER_LENGTH = 16, 32
TOKEN_LENGTH = SELECTOR_LENGTH + VERIFIER_LENGTH
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def cache_seconds():
    return getattr(settings, "FEED_CACHE_SECONDS", 24 * 3600)


# --- Feed state: what a feed depends on, read in one query ------------------------------------


def _scalar(queryset, group, **aggregate):
    """A correlated subquery returning one aggregate of `queryset` (filtered by OuterRef)."""
    [(name, expression)] = aggregate.items()
    return Subquery(queryset.order_by().values(group).annotate(**{name: expression}).values(name)[:1])


def _session_aggregates(summit_ref):
    sessions = Session.objects.filter(summit=summit_ref)
    links = Session.speakers.through.objects.filter(session__summit=summit_ref)
    mods = Session.moderators.through.objects.filter(session__summit=summit_ref)
    integer = IntegerField()
    return {
        "st_sessions_updated": _scalar(sessions, "summit", m=Max("updated")),
        "st_sessions": Coalesce(_scalar(sessions, "summit", c=Count("pk")), 0, output_field=integer),
        "st_sequences": Coalesce(_scalar(sessions, "summit", c=Sum("sequence")), 0, output_field=integer),
        # Speakers added or removed do not touch the session row: count the links.
        "st_speaker_links": Coalesce(_scalar(links, "session__summit", c=Count("pk")), 0, output_field=integer),
        "st_speaker_sum": Coalesce(_scalar(links, "session__summit", c=Sum("speaker_id")), 0, output_field=integer),
        "st_moderator_links": Coalesce(_scalar(mods, "session__summit", c=Count("pk")), 0, output_field=integer),
    }


def _registration_aggregates(registration_ref):
    signups = SessionSignup.objects.filter(registration=registration_ref)
    confirmed = signups.filter(status=SignupStatus.CONFIRMED)
    clearances = SessionClearance.objects.filter(registration=registration_ref)
    integer = IntegerField()
    return {
        "st_signups_updated": _scalar(signups, "registration", m=Max("updated")),
        "st_signups": Coalesce(_scalar(signups, "registration", c=Count("pk")), 0, output_field=integer),
        # Status changes made with a conditional UPDATE may not touch `updated`:
        # the set of confirmed sessions is fingerprinted by its count and id sum.
        "st_confirmed": Coalesce(_scalar(confirmed, "registration", c=Count("pk")), 0, output_field=integer),
        "st_confirmed_sum": Coalesce(_scalar(confirmed, "registration", c=Sum("session_id")), 0, output_field=integer),
        "st_clearances_updated": _scalar(clearances, "registration", m=Max("decided_at")),
        "st_clearances": Coalesce(
            _scalar(clearances.filter(granted=True), "registration", c=Sum("session_id")), 0, output_field=integer
        ),
    }


@dataclass(frozen=True)
class FeedState:
    etag: str  # quoted, as sent in the ETag header
    last_modified: datetime

    @property
    def cache_key(self):
        return f"summits.feed:{self.etag.strip(chr(34))}"


def _state(kind, parts, stamps):
    digest = hashlib.sha256(repr((FEED_FORMAT, kind, settings.SITE_URL, *parts)).encode()).hexdigest()[:32]
    last_modified = max((s for s in stamps if s is not None), default=EPOCH)
    return FeedState(etag=f'"{digest}"', last_modified=last_modified.replace(microsecond=0))


def public_feed_summit(slug):
    """The published summit with the state of its public feed, or None. One query."""
    return (
        Summit.objects.filter(slug=slug, status=SummitStatus.PUBLISHED)
        .annotate(**_session_aggregates(OuterRef("pk")))
        .first()
    )


def public_feed_state(summit):
    parts = [summit.pk, summit.name, summit.timezone, summit.updated]
    parts += [getattr(summit, name) for name in sorted(_session_aggregates(None))]
    return _state("public", parts, [summit.updated, summit.st_sessions_updated])


def feed_token_for(slug, token):
    """The live token matching `token` for the summit `slug`, with its feed state. One query.

    The selector finds the row; the verifier is compared in constant time. Anything
    else (malformed, unknown, revoked, another summit) is None, and the view's 404
    says nothing about which.
    """
    if not isinstance(token, str) or len(token) != TOKEN_LENGTH:
        return None
    selector, verifier = token[:SELECTOR_LENGTH], token[SELECTOR_LENGTH:]
    found = (
        FeedToken.objects.filter(selector=selector, revoked_at__isnull=True, registration__summit__slug=slug)
        .select_related("registration__summit")
        .annotate(
            **_session_aggregates(OuterRef("registration__summit")),
            **_registration_aggregates(OuterRef("registration")),
        )
        .first()
    )
    if found is None or not hmac.compare_digest(found.verifier.encode(), verifier.encode()):
        return None
    return found


def personal_feed_state(feed_token):
    registration = feed_token.registration
    summit = registration.summit
    aggregates = sorted(_session_aggregates(None)) + sorted(_registration_aggregates(None))
    parts = [feed_token.pk, registration.pk, registration.updated, registration.status, summit.pk, summit.updated]
    parts += [getattr(feed_token, name) for name in aggregates]
    parts += list(personal_feed_extra_state(registration))
    stamps = [
        summit.updated,
        registration.updated,
        feed_token.st_sessions_updated,
        feed_token.st_signups_updated,
        feed_token.st_clearances_updated,
    ]
    return _state("personal", parts, stamps)


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


def feed_sessions(summit):
    """A summit's sessions with what a feed shows, in three queries whatever their number."""
    return (
        summit.sessions.select_related("room")
        .prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.order_by("name")),
            Prefetch("moderators", queryset=Speaker.objects.order_by("name")),
        )
        .order_by("starts_at", "room__position", "title", "pk")
    )


def personal_sessions(registration):
    """Sessions the person holds a confirmed seat in (cancelled sessions stay, as cancelled)."""
    if registration.status not in RegistrationStatus.active():
        return []
    summit = registration.summit
    sessions = list(
        feed_sessions(summit).filter(signups__registration=registration, signups__status=SignupStatus.CONFIRMED)
    )
    for session in sessions:
        session.summit = summit
    return sessions


def personal_feed_events(registration, access, *, site_url=None):
    """Everything in a person's private feed, as CalendarEvents.

    Other areas merge their events here (the delegation's itinerary will): add a call
    below, and its change marker to `personal_feed_extra_state`, so the ETag moves.
    """
    site_url = site_url or settings.SITE_URL
    summit = registration.summit
    host = uid_host(site_url)
    events = [
        session_event(s, summit=summit, visible=access.can_see(s), site_url=site_url, host=host)
        for s in personal_sessions(registration)
    ]
    return events


def personal_feed_extra_state(registration):
    """Change markers of the non-session parts of a private feed (at most one query in all)."""
    return ()


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
    access = SessionAccess.for_registration(registration)
    events = personal_feed_events(registration, access, site_url=site_url)
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
    summit = public_feed_summit(slug)
    if summit is None:
        raise Http404
    state = public_feed_state(summit)
    return calendar_response(
        request, state, lambda: public_feed_bytes(summit, state), filename=f"{summit.slug}-agenda.ics"
    )


@require_safe
def personal_feed(request, slug, token):
    """A person's private feed at a secret URL; no login, since calendar apps cannot log in."""
    feed_token = feed_token_for(slug, token)
    if feed_token is None:
        raise Http404
    registration = feed_token.registration
    state = personal_feed_state(feed_token)
    return calendar_response(
        request,
        state,
        lambda: personal_feed_bytes(registration, state),
        private=True,
        filename=f"{registration.summit.slug}-my-agenda.ics",
    )


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
    state = _state("session", parts, [session.updated, summit.updated])
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
