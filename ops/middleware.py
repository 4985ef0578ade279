import json
import logging
import time

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext

logger = logging.getLogger("conclave.request")


class RequestLogMiddleware:
    """One JSON line per request with its timing. Logs the URL *pattern*, never the raw
    path, so secrets in URLs (calendar-feed tokens, invitation tokens) stay out of logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        if not logger.isEnabledFor(logging.INFO):
            return response  # REQUEST_LOG_LEVEL above INFO: no line, so build none
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        logger.info(
            json.dumps(
                {
                    "method": request.method,
                    "route": match.route if match else "(unresolved)",
                    "view": match.view_name if match else "",
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - start) * 1000, 1),
                    "user": user.pk if user is not None and user.is_authenticated else None,
                },
                separators=(",", ":"),
            )
        )
        return response


class RejectNulInQueryMiddleware:
    """A NUL character in the query string is never legitimate, and PostgreSQL refuses it
    in any text comparison (a search box would answer 500). Answer 400 up front.
    Form fields have Django's own null-character validator."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            return HttpResponseBadRequest(
                gettext("The address contains a NUL character.") + "\n", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
