"""Public reads: summits, sessions, rooms, speakers, with closed sessions closed."""

import pytest

from summits.enums import Restriction, SummitStatus
from tests.api.helpers import bearer, token_for
from tests.factories import RegistrationFactory, RoomFactory, SessionFactory, SpeakerFactory, SummitFactory, roundtable

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(summit):
    room = RoomFactory(summit=summit, name="Hall A", capacity=80)
    open_session = SessionFactory(summit=summit, title="Opening", room=room, description="Welcome")
    open_session.speakers.add(SpeakerFactory(summit=summit, name="Asha Open", organisation="ISRO"))
    closed = roundtable(
        summit,
        title="Secret table",
        room=room,
        restriction=Restriction.US_PERSONS,
        starts_at=open_session.ends_at,
        ends_at=open_session.ends_at + (open_session.ends_at - open_session.starts_at),
    )
    closed.speakers.add(SpeakerFactory(summit=summit, name="Hidden Speaker"))
    return {"room": room, "open": open_session, "closed": closed}


def test_sessions_for_anonymous_show_the_closed_one_as_closed_with_time_and_room(client, summit, agenda):
    response = client.get(f"/api/summits/{summit.slug}/sessions/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    opening, closed = body["results"]
    assert opening["title"] == "Opening" and opening["closed"] is False
    assert opening["starts_at"] == agenda["open"].starts_at.astimezone(summit.tz).isoformat()
    assert opening["starts_at"].endswith("+05:30")
    assert [s["name"] for s in opening["speakers"]] == ["Asha Open"]
    assert closed == {
        "id": agenda["closed"].pk,
        "closed": True,
        "title": "Closed session",
        "starts_at": agenda["closed"].starts_at.astimezone(summit.tz).isoformat(),
        "ends_at": agenda["closed"].ends_at.astimezone(summit.tz).isoformat(),
        "room": {"id": agenda["room"].pk, "name": "Hall A", "capacity": 80},
        "kind": None,
        "status": None,
        "track": None,
        "description": "",
        "needs_signup": None,
        "restriction": None,
        "speakers": [],
        "moderators": [],
    }
    detail = client.get(f"/api/summits/{summit.slug}/sessions/{agenda['closed'].pk}/").json()
    assert detail == closed


def test_eligible_attendee_and_organizer_see_the_closed_session(client, summit, category, organizer, agenda):
    eligible = RegistrationFactory(summit=summit, category=category, is_us_person=True)
    for user in (eligible.user, organizer):
        client.force_login(user)
        detail = client.get(f"/api/summits/{summit.slug}/sessions/{agenda['closed'].pk}/").json()
        assert (detail["title"], detail["closed"], detail["restriction"]) == ("Secret table", False, "us_persons")
        assert [s["name"] for s in detail["speakers"]] == ["Hidden Speaker"]


def test_speakers_of_closed_sessions_are_listed_only_to_those_who_may_see_them(client, summit, organizer, agenda):
    names = [s["name"] for s in client.get(f"/api/summits/{summit.slug}/speakers/").json()["results"]]
    assert names == ["Asha Open"]
    client.force_login(organizer)
    names = [s["name"] for s in client.get(f"/api/summits/{summit.slug}/speakers/").json()["results"]]
    assert names == ["Asha Open", "Hidden Speaker"]


def test_rooms_and_summit(client, summit, agenda):
    assert client.get(f"/api/summits/{summit.slug}/rooms/").json()["results"] == [
        {"id": agenda["room"].pk, "name": "Hall A", "capacity": 80}
    ]
    body = client.get(f"/api/summits/{summit.slug}/").json()
    assert (body["slug"], body["timezone"], body["status"]) == (summit.slug, "Asia/Kolkata", "published")


def test_draft_summit_is_404_except_to_its_organizers(client, organizer):
    draft = SummitFactory(status=SummitStatus.DRAFT, organizers=[organizer])
    assert client.get(f"/api/summits/{draft.slug}/sessions/").status_code == 404
    assert draft.slug not in [s["slug"] for s in client.get("/api/summits/").json()["results"]]
    client.force_login(organizer)
    assert client.get(f"/api/summits/{draft.slug}/sessions/").status_code == 200


def test_unknown_session_is_404(client, summit, agenda):
    other = SessionFactory()
    assert client.get(f"/api/summits/{summit.slug}/sessions/{other.pk}/").status_code == 404


def test_query_count_does_not_grow_with_sessions(client, summit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    secret = token_for_anyone(summit)

    def count_queries():
        with CaptureQueriesContext(connection) as context:
            response = client.get(f"/api/summits/{summit.slug}/sessions/", **bearer(secret))
        assert response.status_code == 200
        return len(context), response.json()["count"]

    SessionFactory(summit=summit).speakers.add(SpeakerFactory(summit=summit))
    one, _ = count_queries()
    for _n in range(19):
        roundtable(summit, restriction=Restriction.US_PERSONS).speakers.add(SpeakerFactory(summit=summit))
    twenty, total = count_queries()
    assert total == 20
    assert twenty <= one


def token_for_anyone(summit):
    registration = RegistrationFactory(summit=summit)
    return token_for(registration.user, summit)
