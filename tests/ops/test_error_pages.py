import pytest

pytestmark = pytest.mark.django_db


def test_404_page_is_in_site_style_and_leaks_nothing(client):
    response = client.get("/summits/no-such-summit/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html and 'class="site-header"' in html
    assert "Traceback" not in html and "no-such-summit" not in html


def test_request_log_line_names_the_route_not_the_path(client, caplog):
    with caplog.at_level("INFO", logger="conclave.request"):
        client.get("/summits/secret-token-like-slug/")
    [record] = [r for r in caplog.records if r.name == "conclave.request"]
    assert '"route":"summits/<slug:slug>/"' in record.getMessage()
    assert "secret-token-like-slug" not in record.getMessage()


def test_nul_in_query_string_is_a_400_not_a_database_error(client):
    response = client.get("/summits/", {"q": "a\x00b"})
    assert response.status_code == 400


def test_django_request_log_never_prints_a_live_feed_token(client, registration, caplog, settings):
    from summits.calendar.tokens import renew_feed_token

    settings.FEED_RATE_LIMIT = "1/m"
    token = renew_feed_token(registration).token
    url = f"/summits/{registration.summit.slug}/me/calendar/{token}.ics"
    with caplog.at_level("WARNING", logger="django.request"):
        client.get(url)
        assert client.get(url).status_code == 429
        assert client.post(url).status_code == 405
    messages = [r.getMessage() for r in caplog.records if r.name == "django.request"]
    assert len(messages) == 2
    assert all(token not in m and token[:16] not in m for m in messages), messages
    assert messages[0] == "Too Many Requests: /summits/<slug:slug>/me/calendar/<str:token>.ics"
