"""The private feed's secret: issue, renew, and check it in the database on every poll.

The URL carries `selector + verifier` (conclave.tokens' scheme, the two parts stored in two
columns): the selector finds the live row through a unique index, the verifier is compared in
constant time, and a token of the wrong shape is refused without a query. Nothing is remembered between polls,
so a revoked URL is refused at once by every process on every host.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conclave.tokens import find_by_token, mint_token

from ..audit import log_action
from ..models import FeedToken, Registration

SELECTOR_BYTES, VERIFIER_BYTES = 12, 24  # 16 + 32 URL-safe characters: 288 random bits
TOKEN_LENGTH = 48


def find_live_token(token, *, slug):
    """The live FeedToken that `token` names in the summit `slug`, with its full registration
    and summit rows (one indexed query); None for anything else, so a 404 says nothing about which."""
    # The owner's saved language comes along: the feed is written in it (no extra query).
    live = FeedToken.objects.select_related("registration__summit", "registration__user__preferences").filter(
        revoked_at__isnull=True
    )
    found = find_by_token(live, token, length=TOKEN_LENGTH, selector_field="selector", secret_field="verifier")
    return found if found is not None and found.registration.summit.slug == slug else None


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
