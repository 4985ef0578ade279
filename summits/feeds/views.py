"""Thin HTTP views: 304 from the state alone, cached bytes by ETag, or a build."""

import threading
from collections import OrderedDict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_POST, require_safe

from ops.ratelimit import LocalWindows, hit, too_many_requests

from ..eligibility import SessionAccess
from ..enums import RegistrationStatus
from ..ical import session_ics
from ..models import FeedToken, Registration, Session, Speaker, Summit
from .events import personal_feed_bytes, public_feed_bytes
from .state import personal_feed_state, public_feed_state, registration_from_state_row, state_for
from .tokens import renew_feed_token

CONTENT_TYPE = "text/calendar; charset=utf-8"


def cache_seconds():
    return getattr(settings, "FEED_CACHE_SECONDS", 24 * 3600)


class RecentBytes:
    """Built feeds by ETag in this process, up to a byte budget, least recently used out.

    Bytes under an ETag never change, so keeping them here is always safe, and an
    unchanged feed is then served without even a round trip to the shared cache.
    """

    def __init__(self, budget=32 * 1024 * 1024):
        self.budget = budget
        self.used = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()  # threaded servers share it

    def __contains__(self, key):
        return key in self.entries

    def get(self, key):
        with self.lock:
            body = self.entries.get(key)
            if body is not None:
                self.entries.move_to_end(key)
            return body

    def put(self, key, body):
        with self.lock:
            if key in self.entries or len(body) > self.budget // 4:
                return
            self.entries[key] = body
            self.used += len(body)
            while self.used > self.budget:
                _, dropped = self.entries.popitem(last=False)
                self.used -= len(dropped)


_recent_bytes = RecentBytes()
_memory_answers = LocalWindows()


def answerable_from_memory(request, state):
    """A 304, or bytes this process holds: an answer with no round trip at all."""
    return state.cache_key in _recent_bytes or _not_modified(request, state) is not None


def feed_bytes(key, build):
    """The feed's bytes: from this process, the shared cache, or `build()` (then kept in both)."""
    if not cache_seconds():
        return build()
    body = _recent_bytes.get(key)
    if body is None:
        body = cache.get(key)
        if body is None:
            body = build()
            cache.set(key, body, cache_seconds())
        _recent_bytes.put(key, body)
    return body


# --- HTTP -------------------------------------------------------------------------------------------


def _headers(response, state, *, private):
    response["ETag"] = state.etag
    response["Last-Modified"] = http_date(state.last_modified.timestamp())
    # Clients may keep a copy but must ask again (cheaply: a 304) before using it.
    response["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
    if private:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _not_modified(request, state):
    return get_conditional_response(request, etag=state.etag, last_modified=int(state.last_modified.timestamp()))


def calendar_response(request, state, build, *, private=False, filename="calendar.ics", attachment=False):
    """304 if the client's copy is current, else the feed's bytes (cached by ETag, built once)."""
    not_modified = _not_modified(request, state)
    if not_modified is not None:
        return _headers(not_modified, state, private=private)
    body = feed_bytes(state.cache_key, build)
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
def personal_feed(request, slug, token):
    """A person's private feed at a secret URL; no login, since calendar apps cannot log in.

    FEED_RATE_LIMIT is counted in the shared cache before any lookup, except for polls
    that this process answers from memory (token, state and the answer itself
    remembered): those cost less than a round trip to count them, so each process
    counts them itself, up to the same limit; past it, they are counted like the rest.
    """
    found = personal_feed_state(slug, token, remembered_only=True)
    from_memory = found is not None and answerable_from_memory(request, found[0])
    if not (from_memory and _memory_answers.hit("feed", token[:16], settings.FEED_RATE_LIMIT) == 0):
        retry_after = hit("feed", token[:16], settings.FEED_RATE_LIMIT)
        if retry_after:
            return too_many_requests(retry_after, request)
        found = found or personal_feed_state(slug, token)
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
    # Speakers added or removed do not touch the session row; their ids are prefetched.
    people = [[p.pk for p in session.speakers.all()], [p.pk for p in session.moderators.all()]]
    parts = [session.pk, session.sequence, session.updated, visible, summit.updated, people]
    state = state_for("session", parts, [session.updated, summit.updated], summit_id=summit.pk)
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
