"""The `feeds` cache keeps built bytes as they are (no copy per poll), and everything else as
Django's local-memory cache does: pickled, expiring, culled."""

import pytest
from django.core.cache import caches

from ops.bytes_cache import BytesAsIsLocMemCache


@pytest.fixture
def feeds_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "bytes-test": {"BACKEND": "ops.bytes_cache.BytesAsIsLocMemCache", "OPTIONS": {"MAX_ENTRIES": 3}},
    }
    cache = caches["bytes-test"]
    assert isinstance(cache, BytesAsIsLocMemCache)
    cache.clear()
    yield cache
    cache.clear()


def test_bytes_come_back_as_the_same_object_without_a_copy(feeds_cache):
    body = b"BEGIN:VCALENDAR\r\n" * 20_000
    feeds_cache.set("feed", body, 60)
    assert feeds_cache.get("feed") is body
    assert feeds_cache.get_many(["feed", "missing"]) == {"feed": body}


def test_other_values_are_pickled_so_a_caller_cannot_change_the_cached_copy(feeds_cache):
    markers = {"updated": 1, "items": [1, 2]}
    feeds_cache.set("markers", markers, 60)
    markers["items"].append(3)
    found = feeds_cache.get("markers")
    assert found == {"updated": 1, "items": [1, 2]} and found is not markers
    feeds_cache.set("text", bytearray(b"mutable"), 60)  # not bytes: pickled
    assert feeds_cache.get("text") == bytearray(b"mutable")


def test_kept_bytes_expire_and_are_culled_like_any_value(feeds_cache):
    feeds_cache.set("gone", b"x", timeout=-1)
    assert feeds_cache.get("gone", b"default") == b"default"
    for n in range(6):
        feeds_cache.set(f"feed-{n}", bytes([n]), 60)
    kept = [n for n in range(6) if feeds_cache.get(f"feed-{n}") is not None]
    assert kept and len(kept) <= 3 and 5 in kept
