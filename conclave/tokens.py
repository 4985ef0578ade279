"""Secret tokens in URLs (calendar feeds, invitations): one scheme for every app.

A token is URL-safe text whose first characters, the *selector*, find its row through a
unique index; the rest, the *verifier*, is then compared with `hmac.compare_digest`, so
response timing says nothing about how much of a guessed token was right. A token of the
wrong shape (length, alphabet, not text) names no row and never reaches the database.

Rows store the secret one of two ways, and `find_by_token` serves both:
- a selector column and a verifier column (`whole_token=False`: the verifier is compared);
- the whole token in one column beside its selector (`whole_token=True`: the whole is compared).

No app imports here: usable by any of them.
"""

import hmac
import re
import secrets

SELECTOR_LENGTH = 16  # characters: 96 random bits, enough for a unique index never to collide in practice
URL_SAFE = re.compile(r"[A-Za-z0-9_-]+")


def mint_token(nbytes):
    """`nbytes` random bytes as URL-safe text (4 characters per 3 bytes)."""
    return secrets.token_urlsafe(nbytes)


def selector_of(token, *, selector_length=SELECTOR_LENGTH):
    """The part of a token that finds its row (the rest is compared, not searched)."""
    return token[:selector_length]


def split_token(token, *, length, selector_length=SELECTOR_LENGTH):
    """(selector, verifier) of a token of the right shape; None for anything else."""
    if not isinstance(token, str) or len(token) != length or URL_SAFE.fullmatch(token) is None:
        return None
    return token[:selector_length], token[selector_length:]


def secrets_match(stored, presented):
    """Whether two secrets are equal, in time that does not depend on where they differ."""
    return hmac.compare_digest(stored.encode(), presented.encode())


def find_by_token(
    queryset, token, *, length, selector_field, secret_field, whole_token=False, selector_length=SELECTOR_LENGTH
):
    """The row of `queryset` (a model, or a dict from `.values()`) whose secret is `token` (one
    indexed query), or None for anything else: malformed (no query), unknown, or a right selector
    with a wrong rest, so that the caller's answer says nothing about which."""
    parts = split_token(token, length=length, selector_length=selector_length)
    if parts is None:
        return None
    selector, verifier = parts
    try:  # get(): the selector is unique, and no ORDER BY to compile on every poll
        found = queryset.get(**{selector_field: selector})
    except queryset.model.DoesNotExist:
        return None
    stored = found[secret_field] if isinstance(found, dict) else getattr(found, secret_field)  # .values() rows too
    if not secrets_match(stored, token if whole_token else verifier):
        return None
    return found
