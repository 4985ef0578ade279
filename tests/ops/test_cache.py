"""The default cache in production: Django's Redis cache with one redis-py client per pool."""

import pytest
from django.core.cache import caches

from ops.redis import shared_redis

pytestmark = pytest.mark.django_db


def test_values_round_trip_through_redis_and_one_client_serves_every_call(shared_cache):
    cache = caches["default"]
    cache.set("greeting", {"text": "नमस्ते", "n": 3}, 30)
    cache.set("counter", 1, 30)
    cache.incr("counter", 4)
    assert cache.get("greeting") == {"text": "नमस्ते", "n": 3}
    assert cache.get("counter") == 5
    assert cache.get_many(["greeting", "missing"]) == {"greeting": {"text": "नमस्ते", "n": 3}}
    cache.delete("greeting")
    assert cache.get("greeting", "gone") == "gone"
    # The values are in the server, not in this process.
    assert shared_cache.exists(cache.make_key("counter")) == 1
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


def test_rate_limits_still_find_the_shared_redis(shared_cache):
    assert shared_redis() is not None


def test_a_signed_in_session_is_read_from_the_cache(client, shared_cache, django_assert_num_queries):
    from django.contrib.sessions.backends.cached_db import SessionStore

    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    with django_assert_num_queries(0):
        data = SessionStore(session_key=client.cookies["sessionid"].value).load()
    assert data["_auth_user_id"] == str(user.pk)
