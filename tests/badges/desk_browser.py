"""The offline desk in a real browser: a summit with a hall list, the desk opened as a staff member,
a scan that waits for its own answer. Shared by the desk's browser tests."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from badges.enums import ListKind
from badges.lists import create_checkin_list
from badges.services import badge_for, reprint_badge
from tests.factories import (
    CategoryFactory,
    RegistrationFactory,
    SummitFactory,
    UserFactory,
)


@pytest.fixture
def desk_setup(db):
    today = datetime.now(UTC).date()
    summit = SummitFactory(
        name="INDUS-X Bengaluru", start_date=today - timedelta(days=1), end_date=today + timedelta(days=1)
    )
    organizer = UserFactory()
    summit.organizers.add(organizer)
    hall = create_checkin_list(summit=summit, actor=organizer, name="Main hall", kind=ListKind.HALL)
    category = CategoryFactory(summit=summit, name="Startup / SME")
    known = RegistrationFactory(summit=summit, category=category, badge_name="Priya Raman", organisation="DRDO")
    lost = RegistrationFactory(summit=summit, category=category, badge_name="Vikram Rao")
    revoked = badge_for(lost).secret
    reprint_badge(badge_for(lost), actor=organizer)
    return {
        "summit": summit,
        "organizer": organizer,
        "hall": hall,
        "known": known,
        "known_code": badge_for(known).secret,
        "revoked_code": revoked,
    }


def open_desk(browser, live_server, summit, hall, user, desk):
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}{reverse('badges:desk', kwargs={'slug': summit.slug})}?list={hall.pk}&desk={desk}")
    status = page.locator("#offline-status")
    expect(status).to_have_attribute("data-state", "ready")
    expect(status).to_have_attribute("data-cached", "true")
    # Ready, in whatever language the desk speaks (its texts come from the page).
    expect(status).to_have_text(status.get_attribute("data-text-ready"))
    return context, page, errors


def scan(page, code, outcome):
    """Scan and wait for this scan's answer: `data-count` rises with every answer shown, so two
    equal verdicts in a row are told apart however fast or slow the machine is."""
    result = page.locator("#scan-result")
    before = int(result.get_attribute("data-count") or 0)
    field = page.get_by_label("Badge code")
    field.fill(code)
    field.press("Enter")
    expect(result).to_have_attribute("data-count", str(before + 1))
    expect(result).to_have_attribute("data-outcome", outcome)


def snapshots_stored(page):
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('conclave-snapshot:')).length")
