"""The PDF booklet (read back with pdftotext) and fixed query counts for pages and feeds."""

import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from delegations.pdf import offline_fetcher
from delegations.services import add_itinerary_item, plan_site_visit, record_visit_outcome
from summits.models import Registration, SessionSignup
from tests.factories import ItineraryItemFactory, OrganisationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def pdf_text(content, tmp_path):
    path = tmp_path / "booklet.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_the_booklet_has_cover_roster_days_in_local_time_and_a_page_per_visit(
    client, delegation, lead, member, make_member, tmp_path
):
    make_member("liaison@example.org", role="liaison", first_name="Lata", last_name="Liaison")
    add_itinerary_item(
        delegation,
        actor=lead,
        kind="flight",
        title="AI 104",
        starts_at=datetime(2027, 2, 15, 2, 40, tzinfo=UTC),
        ends_at=datetime(2027, 2, 15, 18, 35, tzinfo=UTC),
        start_tz="America/New_York",
        end_tz="Asia/Kolkata",
        start_place="Washington Dulles (IAD)",
        end_place="Delhi (DEL)",
    )
    visit = plan_site_visit(
        delegation,
        actor=lead,
        new_trip={"name": "Bengaluru startups", "city": "Bengaluru"},
        host=OrganisationFactory(name="Agnikul Cosmos", kind="startup", technology_areas="Space, Launch"),
        starts_at=datetime(2027, 2, 16, 4, 30, tzinfo=UTC),
        ends_at=datetime(2027, 2, 16, 6, tzinfo=UTC),
        start_tz="Asia/Kolkata",
        address="IIT Madras Research Park, Chennai",
        contact="Srinath R., +91 44 0000 0000",
        access={"citizenship_details": True, "advance_notice_days": 14},
    )
    record_visit_outcome(
        visit, visit_notes="Saw the 3D-printed engine.", follow_ups="Send NDA\nIntro to DIU", actor=lead
    )
    client.force_login(member.user)
    response = client.get(f"/delegations/{delegation.pk}/itinerary.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    pages = [" ".join(page.split()) for page in text.split("\f")]
    assert "U.S. industry delegation" in pages[0] and "Delegation lead: Lena Lead" in pages[0]
    assert "Maya Member" in pages[1] and "Lata Liaison" in pages[1] and "Liaison officer" in pages[1]
    days = " ".join(pages[2:-1])
    assert "Sunday 14 February 2027" in days and "21:40" in days and "America/New_York, UTC-05:00" in days
    assert "Tue 16 Feb 00:05" in days and "Asia/Kolkata, UTC+05:30" in days
    assert "Washington Dulles (IAD) → Delhi (DEL)" in days
    visit_page = [p for p in pages if "Notes after the visit" in p]
    assert len(visit_page) == 1
    assert "Agnikul Cosmos" in visit_page[0] and "14 days advance notice" in visit_page[0]
    assert "Citizenship details to the host in advance" in visit_page[0] and "Send NDA" in visit_page[0]
    assert "Srinath R." in visit_page[0] and "IIT Madras Research Park" in visit_page[0]


def test_the_pdf_fetcher_refuses_the_network_and_files():
    fetcher = offline_fetcher()
    for url in ("http://127.0.0.1/x.png", "https://example.org/x.css", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    fetcher.fetch("data:text/plain,ok")  # inline data is fine


def populate(delegation, lead, member, n):
    registration = Registration.objects.get(user=member.user)
    for i in range(n):
        start = datetime(2027, 2, 15, tzinfo=UTC) + timedelta(hours=3 * i)
        kind = ["flight", "meeting", "hotel", "meal"][i % 4]
        item = ItineraryItemFactory(
            delegation=delegation,
            kind=kind,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            start_tz="Asia/Kolkata",
            end_tz="America/New_York" if kind == "flight" else "",
            everyone=i % 2 == 0,
        )
        if not item.everyone:
            item.participants.set([member])
        session = SessionFactory(summit=delegation.summit, starts_at=start, ends_at=start + timedelta(hours=1))
        add_itinerary_item(delegation, actor=lead, kind="session", session=session)
        SessionSignup.objects.create(
            session=SessionFactory(summit=delegation.summit, starts_at=start, ends_at=start + timedelta(hours=1)),
            registration=registration,
        )
        plan_site_visit(
            delegation,
            actor=lead,
            new_trip={"name": f"Trip {i}", "city": "Hyderabad"},
            host=OrganisationFactory(),
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            start_tz="Asia/Kolkata",
            address="Somewhere",
            participants=[member],
            everyone=False,
        )


def query_counts(client, urls):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts[url] = len(captured.captured_queries)
    return counts


def test_query_counts_are_the_same_for_1_and_20_items_on_every_page_and_feed(
    client, delegation, lead, member, make_member, settings
):
    settings.FEED_STATE_SECONDS = 0  # the feed is built every time (its reuse has its own tests)
    for _ in range(3):
        make_member()
    member_urls = [
        f"/delegations/{delegation.pk}/itinerary/",
        f"/delegations/{delegation.pk}/",
        f"/delegations/my/{delegation.summit.slug}/",
        f"/delegations/feed/{delegation.feed_token}.ics",
        f"/delegations/{delegation.pk}/itinerary.pdf",
    ]
    lead_urls = [
        f"/delegations/{delegation.pk}/",
        f"/delegations/{delegation.pk}/itinerary/",
        f"/summits/{delegation.summit.slug}/manage/delegations/",
    ]
    delegation.summit.organizers.add(lead)
    populate(delegation, lead, member, 1)
    client.force_login(member.user)
    one = query_counts(client, member_urls)
    client.force_login(lead)
    one_lead = query_counts(client, lead_urls)
    populate(delegation, lead, member, 19)
    for _ in range(10):
        make_member()
    client.force_login(member.user)
    assert query_counts(client, member_urls) == one
    client.force_login(lead)
    assert query_counts(client, lead_urls) == one_lead
    assert max(one.values()) <= 15 and max(one_lead.values()) <= 15
