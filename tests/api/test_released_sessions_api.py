"""Session reads follow the latest schedule release for everyone but the summit's organizers
(issue 17): a change after a release shows to an attendee only once it is released; the
organizer, who edits the agenda, reads it live. A closed session stays closed either way."""

from datetime import timedelta

import pytest

from schedule.services import release_schedule
from summits.agenda.scheduling import reschedule_session, update_session
from summits.enums import Restriction
from tests.api.helpers import bearer, token_for
from tests.factories import RegistrationFactory, SpeakerFactory, roundtable

pytestmark = pytest.mark.django_db


@pytest.fixture
def released(summit, organizer, category, settings):
    settings.API_RATE_LIMIT = "100000/m"
    session = roundtable(summit, title="Drone swarms")
    closed = roundtable(summit, title="Hypersonic glide", restriction=Restriction.US_PERSONS)
    release_schedule(summit=summit, version="1.0", actor=organizer)
    old = {"starts_at": session.starts_at, "ends_at": session.ends_at}
    reschedule_session(
        session,
        actor=organizer,
        title="Drone swarms at sea",
        starts_at=session.starts_at + timedelta(hours=2),
        ends_at=session.ends_at + timedelta(hours=2),
    )
    reschedule_session(closed, actor=organizer, title="Hypersonic glide II")
    attendee = RegistrationFactory(summit=summit, category=category, is_us_person=False)
    return {"session": session, "closed": closed, "old": old, "attendee": attendee}


def sessions(client, summit, secret=None):
    headers = bearer(secret) if secret else {}
    body = client.get(f"/api/summits/{summit.slug}/sessions/", **headers).json()
    return {row["id"]: row for row in body["results"]}


def one(client, summit, pk, secret=None):
    headers = bearer(secret) if secret else {}
    return client.get(f"/api/summits/{summit.slug}/sessions/{pk}/", **headers).json()


def test_an_attendee_reads_the_release_the_organizer_the_live_agenda(client, summit, organizer, released):
    session, old = released["session"], released["old"]
    attendee = token_for(released["attendee"].user, summit)
    for row in (sessions(client, summit, attendee)[session.pk], one(client, summit, session.pk, attendee)):
        assert row["title"] == "Drone swarms"
        assert row["starts_at"] == old["starts_at"].astimezone(summit.tz).isoformat()
    for row in (sessions(client, summit)[session.pk], one(client, summit, session.pk)):  # anonymous too
        assert row["title"] == "Drone swarms"
    staff = token_for(organizer, summit)
    session.refresh_from_db()
    for row in (sessions(client, summit, staff)[session.pk], one(client, summit, session.pk, staff)):
        assert row["title"] == "Drone swarms at sea"
        assert row["starts_at"] == session.starts_at.astimezone(summit.tz).isoformat()
    release_schedule(summit=summit, version="1.1", actor=organizer)
    assert one(client, summit, session.pk, attendee)["title"] == "Drone swarms at sea"


def test_a_closed_session_stays_closed_in_the_release_and_live(client, summit, organizer, released):
    closed = released["closed"]
    attendee = token_for(released["attendee"].user, summit)
    for row in (sessions(client, summit, attendee)[closed.pk], one(client, summit, closed.pk, attendee)):
        assert (row["title"], row["closed"], row["speakers"], row["description"]) == ("Closed session", True, [], "")
    assert one(client, summit, closed.pk, token_for(organizer, summit))["title"] == "Hypersonic glide II"


def test_a_session_restricted_after_the_release_is_closed_to_the_ineligible(client, summit, organizer, released):
    session = released["session"]
    reschedule_session(session, actor=organizer, restriction=Restriction.US_PERSONS)
    attendee = token_for(released["attendee"].user, summit)
    for row in (sessions(client, summit, attendee)[session.pk], one(client, summit, session.pk, attendee)):
        assert (row["title"], row["closed"]) == ("Closed session", True)
    eligible = RegistrationFactory(summit=summit, is_us_person=True, country_of_citizenship="US")
    assert one(client, summit, session.pk, token_for(eligible.user, summit))["title"] == "Drone swarms"


def test_a_session_added_since_the_release_waits_for_the_next_one(client, summit, organizer, released):
    new = roundtable(summit, title="Added later")
    attendee = token_for(released["attendee"].user, summit)
    assert new.pk not in sessions(client, summit, attendee)
    assert new.pk in sessions(client, summit, token_for(organizer, summit))
    # Its own address shows it live, as its page does.
    assert one(client, summit, new.pk, attendee)["title"] == "Added later"


def test_a_summit_never_released_shows_its_live_agenda(client, summit, category):
    session = roundtable(summit, title="Live only")
    attendee = token_for(RegistrationFactory(summit=summit, category=category).user, summit)
    reschedule_session(session, actor=None, title="Live only, renamed")
    assert sessions(client, summit, attendee)[session.pk]["title"] == "Live only, renamed"


def test_the_schema_says_which_agenda_a_reader_gets(client):
    schema = client.get("/api/schema/?format=json").json()
    description = schema["paths"]["/api/summits/{slug}/sessions/"]["get"]["description"]
    assert "latest schedule release" in description and "Organizers" in description


def test_the_released_list_costs_the_same_queries_for_1_or_20_sessions(client, summit, organizer, category, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.API_RATE_LIMIT = "100000/m"
    attendee = token_for(RegistrationFactory(summit=summit, category=category).user, summit)

    def count(n):
        for _ in range(n):
            roundtable(summit, restriction=Restriction.US_PERSONS)
        release_schedule(summit=summit, version=f"v{n}", actor=organizer)
        with CaptureQueriesContext(connection) as context:
            assert len(sessions(client, summit, attendee)) >= n
        return len(context)

    few = count(1)
    many = count(19)
    assert many <= few, (few, many)


def test_speakers_follow_the_release_and_stay_closed_until_a_release_opens_them(client, summit, organizer):
    """The speakers list is read from the sessions the reader reads: a closed session opened in the
    draft, or a speaker added to it, stays out of an attendee's list until it is released."""
    closed = roundtable(summit, title="Hypersonic glide", restriction=Restriction.US_PERSONS)
    closed.speakers.add(SpeakerFactory(summit=summit, name="Hidden Speaker"))
    open_session = roundtable(
        summit, title="Drone swarms", starts_at=closed.ends_at, ends_at=closed.ends_at + timedelta(hours=1)
    )
    release_schedule(summit=summit, version="1.0", actor=organizer)
    update_session(closed, actor=organizer, restriction=Restriction.OPEN)
    open_session.speakers.add(SpeakerFactory(summit=summit, name="Added Later"))

    def names(secret=None):
        headers = bearer(secret) if secret else {}
        return [s["name"] for s in client.get(f"/api/summits/{summit.slug}/speakers/", **headers).json()["results"]]

    assert names() == []  # anonymous: the release has the session closed, and no one on the open one
    assert names(token_for(organizer, summit)) == ["Added Later", "Hidden Speaker"]  # the live draft
    release_schedule(summit=summit, version="1.1", actor=organizer)
    assert names() == ["Added Later", "Hidden Speaker"]
