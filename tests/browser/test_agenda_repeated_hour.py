"""In Chromium: an organizer types a session time that happens twice, is asked which, chooses, and it is saved so."""

from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect

from summits.models import Session
from tests.delegations.helpers import sign_in
from tests.factories import RoomFactory, SummitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organizer_chooses_the_second_of_two_0130s_when_new_york_clocks_go_back(live_server, page, tmp_path):
    organizer = UserFactory(email="organizer@example.org")
    summit = SummitFactory(
        name="Transatlantic Dual-Use Forum",
        timezone="America/New_York",
        start_date=date(2027, 11, 6),
        end_date=date(2027, 11, 8),
        organizers=[organizer],
    )
    room = RoomFactory(summit=summit, name="Hudson Room", capacity=40)
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "organizer@example.org")

    page.goto(f"{live_server.url}/summits/{summit.slug}/manage/agenda/sessions/new/")
    page.get_by_role("textbox", name="Title", exact=True).fill("Night watch: undersea sensing")
    page.get_by_label("Room").select_option(str(room.pk))
    page.get_by_label("Day").fill("2027-11-07")
    page.get_by_label("Start time").fill("01:30")
    page.get_by_label("End time").fill("03:00")
    page.get_by_role("button", name="Save session").click()

    expect(page.locator("#id_start_time_error")).to_have_text(
        "01:30 happens twice on 7 Nov 2027 in America/New_York: "
        "choose the first (EDT, UTC\u221204:00) or the second (EST, UTC\u221205:00)."
    )
    expect(page.get_by_role("textbox", name="Title", exact=True)).to_have_value(
        "Night watch: undersea sensing"
    )  # nothing typed is lost
    expect(page.get_by_label("Start time")).to_have_value("01:30")
    assert not Session.objects.exists()
    page.screenshot(path=tmp_path / "agenda-fold-choice.png", full_page=True)

    page.get_by_label("The second 01:30 (EST, UTC\u221205:00), 06:30 UTC").check()
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".grid-session", has_text="Night watch")).to_be_visible()
    session = Session.objects.get()
    assert session.starts_at == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)
    assert session.ends_at == datetime(2027, 11, 7, 8, 0, tzinfo=UTC)
