"""The `feeds` cache backend: Django's local-memory cache, keeping bytes as they are.

LocMemCache pickles every value so that no caller can change a cached object. Bytes cannot
be changed, and unpickling copies them: 350 KB for a 500-session feed on every poll, which
cost more than the rest of an unchanged poll. Other values are pickled as before.
"""

import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class _Kept:
    __slots__ = ("value",)  # marks a value stored as is; pickled values are bytes themselves

    def __init__(self, value):
        self.value = value


class BytesAsIsLocMemCache(LocMemCache):
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if type(value) is not bytes:
            return super().set(key, value, timeout, version)
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, _Kept(value), timeout)

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            stored = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return stored.value if type(stored) is _Kept else pickle.loads(stored)
