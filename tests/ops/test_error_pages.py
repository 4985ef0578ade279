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
