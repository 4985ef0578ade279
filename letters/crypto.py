"""Field encryption for passport data: Fernet tokens under keys from FIELD_ENCRYPTION_KEY.

Several comma-separated keys are allowed: the first encrypts, every one decrypts (key
rotation: put the new key first, run `manage.py rotate_letter_keys`, then drop the old one).
Without the variable (development only: production settings refuse to start) a key is
derived from SECRET_KEY, and `manage.py check --deploy` warns (letters.W001).
"""

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken", "decrypt", "encrypt", "key_is_derived", "parse_keys", "rotate_token"]


def derived_key(secret_key):
    return base64.urlsafe_b64encode(hashlib.sha256(b"conclave-letters:" + secret_key.encode()).digest()).decode()


def parse_keys(value):
    """The Fernet objects of a comma-separated key list; ImproperlyConfigured for a bad key."""
    keys = [part.strip() for part in (value or "").split(",") if part.strip()]
    try:
        return [Fernet(key) for key in keys]
    except ValueError:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be comma-separated Fernet keys (32 url-safe base64 bytes each). "
            "Make one with: python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        ) from None


def key_is_derived():
    return not (settings.FIELD_ENCRYPTION_KEY or "").strip()


@lru_cache(maxsize=4)
def _multifernet(keys, secret_key):
    fernets = parse_keys(keys) or [Fernet(derived_key(secret_key))]
    return MultiFernet(fernets)


def cipher():
    return _multifernet(settings.FIELD_ENCRYPTION_KEY or "", settings.SECRET_KEY)


def encrypt(data: bytes) -> str:
    return cipher().encrypt(data).decode("ascii")


def decrypt(token: str) -> bytes:
    return cipher().decrypt(token.encode("ascii"))


def rotate_token(token: str) -> str:
    """The same plaintext, encrypted under the first key."""
    return cipher().rotate(token.encode("ascii")).decode("ascii")
