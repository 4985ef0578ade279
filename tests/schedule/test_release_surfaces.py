"""Once a summit has a release, every surface shows a session as released (seats stay live): the
single-session .ics, My agenda, and itinerary items linked to a session (the lead's page, the
member's page, the delegation feed, the API). Each test changes the session after the release."""

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from django.urls import reverse

from schedule.services import release_schedule
from summits.agenda.scheduling import cancel_session, update_session
from summits.agenda.signups import sign_up_for_session
from summits.enums import Restriction
from tests.factories import (
    CategoryFactory,
    DelegationFactory,
    ItineraryItemFactory,
    MembershipFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SummitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

START = datetime(2027, 2, 10, 4, 0, tzinfo=UTC)  # 09:30 in Kolkata
LATER = START + timedelta(hours=3)


@pytest.fixture(autouse=True)
def exact_markers(settings):
    settings.FEED_STATE_SECONDS = 0


@pytest.fixture
def summit():
    return SummitFactory(timezone="Asia/Kolkata", start_date=date(2027, 2, 10), end_date=date(2027, 2, 11))


@pytest.fixture
def talk(summit):
    room = RoomFactory(summit=summit, name="Main hall")
    return SessionFactory(
        summit=summit, title="As released", room=room, starts_at=START, capacity=10, needs_signup=True
    )


def draft_edit(session):
    """What the organizer changes after the release: title, time and room."""
    return update_session(
        session,
        title="Draft title",
        starts_at=LATER,
        ends_at=LATER + timedelta(hours=1),
        room=RoomFactory(summit=session.summit, name="Draft room"),
    )


def session_ics(client, session):
    response = client.get(reverse("summits:session-ics", kwargs={"slug": session.summit.slug, "pk": session.pk}))
    assert response.status_code == 200
    [event] = icalendar.Calendar.from_ical(response.content).events
    return event, response


# --- the single-session .ics


def test_session_ics_shows_the_release_and_moves_with_the_next(client, summit, talk, organizer):
    release_schedule(summit=summit, version="1.0", actor=organizer)
    draft_edit(talk)
    event, first = session_ics(client, talk)
    assert (str(event["SUMMARY"]), event["DTSTART"].dt, str(event["LOCATION"]).split(",")[0]) == (
        "As released",
        START,
        "Main hall",
    )
    release_schedule(summit=summit, version="2.0", actor=organizer)
    event, second = session_ics(client, talk)
    assert (str(event["SUMMARY"]), event["DTSTART"].dt) == ("Draft title", LATER)
    assert second["ETag"] != first["ETag"] and int(event["SEQUENCE"]) >= 1


def test_session_ics_of_a_session_closed_since_the_release_is_closed(client, summit, organizer):
    session = SessionFactory(summit=summit, title="Open when released", description="Agenda", starts_at=START)
    release_schedule(summit=summit, version="1.0", actor=organizer)
    update_session(session, restriction=Restriction.US_PERSONS)
    event, response = session_ics(client, session)
    assert str(event["SUMMARY"]) == "Closed session"
    assert b"Open when released" not in response.content and b"Agenda" not in response.content


def test_session_ics_of_a_session_closed_in_the_release_stays_closed_when_opened_later(client, summit, organizer):
    session = SessionFactory(summit=summit, title="Secret when released", restriction=Restriction.US_PERSONS)
    release_schedule(summit=summit, version="1.0", actor=organizer)
    update_session(session, restriction=Restriction.OPEN)
    event, response = session_ics(client, session)
    assert str(event["SUMMARY"]) == "Closed session" and b"Secret when released" not in response.content


def test_session_ics_of_a_session_not_released_yet_is_live(client, summit, talk, organizer):
    release_schedule(summit=summit, version="1.0", actor=organizer)
    later = SessionFactory(summit=summit, title="Added after", starts_at=LATER)
    assert str(session_ics(client, later)[0]["SUMMARY"]) == "Added after"


# --- My agenda


def my_agenda(client, summit):
    response = client.get(reverse("summits:my-agenda", kwargs={"slug": summit.slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_my_agenda_shows_the_release_and_the_live_seat(client, summit, talk, organizer):
    registration = RegistrationFactory(summit=summit)
    sign_up_for_session(registration=registration, session=talk)
    release_schedule(summit=summit, version="1.0", actor=organizer)
    draft_edit(talk)
    client.force_login(registration.user)
    html = my_agenda(client, summit)
    assert "As released" in html and "Main hall" in html and "Seat confirmed" in html
    assert "Draft title" not in html and "Draft room" not in html
    cancel_session(talk, actor=organizer)  # the seat is live: it goes at once
    assert "The session was cancelled" in my_agenda(client, summit)


def test_my_agenda_hides_a_session_closed_since_the_release(client, summit, organizer):
    registration = RegistrationFactory(summit=summit)
    session = SessionFactory(summit=summit, title="Open when released", starts_at=START, needs_signup=True)
    sign_up_for_session(registration=registration, session=session)
    release_schedule(summit=summit, version="1.0", actor=organizer)
    update_session(session, restriction=Restriction.US_PERSONS)
    client.force_login(registration.user)
    html = my_agenda(client, summit)
    assert "Open when released" not in html and "Closed session" in html


# --- itinerary items linked to a session


@pytest.fixture
def itinerary(summit, talk):
    category = CategoryFactory(summit=summit)
    lead = UserFactory()
    delegation = DelegationFactory(summit=summit, category=category, lead=lead, name="Delegation")
    member = UserFactory()
    RegistrationFactory(user=member, summit=summit, category=category)
    MembershipFactory(delegation=delegation, user=member)
    ItineraryItemFactory(delegation=delegation, kind="session", session=talk, title="", everyone=True)
    return delegation, lead, member


def test_linked_items_show_the_release_everywhere(client, summit, talk, organizer, itinerary):
    delegation, lead, member = itinerary
    release_schedule(summit=summit, version="1.0", actor=organizer)
    draft_edit(talk)
    client.force_login(lead)
    pages = [
        client.get(reverse("delegations:itinerary", kwargs={"pk": delegation.pk})).content.decode(),
        client.get(f"/api/summits/{summit.slug}/delegations/{delegation.pk}/itinerary/").content.decode(),
    ]
    client.force_login(member)
    pages.append(client.get(reverse("delegations:my-itinerary", kwargs={"slug": summit.slug})).content.decode())
    feed = client.get(reverse("delegations:feed", kwargs={"token": delegation.feed_token})).content
    assert [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed).events] == ["[Delegation] As released"]
    for page in pages:
        assert "As released" in page and "Draft title" not in page and "Draft room" not in page


def test_a_linked_item_closed_since_the_release_is_closed(client, summit, talk, organizer, itinerary):
    delegation, lead, _ = itinerary
    release_schedule(summit=summit, version="1.0", actor=organizer)
    update_session(talk, restriction=Restriction.US_PERSONS)
    client.force_login(lead)
    html = client.get(reverse("delegations:itinerary", kwargs={"pk": delegation.pk})).content.decode()
    assert "As released" not in html and "Closed session" in html
    feed = client.get(reverse("delegations:feed", kwargs={"token": delegation.feed_token})).content
    assert b"As released" not in feed
