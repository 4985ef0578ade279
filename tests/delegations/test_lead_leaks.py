"""Crawl every page a delegation lead can open (forms, PDF and feeds included) and look for any
trace of a closed session an organizer put on their itinerary.

The URLs come from the URL configuration, so pages added later are crawled too."""

import shutil
from datetime import timedelta

import pytest

from delegations.models import ItineraryItem
from delegations.services import add_itinerary_item, invite_member, plan_site_visit
from summits.calendar.tokens import renew_feed_token
from summits.enums import Restriction
from tests.crawl import fill, response_text, walk
from tests.factories import (
    DelegationFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    SpeakerFactory,
    UserFactory,
    roundtable,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)"),
]

SECRETS = {
    "title": "Scramjet Inlet Export Briefing",
    "description": "Inlet geometry under ITAR Category XIX",
    "speaker": "Dr. Undisclosed Aerothermo",
    "item title": "Bring the Kestrel dossier",
    "notes": "Escort meets you at the Vellum door",
    "contact": "Major Quillon Sabretache +1 202 555 0147",
    "location": "Annex Obsidian, sub-level 2",
}


@pytest.fixture
def world(summit, organizer, category):
    restricted = roundtable(
        summit, title=SECRETS["title"], description=SECRETS["description"], restriction=Restriction.US_PERSONS
    )
    restricted.speakers.add(SpeakerFactory(summit=summit, name=SECRETS["speaker"]))
    plenary = roundtable(summit, title="Open plenary on startups", starts_at=restricted.starts_at + timedelta(hours=3))
    registered_lead = UserFactory(first_name="Ravi", last_name="Lead")
    RegistrationFactory(user=registered_lead, summit=summit, category=category, is_us_person=False)
    delegations = [
        DelegationFactory(summit=summit, category=category, lead=registered_lead, name="Indian startups"),
        DelegationFactory(summit=summit, category=category, name="Unregistered lead's delegation"),
    ]
    for delegation in delegations:
        member = MembershipFactory(delegation=delegation)
        RegistrationFactory(user=member.user, summit=summit, category=category, is_us_person=False)
        delegation.closed_item = add_itinerary_item(
            delegation,
            actor=organizer,
            kind="session",
            session=restricted,
            title=SECRETS["item title"],
            notes=SECRETS["notes"],
            contact=SECRETS["contact"],
            location=SECRETS["location"],
        )
        add_itinerary_item(delegation, actor=organizer, kind="session", session=plenary)
        start = restricted.starts_at - timedelta(hours=5)
        add_itinerary_item(
            delegation,
            actor=delegation.lead,
            kind="flight",
            title="AI 104",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            start_tz="America/New_York",
            end_tz="Asia/Kolkata",
        )
        delegation.visit = plan_site_visit(
            delegation,
            actor=delegation.lead,
            new_trip={"name": "Bengaluru startups", "city": "Bengaluru"},
            host=OrganisationFactory(name=f"Tonbo Imaging {delegation.pk}"),
            starts_at=start + timedelta(days=1),
            ends_at=start + timedelta(days=1, hours=2),
            start_tz="Asia/Kolkata",
            address="Electronic City, Bengaluru",
        )
        delegation.member = member
        delegation.invitation = invite_member(delegation, email=f"guest{delegation.pk}@example.org", actor=organizer)
    return {"summit": summit, "restricted": restricted, "delegations": delegations}


def urls_for(delegation, summit, session, reader):
    """Every GET route filled in for `delegation` and `summit`, the closed session in summit routes,
    every item of the delegation in the item form, and the reader's own feed token if they have one."""
    registration = reader.registrations.filter(summit=summit).first()
    personal_token = renew_feed_token(registration).token if registration else "x"
    tokens = {
        "feed": delegation.feed_token,
        "invitation": delegation.invitation.token,
        "personal-feed": personal_token,
    }
    values = {
        "slug": summit.slug,
        "item_pk": delegation.closed_item.pk,
        "visit_pk": delegation.visit.pk,
        "invitation_pk": delegation.invitation.pk,
        "member_pk": delegation.member.pk,
    }
    urls = set()
    for route, pattern in walk():
        if route.startswith(("admin/", "accounts/")):
            continue
        pk = delegation.pk if route.startswith("delegations/") else session.pk
        url = fill(route, {**values, "pk": pk, "token": tokens.get(pattern.name, "x")})
        if url is not None:
            urls.add(url)
    for item in ItineraryItem.objects.filter(delegation=delegation):
        urls.add(f"/delegations/{delegation.pk}/itinerary/{item.pk}/edit/")
    return sorted(urls)


def crawl(client, reader, delegation, world):
    """{url: (status, text)} for every URL, fetched as `reader`."""
    client.force_login(reader)
    pages = {}
    for url in urls_for(delegation, world["summit"], world["restricted"], reader):
        response = client.get(url, follow=True)
        pages[url] = (response.status_code, response_text(response))
    return pages


def test_no_lead_reads_anything_of_a_closed_session_on_their_itinerary(client, world):
    for delegation in world["delegations"]:
        pages = crawl(client, delegation.lead, delegation, world)
        for url, (status, text) in pages.items():
            for label, secret in SECRETS.items():
                assert secret not in text, f"the closed session's {label} leaks at GET {url} ({status})"
        # The crawl did reach the pages that show the item, and they call it a closed session.
        base = f"/delegations/{delegation.pk}"
        reached = {url: pages[url][0] for url in (f"{base}/", f"{base}/itinerary/", f"{base}/itinerary.pdf")}
        assert reached == dict.fromkeys(reached, 200)
        status, form = pages[f"{base}/itinerary/{delegation.closed_item.pk}/edit/"]
        assert status == 200 and "Edit “Closed session”" in form
        assert (
            "Closed session" in pages[f"{base}/itinerary/"][1] and "Closed session" in pages[f"{base}/itinerary.pdf"][1]
        )
        feed_status, feed = pages[f"/delegations/feed/{delegation.feed_token}.ics"]
        assert feed_status == 200 and f"SUMMARY:[{delegation.name}] Closed session" in feed


def test_the_same_crawl_as_an_organizer_does_find_the_session(client, world, organizer):
    """The positive control: without it the crawl above could pass on pages that show nothing."""
    delegation = world["delegations"][0]
    pages = crawl(client, organizer, delegation, world)
    edit_status, form = pages[f"/delegations/{delegation.pk}/itinerary/{delegation.closed_item.pk}/edit/"]
    assert edit_status == 200
    for label in ("item title", "notes", "contact", "location"):
        assert SECRETS[label] in form, label
    assert SECRETS["title"] in pages[f"/delegations/{delegation.pk}/itinerary/"][1]
    assert SECRETS["title"] in pages[f"/delegations/{delegation.pk}/itinerary.pdf"][1].replace("\n", " ")
