import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from summits.models import Session, SessionSignup
from tests.factories import CategoryFactory, RegistrationFactory, RoomFactory, SummitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    """Sign `user` in by handing the browser a real session cookie."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_organizer_builds_a_roundtable_and_the_waiting_list_promotes(live_server, page):
    organizer = UserFactory(email="organizer@example.org")
    summit = SummitFactory(name="INDUS-X Bengaluru", organizers=[organizer])
    RoomFactory(summit=summit, name="Kaveri Hall", capacity=40)
    category = CategoryFactory(summit=summit)
    asha = RegistrationFactory(summit=summit, category=category, badge_name="Asha Menon").user
    ben = RegistrationFactory(summit=summit, category=category, badge_name="Ben Carter").user
    page.set_default_timeout(10_000)

    # The organizer clicks the empty 10:00 cell of Kaveri Hall in the grid and fills the form.
    log_in(page, live_server, organizer)
    page.goto(f"{live_server.url}/summits/{summit.slug}/manage/agenda/")
    page.get_by_role("link", name="New session in Kaveri Hall at 10:00").first.click()
    expect(page.get_by_label("Room")).to_have_value(str(summit.rooms.get().pk))
    page.get_by_role("textbox", name="Title", exact=True).fill("Roundtable: undersea sensing")
    page.get_by_label("End time").fill("11:30")
    page.get_by_label("Capacity").fill("1")
    page.get_by_label("Attendees sign up").check()
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".grid-session", has_text="Roundtable: undersea sensing")).to_contain_text("10:00–11:30")
    session = Session.objects.get(title="Roundtable: undersea sensing")
    session_url = f"{live_server.url}/summits/{summit.slug}/sessions/{session.pk}/"

    # Asha takes the only seat.
    log_in(page, live_server, asha)
    page.goto(session_url)
    expect(page.locator(".seats")).to_contain_text("0 of 1")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("[data-signup-status]")).to_have_text("You have a seat.")

    # Ben lands on the waiting list, first in line.
    log_in(page, live_server, ben)
    page.goto(session_url)
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.locator("[data-signup-status]")).to_contain_text("You are number 1 on the waiting list.")

    # Asha cancels from her agenda; Ben is promoted and emailed.
    log_in(page, live_server, asha)
    page.goto(f"{live_server.url}/summits/{summit.slug}/me/agenda/")
    expect(page.locator(".session-title")).to_contain_text("Roundtable: undersea sensing")
    page.get_by_role("button", name="Cancel my seat").click()
    expect(page.get_by_text("Your sign-up is cancelled.")).to_be_visible()

    log_in(page, live_server, ben)
    page.goto(session_url)
    expect(page.locator("[data-signup-status]")).to_have_text("You have a seat.")
    assert SessionSignup.objects.get(registration__user=ben).status == "confirmed"
    assert mail.outbox[-1].to == [ben.email]
    assert mail.outbox[-1].subject == "INDUS-X Bengaluru: a seat freed up: you are in"


def test_organizer_drags_a_session_to_another_room_and_hour(live_server, page):
    from datetime import datetime, time

    organizer = UserFactory()
    summit = SummitFactory(organizers=[organizer])
    hall, annex = RoomFactory(summit=summit, name="Hall"), RoomFactory(summit=summit, name="Annex")
    start = datetime.combine(summit.start_date, time(10), tzinfo=summit.tz)
    session = Session.objects.create(
        summit=summit, title="Draggable", room=hall, starts_at=start, ends_at=start.replace(hour=11)
    )
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(10_000)
    log_in(page, live_server, organizer)
    page.goto(f"{live_server.url}/summits/{summit.slug}/manage/agenda/")
    source = page.locator(".grid-session", has_text="Draggable")
    day = f"{summit.start_date.day} {summit.start_date:%b}"
    target = page.get_by_role("link", name=f"New session in Annex at 14:00 on {day}")
    # The HTML5 drag-and-drop events a mouse drag fires (Playwright's mouse drag does not start one here).
    data = page.evaluate_handle("() => new DataTransfer()")
    source.dispatch_event("dragstart", {"dataTransfer": data})
    target.dispatch_event("dragover", {"dataTransfer": data})
    target.dispatch_event("drop", {"dataTransfer": data})
    expect(page.locator(".grid-session", has_text="Draggable")).to_contain_text("14:00–15:00")
    session.refresh_from_db()
    assert (session.room, session.starts_at.astimezone(summit.tz).hour) == (annex, 14)
    assert errors == []
