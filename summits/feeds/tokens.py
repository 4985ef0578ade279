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
import os
import secrets
import threading
from dataclasses import astuple, dataclass
from time import monotonic

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from ops.redis import shared_redis, subscriber

from ..audit import log_action
from ..models import FeedToken, Registration
from .sql import cache_per_vendor, fetch_row, table

SELECTOR_BYTES, VERIFIER_BYTES = 12, 24  # 16 + 32 URL-safe characters: 288 random bits
SELECTOR_LENGTH, VERIFIER_LENGTH = 16, 32
TOKEN_LENGTH = SELECTOR_LENGTH + VERIFIER_LENGTH
# How long a live token is remembered; a tombstone outlives any entry it covers.
REMEMBER_SECONDS = 600
TOMBSTONE_SECONDS = REMEMBER_SECONDS + 60
REVOKED = "revoked"
# Revoked selectors are published here; a process remembers a token this long at most
# (a bound in case its subscription silently stops hearing, as in a network partition).
CHANNEL = "conclave:feed-token-revoked"
LOCAL_SECONDS = 30


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


class RememberedTokens:
    """Live tokens this process has read, forgotten the moment any server revokes one.

    It trusts its memory only while subscribed to CHANNEL: until the subscription is
    confirmed, and from the moment it breaks, it remembers nothing (a subscription
    that comes back may have missed messages, so it starts empty).
    """

    def __init__(self):
        self.lock = threading.Lock()  # threaded servers share one subscription
        self.entries = {}  # selector -> (expires, LiveToken)
        self.generation = 0  # moves with every message: a read that spans one is not kept
        self.pubsub = None
        self.pid = None

    def get(self, selector):
        with self.lock:
            if not self._listening():
                return None
            entry = self.entries.get(selector)
            return entry[1] if entry is not None and entry[0] > monotonic() else None

    def start_read(self):
        """A mark to pass to `put`, taken before reading a token elsewhere."""
        with self.lock:
            return self.generation if self._listening() else None

    def put(self, selector, live, mark):
        with self.lock:
            if mark is None or not self._listening() or mark != self.generation:
                return  # a revocation may have arrived while it was being read
            if len(self.entries) >= 10000:
                self.entries.clear()
            self.entries[selector] = (monotonic() + LOCAL_SECONDS, live)

    def _listening(self):
        """Read what has arrived on the subscription; True if the memory can be trusted."""
        if self.pubsub is None or self.pid != os.getpid():  # a forked child has its own
            self._subscribe()
            return self.pubsub is not None
        try:
            while (message := self.pubsub.get_message(timeout=0)) is not None:
                self._heard(message)
        except Exception:  # noqa: BLE001 - a broken subscription: forget everything, trust nothing
            self._drop_subscription()
            return False
        return True

    def _subscribe(self):
        self._forget_all()
        client = subscriber()
        if client is None:
            return
        try:
            pubsub = client.pubsub()
            pubsub.subscribe(CHANNEL)
            confirmed = pubsub.get_message(timeout=1)
        except Exception:  # noqa: BLE001 - Redis unreachable: no memory, the cache will say why
            return
        if confirmed is None or confirmed["type"] != "subscribe":
            pubsub.close()
            return
        self.pubsub, self.pid = pubsub, os.getpid()

    def _heard(self, message):
        if message["type"] == "message":
            self.entries.pop(message["data"].decode(), None)
            self.generation += 1
        elif message["type"] == "subscribe":  # subscribed again after a reconnect
            self._forget_all()

    def _drop_subscription(self):
        try:
            self.pubsub.close()
        finally:
            self.pubsub = None
            self._forget_all()

    def _forget_all(self):
        self.entries.clear()
        self.generation += 1


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
    """Once the revocation (or deletion) commits: tombstones in the shared cache, then a
    message to every process that may remember the tokens."""
    if not selectors or not tokens_in_cache():
        return

    def forget():
        cache.set_many({_cache_key(s): REVOKED for s in selectors}, TOMBSTONE_SECONDS)
        with shared_redis().pipeline(transaction=False) as pipe:
            for selector in selectors:
                pipe.publish(CHANNEL, selector)
            pipe.execute()

    transaction.on_commit(forget)


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
