"""Issue 11, tried as the attacker: an Indian attendee ticks "U.S. person" and tries every
door into a U.S.-persons-only session; then an organizer verifies; then the attendee
changes their citizenship and loses the seat to the next in line."""

import json
import re

import icalendar
import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from badges.services import badge_for
from summits.agenda.signups import sign_up_for_session
from summits.calendar.feeds import feed_cache
from summits.calendar.tokens import renew_feed_token
from summits.enums import Restriction, SignupStatus
from summits.models import AuditEntry, SessionSignup
from summits.screening.services import declared_facts
from tests.factories import (
    CategoryFactory,
    DelegationFactory,
    ItineraryItemFactory,
    MembershipFactory,
    RegistrationFactory,
    SpeakerFactory,
    UserFactory,
    roundtable,
)

pytestmark = pytest.mark.django_db

TITLE = "Hypersonics export-control roundtable"
SPEAKER = "Dr. Restricted Speaker"


@pytest.fixture(autouse=True)
def exact_feeds(settings):
    settings.FEED_STATE_SECONDS = 0  # every poll reads the state afresh
    cache.clear()
    feed_cache().clear()
    yield
    cache.clear()
    feed_cache().clear()


@pytest.fixture
def world(summit):
    screener = UserFactory(email="asha@example.org", first_name="Asha", last_name="Verma")
    summit.organizers.add(screener)
    category = CategoryFactory(summit=summit)
    session = roundtable(summit, title=TITLE, capacity=1, restriction=Restriction.US_PERSONS)
    session.speakers.add(SpeakerFactory(summit=summit, name=SPEAKER))
    # Screened as what they first declared: a citizen of India, not a U.S. person.
    ravi = RegistrationFactory(summit=summit, category=category, badge_name="Ravi Kumar", country_of_citizenship="IN")
    return {"summit": summit, "screener": screener, "session": session, "ravi": ravi, "category": category}


def my_details(registration, **changes):
    data = {
        "badge_name": registration.badge_name,
        "organisation": registration.organisation,
        "country_of_citizenship": registration.country_of_citizenship.code,
        "save": "1",
    }
    if registration.is_us_person:
        data["is_us_person"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def door_scan(client, summit, session, registration):
    response = client.post(
        reverse("badges:scan", kwargs={"slug": summit.slug}),
        data=json.dumps({"code": badge_for(registration).secret, "session": session.pk, "desk": "Door A"}),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )
    return response.json()


def feed_summaries(client, token):
    path = reverse("summits:personal-feed", kwargs={"slug": token.registration.summit.slug, "token": token.token})
    response = client.get(path)
    calendar = icalendar.Calendar.from_ical(response.content)
    return response["ETag"], sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))


def text(response):
    """The page's visible text, tags stripped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_self_declared_us_person_opens_nothing_until_a_screener_verifies(client, world):
    summit, session, ravi, screener = world["summit"], world["session"], world["ravi"], world["screener"]
    # The lead puts the session in Ravi's delegation itinerary: it reaches his personal feed.
    delegation = DelegationFactory(summit=summit, category=world["category"])
    MembershipFactory(delegation=delegation, user=ravi.user)
    ItineraryItemFactory(
        delegation=delegation,
        kind="session",
        session=session,
        title="",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
    )
    token = renew_feed_token(ravi, actor=ravi.user)
    closed, open_ = f"[{delegation.name}] Closed session", f"[{delegation.name}] {TITLE}"
    etag_before, summaries = feed_summaries(client, token)
    assert summaries == [closed]

    client.force_login(ravi.user)
    response = client.post(f"/summits/{summit.slug}/me/", my_details(ravi, is_us_person="on"))
    assert response.status_code == 302
    ravi.refresh_from_db()
    assert (ravi.is_us_person, ravi.eligibility_status, ravi.eligibility_verified) == (True, "awaiting", False)
    changed = AuditEntry.objects.get(action="summits.eligibility.changed")
    assert (changed.data["old"], changed.data["new"]) == (
        {"citizenship": "IN", "us_person": False},
        {"citizenship": "IN", "us_person": True},
    )
    me = text(client.get(f"/summits/{summit.slug}/me/"))
    assert "U.S.-person status: declared, awaiting verification" in me

    page = text(client.get(session.get_absolute_url()))
    assert "Closed session" in page and TITLE not in page and SPEAKER not in page
    assert "Your citizenship and U.S.-person status await verification by the organizers." in page
    agenda = text(client.get(f"/summits/{summit.slug}/agenda/"))
    assert "Closed session" in agenda and TITLE not in agenda
    refused = client.post(f"/summits/{summit.slug}/sessions/{session.pk}/signup/", follow=True)
    assert "This session is open to eligible attendees only." in text(refused)
    assert not SessionSignup.objects.filter(registration=ravi).exists()
    assert feed_summaries(client, token)[1] == [closed]
    verdict = door_scan(client_for(screener), summit, session, ravi)
    assert (verdict["outcome"], verdict["message"]) == (
        "not_verified",
        "Deny: U.S.-person status not verified. Send them to the organizers for an ID check.",
    )

    # The organizer sees the passport and verifies.
    organizer = client_for(screener)
    response = organizer.post(
        f"/summits/{summit.slug}/manage/screening/",
        {
            "action": "verify",
            "registration": ravi.pk,
            "facts": declared_facts(ravi),
            "document": "passport",
            "reference": "U.S. passport shown at desk 2",
        },
    )
    assert response.status_code == 302
    etag_verified, summaries = feed_summaries(client, token)
    assert summaries == [open_] and etag_verified != etag_before
    assert TITLE in text(client.get(session.get_absolute_url()))
    assert "U.S.-person status: verified on" in text(client.get(f"/summits/{summit.slug}/me/"))
    client.post(f"/summits/{summit.slug}/sessions/{session.pk}/signup/")
    assert SessionSignup.objects.get(registration=ravi).status == SignupStatus.CONFIRMED
    verdict = door_scan(organizer, summit, session, ravi)
    assert verdict["outcome"] == "admitted"
    ravi.refresh_from_db()
    day = f"{ravi.eligibility_checked_at.astimezone(summit.tz):%-d %b %Y}"
    assert verdict["details"][-1] == f"ID check: verified by Asha Verma on {day}"
    desk = text(organizer.get(reverse("badges:desk", kwargs={"slug": summit.slug}), {"session": session.pk}))
    assert "U.S. persons only, ID check" in desk

    # Someone waits for the one seat; Ravi changes his citizenship.
    nina = RegistrationFactory(
        summit=summit, category=world["category"], is_us_person=True, country_of_citizenship="US"
    )
    assert sign_up_for_session(registration=nina, session=session).status == SignupStatus.WAITLISTED
    mail.outbox.clear()
    response = client.post(f"/summits/{summit.slug}/me/", my_details(ravi, country_of_citizenship="GB"))
    assert response.status_code == 302
    ravi.refresh_from_db()
    assert (ravi.eligibility_status, ravi.eligibility_verified) == ("awaiting", False)
    assert SessionSignup.objects.get(registration=ravi).status == SignupStatus.CANCELLED
    assert SessionSignup.objects.get(registration=nina).status == SignupStatus.CONFIRMED
    to_ravi = [m for m in mail.outbox if m.to == [ravi.user.email]]
    assert [m.subject for m in to_ravi] == [f"{summit.name}: session places released"]
    assert TITLE not in to_ravi[0].body and "Your place in 1 session was released" in to_ravi[0].body
    assert [m.to for m in mail.outbox if m.to != [ravi.user.email]] == [[nina.user.email]]
    page = text(client.get(session.get_absolute_url()))
    assert "Closed session" in page and TITLE not in page
    assert feed_summaries(client, token)[1] == [closed]
    assert door_scan(organizer, summit, session, ravi)["outcome"] == "not_verified"
    screening = text(organizer.get(f"/summits/{summit.slug}/manage/screening/"))
    assert "Changed after verification (1)" in screening


def client_for(user):
    from django.test import Client

    other = Client()
    other.force_login(user)
    return other


def test_ticking_the_box_at_registration_only_declares(client, summit):
    category = CategoryFactory(summit=summit)
    session = roundtable(summit, title=TITLE, restriction=Restriction.US_PERSONS)
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        f"/summits/{summit.slug}/register/",
        {
            "category": category.pk,
            "badge_name": "Ravi",
            "organisation": "Tonbo",
            "country_of_citizenship": "IN",
            "is_us_person": "on",
        },
    )
    assert response.status_code == 302
    registration = user.registrations.get()
    assert (registration.status, registration.is_us_person, registration.eligibility_status) == (
        "approved",
        True,
        "awaiting",
    )
    assert TITLE not in text(client.get(session.get_absolute_url()))
    with pytest.raises(Exception) as refused:
        sign_up_for_session(registration=registration, session=session)
    assert refused.value.code == "not_eligible"


def test_my_summit_is_never_cached_and_says_where_screening_stands(client, world):
    client.force_login(world["ravi"].user)
    response = client.get(f"/summits/{world['summit'].slug}/me/")
    assert "no-store" in [part.strip() for part in response["Cache-Control"].split(",")]
    day = f"{world['ravi'].eligibility_checked_at.astimezone(world['summit'].tz):%-d %b %Y}"
    assert f"Citizenship: verified on {day}" in text(response)
