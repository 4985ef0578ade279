"""In Chromium: an attendee marks a time they cannot meet in the hour New York repeats, is asked
which 01:30 they mean, chooses the second, and it is saved so; then sees it beside its offset."""

from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect

from meetings.models import Unavailability
from tests.delegations.helpers import sign_in
from tests.factories import SummitFactory, UserFactory
from tests.meetings.helpers import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_attendee_chooses_the_second_0130_for_a_time_they_cannot_meet(live_server, page):
    summit = SummitFactory(timezone="America/New_York", start_date=date(2027, 11, 6), end_date=date(2027, 11, 7))
    me = person(summit, user=UserFactory(email="attendee@example.org"))
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "attendee@example.org")

    page.goto(f"{live_server.url}/summits/{summit.slug}/meetings/")
    page.get_by_label("Day").fill("2027-11-07")
    page.get_by_label("From").fill("01:30")
    page.get_by_label("Until").fill("02:30")
    page.get_by_label("Note").fill("Call with Washington")
    page.get_by_role("button", name="Add").click()

    expect(page.locator("#id_start_error")).to_have_text(
        "01:30 happens twice on 7 Nov 2027 in America/New_York: "
        "choose the first (EDT, UTC\u221204:00) or the second (EST, UTC\u221205:00)."
    )
    expect(page.get_by_label("Note")).to_have_value("Call with Washington")  # nothing typed is lost
    assert not Unavailability.objects.exists()

    page.get_by_label("The second 01:30 (EST, UTC\u221205:00), 06:30 UTC").check()
    page.get_by_role("button", name="Add").click()
    # The list names which 01:30: the clock alone would name two instants.
    expect(page.locator("li", has_text="Call with Washington")).to_contain_text("Sun 7 Nov 01:30 EST–02:30")
    item = Unavailability.objects.get(registration=me)
    assert (item.starts_at, item.ends_at) == (
        datetime(2027, 11, 7, 6, 30, tzinfo=UTC),
        datetime(2027, 11, 7, 7, 30, tzinfo=UTC),
    )
