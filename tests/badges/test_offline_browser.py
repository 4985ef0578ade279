"""The offline desk in a real browser: load it, cut the network, reload, scan, restore, and
watch the queue drain; two desks offline scanning one badge."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from badges.enums import ListKind
from badges.lists import create_checkin_list
from badges.models import ListEntry
from badges.services import badge_for
from summits.enums import Restriction
from summits.models import AcknowledgementAcceptance
from summits.screening.acknowledgements import attach_acknowledgement, create_acknowledgement
from tests.badges.desk_browser import open_desk, scan, snapshots_stored
from tests.factories import (
    CheckinStaffFactory,
    RegistrationFactory,
    SignupFactory,
    roundtable,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_desk_reloads_and_answers_offline_then_uploads_its_queue(browser, live_server, desk_setup):
    s = desk_setup
    staff = CheckinStaffFactory(summit=s["summit"]).user
    context, page, errors = open_desk(browser, live_server, s["summit"], s["hall"], staff, "North")
    status = page.locator("#offline-status")

    context.set_offline(True)
    page.reload()
    expect(status).to_have_attribute("data-state", "offline")
    scan(page, s["known_code"], "checked_in")
    expect(page.locator("#scan-result")).to_contain_text("Priya Raman")
    expect(page.locator("#scan-result")).to_have_class("scan-result scan-ok")
    scan(page, s["revoked_code"], "revoked")
    expect(page.locator("#scan-result")).to_have_class("scan-result scan-bad")
    scan(page, "QQQQRRRRSSSSTTTTUUUUVVVV", "unknown")
    scan(page, s["known_code"], "already_checked_in")
    expect(page.locator("#scan-result")).to_contain_text("Already checked in at")
    expect(status).to_have_attribute("data-queued", "4")
    expect(status).to_contain_text("4 scans waiting")
    expect(status).to_contain_text("Offline since")
    assert ListEntry.objects.count() == 0

    context.set_offline(False)
    expect(status).to_have_attribute("data-queued", "0", timeout=20_000)
    expect(status).to_have_attribute("data-state", "ready")
    expect(status).to_have_text("Up to date")
    assert ListEntry.objects.filter(registration=s["known"], first=True).count() == 1
    assert sorted(ListEntry.objects.values_list("outcome", flat=True)) == [
        "already_checked_in",
        "checked_in",
        "revoked",
        "unknown",
    ]
    assert errors == []

    # Signing out erases the snapshot from the device. Wait for the page the sign-out leads to
    # (not the desk's own load state), then poll: a refresh in flight must not write it back.
    assert snapshots_stored(page) == 1
    desk_url = page.url
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: url != desk_url)
    page.wait_for_function("() => !Object.keys(localStorage).some(k => k.startsWith('conclave-snapshot:'))")
    assert snapshots_stored(page) == 0
    context.close()


def test_two_offline_desks_scan_one_badge_one_check_in_one_already_one_conflict(browser, live_server, desk_setup):
    s = desk_setup
    staff = CheckinStaffFactory(summit=s["summit"]).user
    desk_a, page_a, errors_a = open_desk(browser, live_server, s["summit"], s["hall"], staff, "A")
    desk_b, page_b, errors_b = open_desk(browser, live_server, s["summit"], s["hall"], staff, "B")
    desk_a.set_offline(True)
    desk_b.set_offline(True)
    scan(page_a, s["known_code"], "checked_in")
    scan(page_b, s["known_code"], "checked_in")

    desk_b.set_offline(False)
    expect(page_b.locator("#offline-status")).to_have_attribute("data-queued", "0", timeout=20_000)
    desk_a.set_offline(False)
    expect(page_a.locator("#offline-status")).to_have_attribute("data-queued", "0", timeout=20_000)

    entries = list(ListEntry.objects.order_by("scanned_at").values_list("desk", "outcome", "first", "conflict"))
    assert entries == [("A", "checked_in", True, False), ("B", "already_checked_in", False, True)]
    figures = page_a.context.new_page()
    organizer_client = Client()
    organizer_client.force_login(s["organizer"])
    html = organizer_client.get(reverse("badges:figures", kwargs={"slug": s["summit"].slug})).content.decode()
    assert html.count('<th scope="row">Priya Raman</th><td>Main hall</td>') == 1
    figures.close()
    assert errors_a == [] and errors_b == []
    desk_a.close()
    desk_b.close()


def test_an_offline_door_takes_a_paper_acknowledgement_and_sends_it_later(browser, live_server, desk_setup):
    s = desk_setup
    summit, organizer = s["summit"], s["organizer"]
    session = roundtable(summit, restriction=Restriction.US_PERSONS, starts_at=timezone.now() - timedelta(minutes=5))
    notice = create_acknowledgement(summit=summit, title="EAR notice", text="Version one.", actor=organizer)
    attach_acknowledgement(session, notice, actor=organizer)
    door = create_checkin_list(summit=summit, actor=organizer, name="Jet door", kind=ListKind.SESSION, session=session)
    person = RegistrationFactory(summit=summit, badge_name="Dana Cole", is_us_person=True, country_of_citizenship="US")
    SignupFactory(session=session, registration=person)
    code = badge_for(person).secret  # printed before the doors open
    staff = CheckinStaffFactory(summit=summit).user
    context, page, errors = open_desk(browser, live_server, summit, door, staff, "Door A")
    status, result = page.locator("#offline-status"), page.locator("#scan-result")

    context.set_offline(True)
    scan(page, code, "acknowledgement_missing")
    expect(result).to_have_class("scan-result scan-hold")
    expect(result).to_contain_text("“EAR notice” version 1 is not accepted")
    page.get_by_role("button", name="Signed on paper: record it and admit").click()
    expect(result).to_have_attribute("data-outcome", "admitted")
    expect(result).to_contain_text("Acknowledgement signed on paper: recorded at this desk")
    scan(page, code, "already_admitted")
    expect(status).to_have_attribute("data-queued", "3")
    assert not AcknowledgementAcceptance.objects.exists()

    context.set_offline(False)
    expect(status).to_have_attribute("data-queued", "0", timeout=20_000)
    accepted = AcknowledgementAcceptance.objects.get()
    assert (accepted.registration, accepted.method, accepted.collected_by, accepted.desk) == (
        person,
        "desk",
        staff,
        "Door A",
    )
    assert list(ListEntry.objects.order_by("scanned_at").values_list("outcome", "first")) == [
        ("acknowledgement_missing", False),
        ("admitted", True),
        ("already_admitted", False),
    ]
    assert errors == []
    context.close()


def test_an_offline_exit_desk_scans_people_out_and_back_in(browser, live_server, desk_setup):
    s = desk_setup
    hall = create_checkin_list(
        summit=s["summit"], actor=s["organizer"], name="Hall B", kind=ListKind.HALL, track_exits=True
    )
    staff = CheckinStaffFactory(summit=s["summit"]).user
    context, page, errors = open_desk(browser, live_server, s["summit"], hall, staff, "B")
    context.set_offline(True)
    code = s["known_code"]
    scan(page, code, "checked_in")
    page.get_by_label("Out (exit)").check()
    scan(page, code, "exited")
    scan(page, code, "not_inside")
    page.get_by_label("In (entrance)").check()
    scan(page, code, "checked_in")
    scan(page, code, "already_checked_in")
    context.set_offline(False)
    expect(page.locator("#offline-status")).to_have_attribute("data-queued", "0", timeout=20_000)
    assert list(ListEntry.objects.filter(checkin_list=hall).values_list("outcome", "exit")) == [
        ("checked_in", False),
        ("exited", True),
        ("not_inside", True),
        ("checked_in", False),
        ("already_checked_in", False),
    ]
    assert errors == []
    context.close()


def test_a_reprint_at_the_desk_reaches_its_offline_snapshot(browser, live_server, desk_setup):
    s = desk_setup
    staff = CheckinStaffFactory(summit=s["summit"]).user
    context, page, errors = open_desk(browser, live_server, s["summit"], s["hall"], staff, "North")
    page.get_by_label("Name").fill("Priya")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#offline-status")).to_have_attribute("data-state", "ready")
    with page.expect_download():
        page.get_by_role("button", name="Reprint badge").click()
    # However long the reprint takes, the desk fetches the snapshot until it lists the old secret.
    page.wait_for_function(
        "() => Object.keys(localStorage).filter(k => k.startsWith('conclave-snapshot:'))"
        ".some(k => JSON.parse(localStorage.getItem(k)).revoked.length === 2)",
        timeout=30_000,
    )
    context.set_offline(True)
    scan(page, s["known_code"], "revoked")
    scan(page, badge_for(s["known"]).secret, "checked_in")
    assert errors == []
    context.close()


def test_the_desk_with_a_list_and_the_lists_page_pass_axe(browser, live_server, desk_setup):
    from tests.browser.test_accessibility import AXE, violations_on

    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` at the repository root.")
    s = desk_setup
    client = Client()
    client.force_login(s["organizer"])
    context = browser.new_context(bypass_csp=True)
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
    slug = s["summit"].slug
    found = {}
    exits = create_checkin_list(
        summit=s["summit"], actor=s["organizer"], name="Hall B", kind=ListKind.HALL, track_exits=True
    )
    for url in (
        f"/summits/{slug}/manage/checkin/?list={s['hall'].pk}",
        f"/summits/{slug}/manage/checkin/?list={exits.pk}&direction=out",
        f"/summits/{slug}/manage/checkin/lists/",
        f"/summits/{slug}/manage/checkin/lists/{exits.pk}/",
    ):
        page.goto(live_server.url + url)
        if "?list=" in url:
            expect(page.locator("#offline-status")).to_have_attribute("data-state", "ready")
        found[url] = violations_on(page, AXE.read_text())
    context.close()
    assert found == {url: [] for url in found}
