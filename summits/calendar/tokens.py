"""The private feed's secret: issue, renew, and check it in the database on every poll.

The URL carries `selector + verifier` (conclave.tokens' scheme, the two parts stored in two
columns): the selector finds the live row through a unique index, the verifier is compared in
constant time, and a token of the wrong shape is refused without a query. Nothing is remembered between polls,
so a revoked URL is refused at once by every process on every host.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conclave.compiled_query import CompiledRead
from conclave.tokens import mint_token, secrets_match, split_token

from ..audit import log_action
from ..models import FeedToken, Registration

SELECTOR_BYTES, VERIFIER_BYTES = 12, 24  # 16 + 32 URL-safe characters: 288 random bits
TOKEN_LENGTH = 48


@dataclass(frozen=True)
class FeedPoll:
    """What a poll reads with the live token: its registration's id, owner and summit, and the
    row's stamp and status, so a change to the registration (a verification) moves the ETag at
    once. The whole row is read only when the feed is built (`personal_feed_bytes`)."""

    registration_id: int
    registration_updated: datetime
    registration_status: str
    summit_id: int
    user_id: int


def _live_token_rows(selector):
    """The live token's verifier with its registration's poll columns: two tables of this app."""
    live = Registration.objects.filter(feed_tokens__selector=selector, feed_tokens__revoked_at__isnull=True)
    return live.values_list("feed_tokens__verifier", "pk", "updated", "status", "summit_id", "user_id")


# Compiling the read was most of a poll's CPU; every poll still reads the row afresh.
_LIVE_TOKEN = CompiledRead(Registration, _live_token_rows, selector="<selector>")  # no token has "<"


def find_live_token(token):
    """The FeedPoll of the live token `token` (one indexed query of a few columns), or None for
    anything else (malformed: no query; unknown; wrong verifier), so a 404 says nothing about which."""
    parts = split_token(token, length=TOKEN_LENGTH)
    if parts is None:
        return None
    row = _LIVE_TOKEN.first(selector=parts[0])  # the selector is unique
    if row is None or not secrets_match(row[0], parts[1]):
        return None
    return FeedPoll(*row[1:])


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
            selector=mint_token(SELECTOR_BYTES),
            verifier=mint_token(VERIFIER_BYTES),
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
