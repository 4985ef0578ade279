"""axe-core on the webhook endpoint page with a delivery log (the demo has no endpoint, so the
site-wide crawl does not reach it) and on the token page right after a token is made."""

import pytest

from tests.browser.test_accessibility import AXE, log_in, violations_on
from webhooks.models import Attempt
from webhooks.services import create_endpoint, queue_delivery

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def axe_source():
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` at the repository root.")
    return AXE.read_text()


def test_endpoint_page_and_new_token_page_pass_axe(live_server, browser, axe_source, settings, summit, organizer):
    settings.WEBHOOKS_ALLOW_PRIVATE, settings.WEBHOOKS_REQUIRE_HTTPS = True, False
    endpoint = create_endpoint(summit=summit, url="http://127.0.0.1:9/h", events=["session.changed"], actor=organizer)
    delivery = queue_delivery(endpoint, "session.changed", {"x": 1})
    Attempt.objects.create(delivery=delivery, number=1, status_code=500, duration_ms=12)
    Attempt.objects.create(delivery=delivery, number=2, error="timeout", duration_ms=500)
    context = browser.new_context(bypass_csp=True)
    log_in(context, live_server, organizer)
    page = context.new_page()
    page.goto(f"{live_server.url}/summits/{summit.slug}/manage/webhooks/{endpoint.pk}/")
    assert page.locator("[data-delivery]").count() == 1
    assert violations_on(page, axe_source) == []
    page.goto(f"{live_server.url}/api/tokens/")
    page.get_by_label("Name").fill("Partner site")
    page.get_by_label("Summit").select_option(summit.slug)
    page.get_by_role("button", name="Create token").click()
    assert page.locator("[data-token]").count() == 1
    assert violations_on(page, axe_source) == []
    context.close()
