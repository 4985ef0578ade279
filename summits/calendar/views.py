"""Thin HTTP views: 304 from the state alone, built bytes from the cache by ETag, or a build."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ops.ratelimit import rate_limit

from ..models import Summit
from .feeds import feed_cache, personal_feed_bytes, personal_feed_state, public_feed_bytes, public_feed_state
from .tokens import find_live_token

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
    poll = find_live_token(token)
    state = personal_feed_state(poll, slug=slug) if poll is not None else None
    if state is None:
        raise Http404

    def build():
        return personal_feed_bytes(poll.registration_id, state)

    # In the owner's language, whatever the calendar app asks.
    with translation.override(state.language):
        return calendar_response(request, state, build, private=True, filename=f"{slug}-my-agenda.ics")
