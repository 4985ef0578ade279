from django.conf import settings
from rest_framework.throttling import BaseThrottle

from ops.ratelimit import client_ip, hit

from .models import ApiToken


class ApiRateThrottle(BaseThrottle):
    """ops.ratelimit's fixed window (shared by every app server through Redis): per token, else
    per signed-in person, else per client address. API_RATE_LIMIT, read per request."""

    def allow_request(self, request, view):
        if isinstance(request.auth, ApiToken):
            key = f"token:{request.auth.pk}"
        elif request.user.is_authenticated:
            key = f"user:{request.user.pk}"
        else:
            key = f"ip:{client_ip(request)}"
        self.retry_after = hit("api", key, settings.API_RATE_LIMIT)
        return not self.retry_after

    def wait(self):
        return self.retry_after
