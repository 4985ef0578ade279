"""Fixed-window rate limits in Django's cache (Redis in production, so all app servers share them).

    @rate_limit("scan", rate="120/m", key=lambda request, **kw: f"{request.user.pk}")
    def scan(request, slug): ...

Over the limit the view answers 429 with Retry-After and is not run.
"""

import ipaddress
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext

from .redis import shared_redis

PERIODS = {"s": 1, "m": 60, "h": 3600}


def parse_rate(rate):
    count, _, unit = rate.partition("/")
    return int(count), PERIODS[unit]


def hit(scope, key, rate, *, now=None):
    """Count one request; return 0 if allowed, else the seconds until the window resets."""
    limit, period = parse_rate(rate)
    now = time.time() if now is None else now
    window = int(now // period)
    cache_key = f"rl:{scope}:{key}:{window}"
    count = _count(cache_key, period + 1)
    if count <= limit:
        return 0
    return max(1, int((window + 1) * period - now))


def _count(cache_key, timeout):
    """Add one to the window's counter and return it."""
    client = shared_redis()
    if client is not None:
        # One round trip to Redis (Django's cache needs three: add, exists, incr). The first
        # count of a window sets its expiry; were that lost, the key names its window anyway.
        count = client.incr(f"conclave:{cache_key}")
        if count == 1:
            client.expire(f"conclave:{cache_key}", timeout)
        return count
    cache.add(cache_key, 0, timeout=timeout)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=timeout)
        return 1


def too_many_requests(retry_after, request=None):
    message = gettext("Too many requests. Please wait a moment and try again.")
    if request is not None and "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"error": "rate_limited", "message": message}, status=429)
    else:
        response = HttpResponse(message + "\n", status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    return response


def client_ip(request):
    """The client's address, the one function every limit uses (allauth's through
    conclave.accounts). Without BEHIND_PROXY, X-Forwarded-For is the client's own words and
    is ignored. Behind N trusted proxies (TRUSTED_PROXY_COUNT), each appended the address it
    saw, so the Nth entry from the right is the last one a client could not forge."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    count = max(1, settings.TRUSTED_PROXY_COUNT)
    # Fewer entries than proxies: the request came in past an outer proxy; its first entry
    # was still written by one of ours.
    candidate = forwarded[-count] if len(forwarded) >= count else forwarded[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def rate_limit(scope, *, rate, key=None):
    """Decorate a function view. `rate` is "N/s|m|h", or the name of a setting that holds one
    (read per request, so an operator or a test can change it)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            identity = key(request, **kwargs) if key else client_ip(request)
            retry_after = hit(scope, identity, getattr(settings, rate) if rate.isupper() else rate)
            if retry_after:
                return too_many_requests(retry_after, request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
