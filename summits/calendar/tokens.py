"""The private feed's secret: issue, renew, and check it in the database on every poll.

The URL carries `selector + verifier` (conclave.tokens' scheme, the two parts stored in two
columns): the selector finds the live row through a unique index, the verifier is compared in
constant time, and a token of the wrong shape is refused without a query. Nothing is remembered between polls,
so a revoked URL is refused at once by every process on every host.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from conclave.tokens import mint_token, secrets_match, split_token

from ..audit import log_action
from ..models import FeedToken, Registration

SELECTOR_BYTES, VERIFIER_BYTES = 12, 24  # 16 + 32 URL-safe characters: 288 random bits
TOKEN_LENGTH = 48
SELECTOR = "<selector>"  # stands for a poll's selector in the query compiled once; no token has "<"


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


@cache
def _live_token_query(vendor):
    """(SQL, parameters) of the live-token read, as the ORM writes it for this database, compiled
    once per process: compiling it was most of a poll's CPU. Only the SQL is kept; every poll
    runs it with its own selector and reads the row afresh. Two tables of this app, no others."""
    live = Registration.objects.filter(feed_tokens__selector=SELECTOR, feed_tokens__revoked_at__isnull=True)
    rows = live.annotate(verifier=F("feed_tokens__verifier")).only("updated", "status", "summit_id", "user_id")
    return rows.order_by().query.sql_with_params()


def find_live_token(token):
    """The FeedPoll of the live token `token` (one indexed query of a few columns), or None for
    anything else (malformed: no query; unknown; wrong verifier), so a 404 says nothing about which."""
    parts = split_token(token, length=TOKEN_LENGTH)
    if parts is None:
        return None
    sql, params = _live_token_query(connection.vendor)
    params = [parts[0] if param == SELECTOR else param for param in params]
    row = next(iter(Registration.objects.raw(sql, params)), None)  # the selector is unique
    if row is None or not secrets_match(row.verifier, parts[1]):
        return None
    return FeedPoll(row.pk, row.updated, row.status, row.summit_id, row.user_id)


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
