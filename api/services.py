"""Writes of the API app: make, revoke and note the use of API tokens."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from conclave.tokens import mint_token, selector_of
from summits.audit import log_action

from .models import TOKEN_BYTES, ApiToken
from .queries import hash_verifier

# A busy client would otherwise write its token row on every request.
LAST_USE_RESOLUTION = timedelta(minutes=1)


def create_token(*, user, summit, name, scope):
    """A new token; returns (token row, secret). The secret is shown once and never stored."""
    secret = mint_token(TOKEN_BYTES)
    selector = selector_of(secret)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            summit=summit,
            name=name,
            scope=scope,
            selector=selector,
            verifier_hash=hash_verifier(secret[len(selector) :]),
        )
        log_action("api.token.created", actor=user, summit=summit, obj=token, scope=scope)
    return token, secret


def revoke_token(token, *, actor):
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action("api.token.revoked", actor=actor, summit=token.summit, obj=token)
    return token


def record_token_use(token, *, now=None):
    """Note when the token was last used, to the minute (one conditional UPDATE at most a minute)."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USE_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
