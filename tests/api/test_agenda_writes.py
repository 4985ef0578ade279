"""Agenda writes through the API: organizers of this summit only, with a read-write token; the
builder's services do the work (conflicts, SEQUENCE, audit, webhooks, places released); bad
input is 400 with field errors and stores nothing; another summit's objects are never touched."""

from datetime import timedelta

import pytest

from summits.enums import Restriction, SessionStatus, SignupStatus
from summits.models import AuditEntry, Session, SessionSignup
from tests.api.helpers import bearer, token_for
from tests.factories import RegistrationFactory, RoomFactory, SpeakerFactory, SummitFactory, UserFactory, roundtable
from webhooks.models import Delivery
from webhooks.services import create_endpoint

pytestmark = pytest.mark.django_db


def send(client, method, url, data, secret):
    return getattr(client, method)(url, data, content_type="application/json", **bearer(secret))


def local(summit, session, hours=0):
    return (session.starts_at + timedelta(hours=hours)).astimezone(summit.tz).isoformat()


@pytest.fixture
def existing(summit):
    return roundtable(summit, title="Drone swarms", room=RoomFactory(summit=summit, name="Hall A"))


def new_session(summit, existing, **fields):
    room = RoomFactory(summit=summit, name="Hall B")
    return {
        "title": "Space startups",
        "kind": "pitch",
        "room": room.pk,
        "starts_at": local(summit, existing, 4),
        "ends_at": local(summit, existing, 5),
        "speakers": [SpeakerFactory(summit=summit, name="Asha Rao").pk],
        **fields,
    }


def test_an_organizer_creates_a_session_and_subscribers_hear_of_it(client, settings, summit, organizer, existing):
    settings.WEBHOOKS_ALLOW_PRIVATE, settings.WEBHOOKS_REQUIRE_HTTPS = True, False
    create_endpoint(summit=summit, url="http://127.0.0.1:9/h", events=["session.changed"], actor=organizer)
    data = new_session(summit, existing)
    response = send(client, "post", f"/api/summits/{summit.slug}/sessions/", data, token_for(organizer, summit))
    assert response.status_code == 201, response.content
    body = response.json()
    session = Session.objects.get(pk=body["id"])
    assert (body["title"], body["room"]["name"], [p["name"] for p in body["speakers"]]) == (
        "Space startups",
        "Hall B",
        ["Asha Rao"],
    )
    assert body["starts_at"] == data["starts_at"] and session.starts_at == existing.starts_at + timedelta(hours=4)
    assert AuditEntry.objects.filter(action="summits.session.created", actor=organizer).count() == 1
    assert [d.payload["data"]["title"] for d in Delivery.objects.all()] == ["Space startups"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"starts_at": "2027-02-10T09:30:00"}, "starts_at"),  # no offset: could be two instants
        ({"ends_at": "yesterday"}, "ends_at"),
        ({"starts_at": "0901-01-12T16:30:27Z"}, "starts_at"),
        ({"kind": "party"}, "kind"),
        ({"capacity": 10}, "capacity"),  # a seat limit without sign-ups
        ({"restriction": "countries"}, "allowed_countries"),
        ({"allowed_countries": ["XX"], "restriction": "countries"}, "allowed_countries"),
        ({"speakers": [10**9]}, "speakers"),
    ],
)
def test_bad_input_is_400_at_the_field_and_stores_nothing(client, summit, organizer, existing, change, field):
    data = new_session(summit, existing, **change)
    response = send(client, "post", f"/api/summits/{summit.slug}/sessions/", data, token_for(organizer, summit))
    assert response.status_code == 400 and field in response.json(), response.content
    assert Session.objects.count() == 1


def test_ends_before_start_is_400(client, summit, organizer, existing):
    data = new_session(summit, existing, ends_at=local(summit, existing, 3))
    response = send(client, "post", f"/api/summits/{summit.slug}/sessions/", data, token_for(organizer, summit))
    assert response.status_code == 400 and "ends_at" in response.json()


def test_a_conflict_is_409_until_saved_anyway(client, summit, organizer, existing):
    url, secret = f"/api/summits/{summit.slug}/sessions/", token_for(organizer, summit)
    clash = new_session(summit, existing, room=existing.room_id, starts_at=local(summit, existing))
    clash["ends_at"] = local(summit, existing, 1)
    response = send(client, "post", url, clash, secret)
    assert response.status_code == 409 and response.json()["code"] == "conflicts"
    assert any("Hall A" in c for c in response.json()["conflicts"])
    assert Session.objects.count() == 1
    assert send(client, "post", url, {**clash, "save_anyway": True}, secret).status_code == 201


def test_patch_moves_a_session_raises_sequence_and_tells_attendees(client, summit, organizer, existing, mailoutbox):
    registration = RegistrationFactory(summit=summit)
    SessionSignup.objects.create(session=existing, registration=registration, status=SignupStatus.CONFIRMED)
    url = f"/api/summits/{summit.slug}/sessions/{existing.pk}/"
    response = send(
        client,
        "patch",
        url,
        {"starts_at": local(summit, existing, 2), "ends_at": local(summit, existing, 3)},
        token_for(organizer, summit),
    )
    assert response.status_code == 200, response.content
    existing.refresh_from_db()
    assert existing.sequence == 1 and existing.title == "Drone swarms"  # untouched fields stay
    assert AuditEntry.objects.filter(action="summits.session.moved").count() == 1
    assert [m.to for m in mailoutbox] == [[registration.user.email]]


def test_restricting_through_the_api_releases_ineligible_seats(client, summit, organizer, existing):
    registration = RegistrationFactory(summit=summit)
    SessionSignup.objects.create(session=existing, registration=registration, status=SignupStatus.CONFIRMED)
    url = f"/api/summits/{summit.slug}/sessions/{existing.pk}/"
    response = send(client, "patch", url, {"restriction": Restriction.US_PERSONS}, token_for(organizer, summit))
    assert response.status_code == 200
    assert SessionSignup.objects.get().status != SignupStatus.CONFIRMED


def test_cancel_keeps_the_session_as_cancelled(client, summit, organizer, existing):
    url, secret = f"/api/summits/{summit.slug}/sessions/{existing.pk}/cancel/", token_for(organizer, summit)
    response = send(client, "post", url, {}, secret)
    assert response.status_code == 200 and response.json()["status"] == SessionStatus.CANCELLED
    assert send(client, "post", url, {}, secret).status_code == 409
    patch = send(client, "patch", f"/api/summits/{summit.slug}/sessions/{existing.pk}/", {"title": "X"}, secret)
    assert patch.status_code == 400 and patch.json()["code"] == "cancelled"


def test_only_this_summits_organizers_with_a_read_write_token_may_write(client, summit, organizer, existing):
    url = f"/api/summits/{summit.slug}/sessions/{existing.pk}/"
    assert send(client, "patch", url, {"title": "X"}, token_for(organizer, summit, scope="read")).status_code == 403
    attendee = RegistrationFactory(summit=summit).user
    assert send(client, "patch", url, {"title": "X"}, token_for(attendee, summit)).status_code == 404
    assert client.patch(url, {"title": "X"}, content_type="application/json").status_code in (401, 403)
    stranger = UserFactory(is_staff=True)
    SummitFactory(organizers=[stranger])
    assert send(client, "post", url + "cancel/", {}, token_for(stranger, summit)).status_code == 404
    existing.refresh_from_db()
    assert (existing.title, existing.status) == ("Drone swarms", SessionStatus.SCHEDULED)


def test_another_summits_session_room_and_speaker_are_never_touched(client, summit, organizer, existing):
    other = SummitFactory()
    theirs = roundtable(other, title="Theirs")
    secret = token_for(organizer, summit)
    for method, path, data in [
        ("patch", f"sessions/{theirs.pk}/", {"title": "Mine now"}),
        ("post", f"sessions/{theirs.pk}/cancel/", {}),
    ]:
        assert send(client, method, f"/api/summits/{summit.slug}/{path}", data, secret).status_code == 404
    # Their room and speaker, by id, in a session of this summit: "does not exist".
    data = new_session(summit, existing, room=theirs.room_id, speakers=[SpeakerFactory(summit=other).pk])
    response = send(client, "post", f"/api/summits/{summit.slug}/sessions/", data, secret)
    assert response.status_code == 400 and {"room", "speakers"} <= set(response.json())
    # Their summit's address with a token scoped to this one: 404.
    assert send(client, "post", f"/api/summits/{other.slug}/sessions/", data, secret).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status) == ("Theirs", SessionStatus.SCHEDULED)
