"""The Redis behind Django's default cache, for the few things its cache API does slowly."""

from functools import lru_cache

from django.conf import settings

# Django's own backend, and ours (ops/cache.py: the same, one client per pool).
REDIS_CACHES = ("django.core.cache.backends.redis.RedisCache", "ops.cache.PooledClientRedisCache")


def shared_redis():
    """A redis-py client of the default cache's server, or None when the cache is elsewhere."""
    default = settings.CACHES["default"]
    if default["BACKEND"] not in REDIS_CACHES:
        return None
    return _client(default["LOCATION"])


@lru_cache(maxsize=4)
def _client(location):
    import redis

    return redis.Redis.from_url(location)
