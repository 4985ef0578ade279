"""No secret from a URL reaches a log line: every token-bearing route through a failing CSRF
check, a 404, a 429 and runserver's access line, with every logger captured at DEBUG."""

import logging

import pytest
from django.core.cache import cache
from django.core.servers.basehttp import WSGIRequestHandler
from django.test import Client

from ops.logfilters import RouteInsteadOfPathFilter, scrub_arg

pytestmark = pytest.mark.django_db

TOKEN = "Sekr3t-token-0123456789abcdefghijklmnopqrstuvwxyzAB"
KEY = "sekr3tkey0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghi"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def token_urls(slug):
    """Every route that carries a secret: ours (grep `token` in the urls modules) and allauth's keys."""
    return [
        f"/summits/{slug}/me/calendar/{TOKEN}.ics",
        f"/delegations/feed/{TOKEN}.ics",
        f"/delegations/invitations/{TOKEN}/",
        f"/accounts/confirm-email/{KEY}/",
        f"/accounts/password/reset/key/1-{KEY}/",
    ]


def assert_no_secret(caplog, expected_lines):
    output = caplog.text + "\n".join(record.getMessage() for record in caplog.records)
    # Any casing, and percent-encoded or not: the secrets' letters never appear.
    assert TOKEN.lower() not in output.lower() and KEY not in output.lower()
    for line in expected_lines:
        assert line in output, output


def test_a_failing_csrf_check_logs_the_route_only(summit, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client(enforce_csrf_checks=True)
    for url in token_urls(summit.slug):
        assert client.post(f"{url}?next=/delegations/invitations/{TOKEN}/", {"x": "1"}).status_code == 403, url
    assert_no_secret(
        caplog,
        [
            "Forbidden (CSRF cookie not set.): /summits/<slug:slug>/me/calendar/<str:token>.ics",
            "Forbidden (CSRF cookie not set.): /delegations/feed/<str:token>.ics",
            "Forbidden (CSRF cookie not set.): /delegations/invitations/<str:token>/",
        ],
    )
    assert len([r for r in caplog.records if r.name == "django.security.csrf"]) == 5


def test_a_404_for_an_unknown_token_logs_the_route_only(client, summit, caplog):
    caplog.set_level(logging.DEBUG)
    for url in token_urls(summit.slug)[:3]:
        assert client.get(url).status_code == 404, url
    assert_no_secret(
        caplog,
        [
            "Not Found: /summits/<slug:slug>/me/calendar/<str:token>.ics",
            "Not Found: /delegations/feed/<str:token>.ics",
            "Not Found: /delegations/invitations/<str:token>/",
        ],
    )


def test_a_429_on_a_token_route_logs_the_route_only(client, summit, caplog, settings):
    settings.FEED_RATE_LIMIT = "1/m"
    caplog.set_level(logging.DEBUG)
    # The invitation link has no rate limit of its own: only the feeds can answer 429.
    for url in token_urls(summit.slug)[:2]:
        cache.clear()  # both feeds count per token in one scope
        assert [client.get(url).status_code for _ in range(2)] == [404, 429], url
    assert_no_secret(
        caplog,
        [
            "Too Many Requests: /summits/<slug:slug>/me/calendar/<str:token>.ics",
            "Too Many Requests: /delegations/feed/<str:token>.ics",
        ],
    )


def test_runserver_access_lines_show_the_route_only(summit, caplog):
    caplog.set_level(logging.DEBUG)
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)  # runserver's handler, without a socket
    handler.request = None
    for url in token_urls(summit.slug):
        handler.requestline = f"GET {url}?next=/delegations/feed/{TOKEN}.ics HTTP/1.1"
        handler.log_message('"%s" %s %s', handler.requestline, "404", "179")
    assert_no_secret(
        caplog,
        [
            '"GET /summits/<slug:slug>/me/calendar/<str:token>.ics HTTP/1.1" 404 179',
            '"GET /delegations/feed/<str:token>.ics HTTP/1.1" 404 179',
            '"GET /delegations/invitations/<str:token>/ HTTP/1.1" 404 179',
        ],
    )
    assert len([r for r in caplog.records if r.name == "django.server"]) == 5


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("/delegations/feed/abc.ics", "/delegations/feed/<str:token>.ics"),
        ("/delegations/feed/abc.ics?x=1", "/delegations/feed/<str:token>.ics"),
        ("/no/such/place/abc", "(unresolved path)"),
        ("POST /healthz?t=1 HTTP/1.1", "POST /healthz HTTP/1.1"),
        ("CSRF cookie not set.", "CSRF cookie not set."),
        (404, 404),
    ],
)
def test_scrub_arg_puts_the_route_in_place_of_a_path(arg, expected):
    assert scrub_arg(arg) == expected


def test_the_filter_rewrites_a_record_once_so_a_second_pass_keeps_the_route():
    record = logging.LogRecord(
        "django.server", logging.WARNING, __file__, 1, '"%s" %s', ("GET /healthz HTTP/1.1", "404"), None
    )
    log_filter = RouteInsteadOfPathFilter()
    log_filter.filter(record)
    log_filter.filter(record)  # the logger's filter, then the console handler's
    assert record.getMessage() == '"GET /healthz HTTP/1.1" 404'
