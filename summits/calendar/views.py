"""Thin HTTP views: 304 from the state alone, built bytes from the cache by ETag, or a build."""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.language import normalized
from ops.ratelimit import rate_limit

from ..enums import RegistrationStatus
from ..models import FeedToken, Registration, Session, Speaker, Summit
from ..screening.eligibility import SessionAccess
from .feeds import feed_cache, personal_feed_bytes, personal_feed_state, public_feed_bytes, public_feed_state, state_for
from .ical import session_ics
from .tokens import find_live_token, renew_feed_token

CONTENT_TYPE = "text/calendar; charset=utf-8"


def feed_bytes(key, build):
    """The feed's bytes: from the cache by ETag (bytes under an ETag never change), or `build()`."""
    seconds = getattr(settings, "FEED_CACHE_SECONDS", 24 * 3600)
    if not seconds:
        return build()
    body = feed_cache().get(key)
    if body is None:
        body = build()
        feed_cache().set(key, body, seconds)
    return body


def _headers(response, state, *, private):
    response["ETag"] = state.etag
    response["Last-Modified"] = http_date(state.last_modified.timestamp())
    # Clients may keep a copy but must ask again (cheaply: a 304) before using it.
    response["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
    if private:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def calendar_response(
    request, state, build, *, private=False, filename="calendar.ics", attachment=False, content_type=CONTENT_TYPE
):
    """304 if the client's copy is current, else the feed's bytes (cached by ETag, built once)."""
    last_modified = int(state.last_modified.timestamp())
    not_modified = get_conditional_response(request, etag=state.etag, last_modified=last_modified)
    if not_modified is not None:
        return _headers(not_modified, state, private=private)
    # The ETag covers the language already; the key says so too, whoever computed the state.
    response = HttpResponse(feed_bytes(f"{state.cache_key}:{get_language()}", build), content_type=content_type)
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
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
    """A person's private feed at a secret URL; no login, since calendar apps cannot log in.

    The token is looked up on every poll, so a revoked URL answers 404 at once everywhere.
    """
    poll = find_live_token(token, slug=slug)
    if poll is None:
        raise Http404
    # The owner's language, whatever the calendar app asks.
    with translation.override(normalized(poll.owner_language)):
        return personal_feed_response(request, poll, slug=slug)


def personal_feed_response(request, poll, *, slug):
    """The private feed's answer (304, cached bytes or a build) in the active language, all of
    it here: rendering in the owner's language is one `translation.override` around this call."""
    state = personal_feed_state(poll)

    def build():
        return personal_feed_bytes(poll.registration_id, state)

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
    stamps = [session.updated, summit.updated]
    shown, release = _as_released(summit, session)
    if release is not None:
        # What the file shows is the release's; the live row above still decides who may see it.
        visible = visible and access.can_see(shown)
        parts += [release.pk, visible]
        stamps.append(release.released_at)
    state = state_for("session", parts, stamps)
    if not visible and access.can_see(shown):
        shown = session  # closed now though open in the release: the live row renders it closed
    return calendar_response(
        request,
        state,
        lambda: session_ics(shown, access, stamp=state.last_modified),
        private=True,
        filename=f"session-{session.pk}.ics",
        attachment=True,
    )


def _as_released(summit, session):
    """(the session as the summit's latest release has it, that release), or (session, None) for
    a summit never released or a session not in the release yet (as on the session page)."""
    if not apps.is_installed("schedule"):
        return session, None
    from schedule.queries import latest_release, released_versions

    shown = released_versions(summit, [session]).get(session.pk)
    return (shown, latest_release(summit)) if shown is not None else (session, None)


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
        messages.success(request, _("Your private calendar link is renewed. The old link no longer works."))
    else:
        messages.success(request, _("Your private calendar link is ready."))
    return redirect(reverse("summits:me", kwargs={"slug": slug}) + "#calendar-feed")
