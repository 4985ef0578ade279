"""In Chromium: a lead types a time that happens twice, is asked which, chooses, and it is saved so."""

from datetime import UTC, datetime

import pytest

from delegations.models import ItineraryItem
from tests.delegations.helpers import sign_in
from tests.factories import DelegationFactory, SummitFactory, UserFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_lead_chooses_the_second_of_two_0130s_when_new_york_clocks_go_back(live_server, browser, tmp_path):
    summit = SummitFactory(timezone="America/New_York")
    lead = UserFactory(email="lead@example.org")
    delegation = DelegationFactory(summit=summit, lead=lead)
    page = browser.new_context().new_page()
    sign_in(page, live_server, "lead@example.org")

    page.goto(f"{live_server.url}/delegations/{delegation.pk}/itinerary/add/")
    page.select_option("#id_kind", "meeting")
    page.fill("#id_title", "Night call with Delhi")
    page.fill("#id_starts_at", "2027-11-07T01:30")
    page.select_option("#id_start_tz", "America/New_York")
    page.fill("#id_ends_at", "2027-11-07T03:00")
    page.fill("#id_location", "Hotel lobby")
    page.get_by_role("button", name="Save").click()

    error = page.locator("#id_starts_at_error")
    assert error.inner_text() == (
        "01:30 happens twice on 7 Nov 2027 in America/New_York: "
        "choose the first (EDT, UTC\u221204:00) or the second (EST, UTC\u221205:00)."
    )
    assert page.input_value("#id_title") == "Night call with Delhi"  # nothing typed is lost
    assert page.input_value("#id_starts_at") == "2027-11-07T01:30"
    assert not ItineraryItem.objects.exists()
    page.screenshot(path=tmp_path / "fold-choice.png", full_page=True)

    page.get_by_label("The second 01:30 (EST, UTC\u221205:00), 06:30 UTC").check()
    page.get_by_role("button", name="Save").click()
    assert "Itinerary saved" in page.content()
    item = ItineraryItem.objects.get()
    assert item.starts_at == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)
    assert item.ends_at == datetime(2027, 11, 7, 8, 0, tzinfo=UTC)
