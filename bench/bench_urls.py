"""URLs of bench/feeds.py's gunicorn: the site's, plus a trivial view (the floor feeds are measured against)."""

from django.http import HttpResponse
from django.urls import path

from conclave.urls import handler429  # noqa: F401
from conclave.urls import urlpatterns as site_urlpatterns


def ping(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("summits/_bench/ping/", ping), *site_urlpatterns]
