"""The private feed's secret: issue, renew, check, and the URL that carries it.

The URL carries `selector + verifier`. The selector finds the live token, the verifier
is compared in constant time. A revoked URL must answer 404 at once, on every app
server, while calendar apps poll every few minutes; so, with a cache that every app
server shares (Redis: FEED_TOKENS_IN_CACHE):

- a live token is remembered in the shared cache, and revoking writes a tombstone over
  it when the revocation commits. Fills use `cache.add`, which never overwrites, so a
  request that read the token just before the revocation cannot put it back;
- each process also remembers the live tokens it has read (`RememberedTokens`), and
  forgets one as soon as any server publishes its revocation: every lookup first reads
  what has arrived on the process's subscription, a poll of a socket, no round trip.

A per-process memory alone could not do this (another worker would go on serving a
revoked URL), so without a shared cache every poll checks the database.
"""

import hmac
import logging
import secrets
from dataclasses import astuple, dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from ops.redis import shared_redis

from ..audit import log_action
from ..models import FeedToken, Registration
from .remembered import CHANNEL, RememberedTokens
from .sql import cache_per_vendor, fetch_row, table

logger = logging.getLogger(__name__)

SELECTOR_BYTES, VERIFIER_BYTES = 12, 24  # 16 + 32 URL-safe characters: 288 random bits
SELECTOR_LENGTH, VERIFIER_LENGTH = 16, 32
TOKEN_LENGTH = SELECTOR_LENGTH + VERIFIER_LENGTH
# How long a live token is remembered; a tombstone outlives any entry it covers.
REMEMBER_SECONDS = 600
TOMBSTONE_SECONDS = REMEMBER_SECONDS + 60
REVOKED = "revoked"


@dataclass(frozen=True)
class LiveToken:
    id: int
    verifier: str
    registration_id: int  # never changes for a token


def tokens_in_cache():
    return getattr(settings, "FEED_TOKENS_IN_CACHE", False)


def _cache_key(selector):
    return f"summits.feed-token:{selector}"


@cache_per_vendor
def _live_token_sql():
    return f"SELECT id, verifier, registration_id FROM {table(FeedToken)} WHERE selector = %s AND revoked_at IS NULL"


def _read_live_token(selector):
    row = fetch_row(_live_token_sql(), [selector])
    return LiveToken(*row) if row is not None else None


_remembered = RememberedTokens()


def find_live_token(token, *, remembered_only=False):
    """The live token that `token` (selector + verifier) names, or None.

    None for anything else (malformed, unknown, revoked), so a 404 says nothing about
    which. `remembered_only`: look in this process's memory only (no round trip).
    """
    if not isinstance(token, str) or len(token) != TOKEN_LENGTH:
        return None
    selector, verifier = token[:SELECTOR_LENGTH], token[SELECTOR_LENGTH:]
    if tokens_in_cache():
        found = _remembered.get(selector)
        if found is None and not remembered_only:
            found = _shared_live_token(selector)
    elif remembered_only:
        return None
    else:
        found = _read_live_token(selector)
    if found is None or not hmac.compare_digest(found.verifier.encode(), verifier.encode()):
        return None
    return found


def _shared_live_token(selector):
    mark = _remembered.start_read()
    shared = cache.get(_cache_key(selector))
    if shared == REVOKED:
        return None
    if shared is None:
        found = _read_live_token(selector)
        if found is None:
            return None
        # A plain tuple: what the cache holds must outlive renames of this code.
        cache.add(_cache_key(selector), astuple(found), REMEMBER_SECONDS)
    else:
        found = LiveToken(*shared)
    _remembered.put(selector, found, mark)
    return found


def _forget(selectors):
    """Forget revoked (or deleted) tokens everywhere. Called inside the revoking transaction."""
    if not selectors or not tokens_in_cache():
        return
    # Before the commit, and loudly: if Redis cannot be reached, the revocation fails
    # (and can be tried again) rather than commit while Redis still holds the token.
    cache.delete_many([_cache_key(s) for s in selectors])
    transaction.on_commit(lambda: _tombstone_and_publish(selectors), robust=True)


def _tombstone_and_publish(selectors):
    """After the commit: tombstones (over a fill that read the token just before it), then
    a message to every process that remembers the tokens; this process forgets at once,
    since Redis may answer the publisher before it writes to the subscribers."""
    try:
        cache.set_many({_cache_key(s): REVOKED for s in selectors}, TOMBSTONE_SECONDS)
        with shared_redis().pipeline(transaction=False) as pipe:
            for selector in selectors:
                pipe.publish(CHANNEL, selector)
            pipe.execute()
    except Exception:
        logger.exception("Revoked feed tokens could not be announced; other servers forget them within seconds")
        raise
    finally:
        for selector in selectors:
            _remembered.forget(selector)


@receiver(post_delete, sender=FeedToken, dispatch_uid="summits.feeds.forget_deleted_token")
def _forget_deleted_token(sender, instance, **kwargs):
    # Deleting a registration, a user or a summit deletes their tokens by cascade: no
    # service of ours runs then, so the signal is the one place that sees it.
    _forget([instance.selector])


def live_feed_token(registration):
    return FeedToken.objects.filter(registration=registration, revoked_at__isnull=True).first()


def renew_feed_token(registration, *, actor=None):
    """Revoke the registration's live feed token (if any) and issue a new one.

    The old URL answers 404 from the moment this commits.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("summit").get(pk=registration.pk)
        live = FeedToken.objects.filter(registration=registration, revoked_at__isnull=True)
        revoked = list(live.values_list("selector", flat=True))
        live.update(revoked_at=timezone.now())
        _forget(revoked)
        token = FeedToken.objects.create(
            registration=registration,
            selector=secrets.token_urlsafe(SELECTOR_BYTES),
            verifier=secrets.token_urlsafe(VERIFIER_BYTES),
        )
        action = "summits.feed_token.renewed" if revoked else "summits.feed_token.issued"
        log_action(action, actor=actor, summit=registration.summit, obj=registration)
    return token


def personal_feed_url(feed_token, *, site_url=None):
    site_url = site_url or settings.SITE_URL
    path = reverse(
        "summits:personal-feed",
        kwargs={"slug": feed_token.registration.summit.slug, "token": feed_token.token},
    )
    return site_url + path
