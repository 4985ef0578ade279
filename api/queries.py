"""Reads of the API app: a person's tokens, the token a request presents, what a person may use."""

import hashlib

from conclave.tokens import secrets_match, split_token
from summits.models import Summit

from .models import TOKEN_LENGTH, ApiToken


def hash_verifier(verifier):
    return hashlib.sha256(verifier.encode()).hexdigest()


def token_for_secret(raw):
    """The active token whose secret is `raw`, or None for anything else (malformed: no query;
    unknown, wrong or revoked: one indexed query). The verifier's hash is compared in constant time."""
    parts = split_token(raw, length=TOKEN_LENGTH)
    if parts is None:
        return None
    selector, verifier = parts
    token = ApiToken.objects.select_related("user", "summit").filter(selector=selector).first()
    if token is None or not secrets_match(token.verifier_hash, hash_verifier(verifier)):
        return None
    if not token.is_active or not token.user.is_active:
        return None
    return token


def is_staff_somewhere(user):
    """Staff (admin, an organizer or desk staff of any summit): their tokens reach staff data."""
    from badges.models import CheckinStaff

    return (
        user.is_staff
        or Summit.objects.filter(organizers=user).exists()
        or CheckinStaff.objects.filter(user=user).exists()
    )


def tokens_of(user):
    return ApiToken.objects.filter(user=user).select_related("summit").order_by("-created", "-pk")


def summits_for_tokens(user):
    """Summits a person may make a token for: the ones they organize, staff a desk at, are
    registered for or lead a delegation at."""
    from django.db.models import Q

    return (
        Summit.objects.filter(
            Q(organizers=user)
            | Q(registrations__user=user)
            | Q(checkin_staff__user=user)
            | Q(delegations__lead=user)
            | Q(delegations__memberships__user=user)
        )
        .distinct()
        .order_by("-start_date", "name")
    )


def summit_signups(summit):
    """Every sign-up of a summit, for its organizers: session and registration, in queue order."""
    from summits.models import SessionSignup

    return (
        SessionSignup.objects.filter(session__summit=summit)
        .select_related("session__summit", "session__room")
        .order_by("session__starts_at", "session_id", "created", "pk")
    )
