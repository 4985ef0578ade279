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


def subscriber():
    """A client for a subscription, or None: no retries, so a broken connection is seen
    (redis-py would otherwise reconnect quietly, and miss what was published meanwhile)."""
    default = settings.CACHES["default"]
    if default["BACKEND"] != REDIS_CACHE:
        return None
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    location = default["LOCATION"]
    # TCP keepalive where there is TCP (a Unix socket takes no such option).
    network = {} if location.startswith("unix:") else {"socket_keepalive": True}
    return redis.Redis.from_url(location, retry=Retry(NoBackoff(), 0), socket_connect_timeout=1, **network)
