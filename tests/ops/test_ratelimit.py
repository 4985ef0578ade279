import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from ops.ratelimit import client_ip, hit, rate_limit
from tests.factories import RegistrationFactory


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_hit_allows_up_to_the_limit_then_says_how_long_to_wait():
    assert [hit("t", "k", "3/m", now=120.0) for _ in range(3)] == [0, 0, 0]
    assert hit("t", "k", "3/m", now=150.0) == 30
    assert hit("t", "k", "3/m", now=180.0) == 0  # a new window
    assert hit("t", "other", "3/m", now=150.0) == 0  # keys are separate


def test_decorated_view_answers_429_with_retry_after():
    @rate_limit("feed", rate="2/m", key=lambda request, token: token)
    def view(request, token):
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    statuses = [view(request, token="abc").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = view(request, token="abc")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert view(request, token="xyz").status_code == 200


@pytest.mark.django_db
def test_private_feed_is_limited_per_token_with_429(client, registration, settings):
    from summits.calendar.tokens import renew_feed_token

    settings.FEED_RATE_LIMIT = "2/m"
    token = renew_feed_token(registration).token
    url = f"/summits/{registration.summit.slug}/me/calendar/{token}.ics"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    other = renew_feed_token(RegistrationFactory(summit=registration.summit, category=registration.category)).token
    assert client.get(f"/summits/{registration.summit.slug}/me/calendar/{other}.ics").status_code == 200


@pytest.mark.django_db
def test_scan_endpoint_is_limited_per_desk_user(client, summit, organizer, settings):
    settings.SCAN_RATE_LIMIT = "2/m"
    client.force_login(organizer)
    url = f"/summits/{summit.slug}/manage/checkin/scan/"
    statuses = [
        client.post(url, {"code": "ABCDEFGHJKMN", "desk": "Desk 1"}, HTTP_ACCEPT="application/json").status_code
        for _ in range(3)
    ]
    assert statuses[:2] != [429, 429] and statuses[2] == 429
    response = client.post(url, {"code": "ABCDEFGHJKMN"}, HTTP_ACCEPT="application/json")
    assert response.json()["error"] == "rate_limited" and int(response["Retry-After"]) > 0


@pytest.mark.parametrize(
    ("behind_proxy", "count", "forwarded_for", "expected"),
    [
        (False, 1, "198.51.100.9", "192.0.2.1"),
        (True, 1, "", "192.0.2.1"),
        (True, 1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),
        (True, 2, "6.6.6.6, 198.51.100.9, 10.0.0.2", "198.51.100.9"),
        (True, 3, "198.51.100.9, 10.0.0.2", "198.51.100.9"),
        (True, 1, "6.6.6.6, not-an-address", "192.0.2.1"),
    ],
)
def test_client_ip_reads_forwarded_for_only_behind_the_proxy(settings, behind_proxy, count, forwarded_for, expected):
    settings.BEHIND_PROXY = behind_proxy
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected
