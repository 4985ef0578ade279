"""The Redis behind Django's default cache, for the few things its cache API does slowly."""

from functools import lru_cache

from django.conf import settings

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def shared_redis():
    """A redis-py client of the default cache's server, or None when the cache is elsewhere."""
    default = settings.CACHES["default"]
    if default["BACKEND"] != REDIS_CACHE:
        return None
    return _client(default["LOCATION"])


@lru_cache(maxsize=4)
def _client(location):
    import redis

    return redis.Redis.from_url(location)
