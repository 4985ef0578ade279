import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from badges.services import badge_for
from tests.factories import CategoryFactory, CheckinStaffFactory, RegistrationFactory, SummitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_scan_a_badge_like_a_handheld_scanner_then_again(live_server, page):
    summit = SummitFactory(name="INDUS-X Bengaluru")
    registration = RegistrationFactory(
        summit=summit, category=CategoryFactory(summit=summit, name="Startup / SME"), badge_name="विक्रम चौधरी"
    )
    secret = badge_for(registration).secret
    staff = CheckinStaffFactory(summit=summit).user
    client = Client()
    client.force_login(staff)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    errors = []
    page.on(
        "response",
        lambda response: (
            errors.append(response.url)
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/summits/{summit.slug}/manage/checkin/")

    code = page.get_by_label("Badge code")
    expect(code).to_be_focused()
    code.press_sequentially(secret, delay=5)  # a scanner types the code...
    code.press("Enter")  # ...and presses Enter
    result = page.locator("#scan-result")
    expect(result).to_have_attribute("data-outcome", "checked_in")
    expect(result).to_have_class("scan-result scan-ok")
    expect(result).to_contain_text("विक्रम चौधरी")
    expect(code).to_have_value("")
    assert page.url.endswith("/manage/checkin/")  # answered in place, no reload

    code.press_sequentially(secret, delay=5)
    code.press("Enter")
    expect(result).to_have_attribute("data-outcome", "already_checked_in")
    expect(result).to_have_class("scan-result scan-warn")
    expect(result).to_contain_text("Already checked in at")
    assert errors == []
