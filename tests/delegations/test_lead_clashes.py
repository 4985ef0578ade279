"""A lead sees clashes on the itinerary page, in words a person reads (issue 13): items that overlap
each other, and items that overlap the sessions the people on them signed up for; a closed session
is never named to someone who may not see it."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from delegations.queries.clashes import duration_words
from delegations.services import add_itinerary_item
from summits.models import Registration, SessionSignup
from tests.factories import SessionFactory
from tests.summits.helpers import SECRET_TITLE, closed_session

pytestmark = pytest.mark.django_db


def at(day, hh, mm=0):
    return datetime(2027, 2, day, hh, mm, tzinfo=UTC)


def page_text(client, user, delegation):
    client.force_login(user)
    html = client.get(reverse("delegations:itinerary", kwargs={"pk": delegation.pk})).content.decode()
    return html, " ".join(re.sub(r"<[^>]+>", " ", html).split())


def sign_up(user, session):
    SessionSignup.objects.create(session=session, registration=Registration.objects.get(user=user))


@pytest.mark.parametrize(("minutes", "words"), [(845, "14 h 5 min"), (120, "2 h"), (45, "45 min"), (61, "1 h 1 min")])
def test_durations_are_in_hours_and_minutes(minutes, words):
    assert duration_words(minutes) == words


@pytest.fixture
def red_eye(delegation, lead):
    """Dulles to Delhi: leaves 02:40 UTC on the 16th, lands 18:35 UTC (the summit's first evening)."""
    return add_itinerary_item(
        delegation,
        actor=lead,
        kind="flight",
        title="AI 104",
        starts_at=at(16, 2, 40),
        ends_at=at(16, 18, 35),
        start_tz="America/New_York",
        end_tz="Asia/Kolkata",
        start_place="IAD",
        end_place="DEL",
    )


def test_the_lead_sees_a_flight_landing_14_h_5_min_after_a_meeting_starts(client, delegation, lead, red_eye):
    add_itinerary_item(
        delegation,
        actor=lead,
        kind="meeting",
        title="Welcome dinner",
        starts_at=at(16, 4, 30),
        ends_at=at(16, 6),
        start_tz="Asia/Kolkata",
    )
    _, text = page_text(client, lead, delegation)
    assert "Clash: Arrives 14 h 5 min after “Welcome dinner” starts" in text
    assert "Clash: Overlaps “AI 104”" in text


def test_the_lead_sees_the_sessions_members_signed_up_for_that_a_flight_overlaps(
    client, delegation, lead, member, make_member, red_eye
):
    ravi = make_member("ravi@example.org", first_name="Ravi", last_name="Rao")
    Registration.objects.filter(user=ravi.user).update(country_of_citizenship="US", is_us_person=True)
    summit = delegation.summit
    drones = SessionFactory(summit=summit, title="Counter-drone systems", starts_at=at(16, 5), ends_at=at(16, 6))
    space = SessionFactory(summit=summit, title="Space startups", starts_at=at(16, 8), ends_at=at(16, 9))
    secret = closed_session(summit, starts_at=at(16, 10), ends_at=at(16, 11))
    later = SessionFactory(summit=summit, title="Closing plenary", starts_at=at(16, 19), ends_at=at(16, 20))
    for session in (drones, space, later):
        sign_up(member.user, session)
    sign_up(ravi.user, drones)
    sign_up(ravi.user, secret)

    html, text = page_text(client, lead, delegation)
    assert (
        "Clash: Overlaps 3 sessions members signed up for: “Counter-drone systems” (Maya Member, Ravi Rao), "
        "“Space startups” (Maya Member) and a closed session"
    ) in text
    assert SECRET_TITLE not in html and "Closing plenary" not in html

    _, text = page_text(client, member.user, delegation)  # a member sees their own in "My itinerary"
    assert "members signed up for" not in text


def test_an_item_for_some_people_clashes_only_with_their_sessions(client, delegation, lead, member, make_member):
    ravi = make_member("ravi@example.org", first_name="Ravi", last_name="Rao")
    item = add_itinerary_item(
        delegation,
        actor=lead,
        kind="meeting",
        title="Investor breakfast",
        starts_at=at(17, 3),
        ends_at=at(17, 4),
        start_tz="Asia/Kolkata",
        everyone=False,
    )
    item.participants.set([ravi])
    sign_up(
        member.user, SessionFactory(summit=delegation.summit, title="Sensors", starts_at=at(17, 3), ends_at=at(17, 4))
    )
    _, text = page_text(client, lead, delegation)
    assert "members signed up for" not in text
    sign_up(
        ravi.user, SessionFactory(summit=delegation.summit, title="Radar", starts_at=at(17, 3, 30), ends_at=at(17, 5))
    )
    _, text = page_text(client, lead, delegation)
    assert "Clash: Overlaps 1 session members signed up for: “Radar” (Ravi Rao)" in text
