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
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conclave.tokens import find_by_token, mint_token

from ..audit import log_action
from ..models import FeedToken, Registration

SELECTOR_BYTES, VERIFIER_BYTES = 12, 24  # 16 + 32 URL-safe characters: 288 random bits
TOKEN_LENGTH = 48


@dataclass(frozen=True)
class FeedPoll:
    """What a poll needs of a live token's registration and summit: what moves the ETag. The
    registration row itself is read only when the feed is built (`personal_feed_bytes`)."""

    registration_id: int
    registration_updated: datetime
    registration_status: str
    summit_id: int
    summit_updated: datetime
    owner_language: str | None  # the owner's saved language (the feed is written in it), or None


POLL_COLUMNS = {
    "registration_id": "registration_id",
    "registration_updated": "registration__updated",
    "registration_status": "registration__status",
    "summit_id": "registration__summit_id",
    "summit_updated": "registration__summit__updated",
    "owner_language": "registration__user__preferences__language",
}


@cache
def _live_token_rows():
    """The query without its selector, set up once per process (joins resolved, never run:
    `get()` runs a copy): it is most of the ORM's work of a poll. It holds no row."""
    live = FeedToken.objects.filter(revoked_at__isnull=True)
    return live.values("verifier", "registration__summit__slug", *POLL_COLUMNS.values())


def find_live_token(token, *, slug):
    """The FeedPoll of the live token `token` names in the summit `slug` (one indexed query of a
    few columns, no model built); None for anything else, so a 404 says nothing about which."""
    rows = _live_token_rows()
    row = find_by_token(rows, token, length=TOKEN_LENGTH, selector_field="selector", secret_field="verifier")
    if row is None or row["registration__summit__slug"] != slug:
        return None
    return FeedPoll(**{name: row[column] for name, column in POLL_COLUMNS.items()})


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
