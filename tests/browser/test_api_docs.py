"""The API docs (Swagger UI from the sidecar package) render under the site's strict CSP, with
no CSP violation, and list the API's operations."""

import pytest
from playwright.sync_api import expect

from tests.factories import SummitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_under_the_strict_csp(live_server, page):
    SummitFactory()
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    assert page.locator(".opblock").count() >= 14
    assert refused == []
