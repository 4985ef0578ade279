from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .health import health_report


@never_cache
def healthz(request):
    report = health_report()
    return JsonResponse(report, status=200 if report["healthy"] else 503)


def too_many_requests(request, exception=None):
    """429 for allauth's limits (sign-up, login, password reset) in the site's style."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
