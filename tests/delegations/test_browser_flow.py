"""The whole delegation flow in Chromium: invite, accept and register, plan, read, download."""

import re
import subprocess

import pytest
from django.core import mail

from tests.delegations.helpers import PASSWORD, sign_in
from tests.factories import CategoryFactory, DelegationFactory, SummitFactory, UserFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_lead_invites_member_accepts_lead_plans_member_reads_and_downloads(live_server, browser, settings, tmp_path):
    summit = SummitFactory(name="Conclave Bengaluru 2027")
    category = CategoryFactory(summit=summit, name="Startup / SME")
    lead = UserFactory(email="lead@example.org", first_name="Lena", last_name="Lead")
    delegation = DelegationFactory(summit=summit, category=category, lead=lead, name="U.S. industry delegation")
    UserFactory(email="maya@example.org", first_name="Maya", last_name="Member")

    lead_page = browser.new_context().new_page()
    sign_in(lead_page, live_server, "lead@example.org")
    lead_page.goto(f"{live_server.url}/delegations/{delegation.pk}/")
    lead_page.fill("#id_email", "maya@example.org")
    lead_page.select_option("#id_role", "member")
    lead_page.get_by_role("button", name="Send invitation").click()
    assert "Invitation sent to maya@example.org" in lead_page.content()
    link = re.search(r"https?://\S+(/delegations/invitations/\S+/)", mail.outbox[-1].body).group(1)

    member_context = browser.new_context(accept_downloads=True)
    member = member_context.new_page()
    member.goto(live_server.url + link)
    assert "Join U.S. industry delegation" in member.content()
    member.locator("main").get_by_role("link", name="Sign in").click()
    member.fill('input[name="login"]', "maya@example.org")
    member.fill('input[name="password"]', PASSWORD)
    member.locator("main form button[type=submit]").first.click()
    member.wait_for_url(re.compile(r".*/delegations/invitations/.*"))
    member.fill("#id_badge_name", "Maya Member")
    member.fill("#id_organisation", "Shield AI")
    member.select_option("#id_country_of_citizenship", "US")
    member.check("#id_is_us_person")
    member.get_by_role("button", name="Accept and join the delegation").click()
    member.wait_for_url(re.compile(r".*/delegations/my/.*"))
    assert "Welcome to U.S. industry delegation" in member.content()

    lead_page.goto(f"{live_server.url}/delegations/{delegation.pk}/")
    row = lead_page.locator('tr[data-member="maya@example.org"]')
    assert "Approved" in row.inner_text() and "Not printed" in row.inner_text()

    lead_page.goto(f"{live_server.url}/delegations/{delegation.pk}/itinerary/add/")
    lead_page.select_option("#id_kind", "flight")
    lead_page.fill("#id_title", "AI 104")
    lead_page.fill("#id_starts_at", "2027-02-14T21:40")
    lead_page.select_option("#id_start_tz", "America/New_York")
    lead_page.fill("#id_ends_at", "2027-02-16T00:05")
    lead_page.select_option("#id_end_tz", "Asia/Kolkata")
    lead_page.fill("#id_start_place", "Washington Dulles (IAD)")
    lead_page.fill("#id_end_place", "Delhi (DEL)")
    lead_page.get_by_role("button", name="Save").click()
    assert "Itinerary saved" in lead_page.content()

    lead_page.goto(f"{live_server.url}/delegations/{delegation.pk}/visits/add/")
    lead_page.fill("#id_new_trip_name", "Bengaluru startups")
    lead_page.fill("#id_new_trip_city", "Bengaluru")
    lead_page.fill("#id_new_host_name", "Tonbo Imaging")
    lead_page.select_option("#id_new_host_kind", "startup")
    lead_page.fill("#id_new_host_city", "Bengaluru")
    lead_page.select_option("#id_new_host_country", "IN")
    lead_page.fill("#id_starts_at", "2027-02-16T14:00")
    lead_page.fill("#id_ends_at", "2027-02-16T15:00")
    lead_page.select_option("#id_start_tz", "Asia/Kolkata")
    lead_page.fill("#id_address", "Electronic City Phase 1, Bengaluru")
    lead_page.fill("#id_advance_notice_days", "7")
    lead_page.get_by_role("button", name="Plan the visit").click()
    assert "Site visit planned" in lead_page.content()

    member.goto(f"{live_server.url}/delegations/my/{summit.slug}/")
    text = member.locator("main").inner_text()
    assert "AI 104" in text and "21:40" in text and "America/New_York, UTC-05:00" in text
    assert "Tue 16 Feb 00:05" in text and "Asia/Kolkata, UTC+05:30" in text
    assert "Site visit: Tonbo Imaging" in text and "7 days notice" in text

    member.goto(f"{live_server.url}/delegations/{delegation.pk}/itinerary/")
    assert member.get_by_role("link", name="Add an item").count() == 0  # members read only
    response = member.request.get(f"{live_server.url}/delegations/{delegation.pk}/itinerary.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    path = tmp_path / "itinerary.pdf"
    path.write_bytes(response.body())
    pdf = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    assert "Maya Member" in pdf and "AI 104" in pdf and "Tonbo Imaging" in pdf
    member_context.close()
