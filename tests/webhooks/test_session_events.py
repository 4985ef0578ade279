"""session.changed fires wherever what a subscriber sees of a session changes: a new session,
an edit, new people, and a rename of its room (in the console too) or of a speaker. A closed
session's payload is its id only, also when a rename touches it."""

from datetime import timedelta

import pytest

from summits.agenda.scheduling import cancel_session, create_session, reschedule_session, save_room_or_speaker
from summits.enums import Restriction, SessionKind
from tests.factories import RoomFactory, SpeakerFactory, roundtable
from webhooks.models import Delivery
from webhooks.services import create_endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(settings, summit, organizer):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_REQUIRE_HTTPS = False
    return create_endpoint(summit=summit, url="http://127.0.0.1:9/h", events=["session.changed"], actor=organizer)


def sent():
    return [d.payload["data"] for d in Delivery.objects.order_by("pk")]


def test_a_new_session_is_announced_with_its_people(subscribed, summit, organizer):
    room, speaker = RoomFactory(summit=summit, name="Hall B"), SpeakerFactory(summit=summit, name="Asha Rao")
    starts_at = roundtable(summit).starts_at + timedelta(hours=3)
    Delivery.objects.all().delete()
    session = create_session(
        summit=summit,
        actor=organizer,
        title="Space startups",
        kind=SessionKind.PITCH,
        room=room,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        speakers=[speaker],
    )
    [data] = sent()
    assert (data["id"], data["title"], data["room"], data["speakers"]) == (
        session.pk,
        "Space startups",
        "Hall B",
        ["Asha Rao"],
    )


def test_an_edit_fires_once_with_the_new_people(subscribed, summit, organizer):
    session = roundtable(summit, title="Drones")
    speaker = SpeakerFactory(summit=summit, name="Vikram Sen")
    reschedule_session(session, actor=organizer, title="Drones at sea", speakers=[speaker])
    [data] = sent()
    assert (data["title"], data["speakers"], data["sequence"]) == ("Drones at sea", ["Vikram Sen"], 1)


def test_a_change_of_people_alone_fires(subscribed, summit, organizer):
    session = roundtable(summit)
    reschedule_session(session, actor=organizer, moderators=[SpeakerFactory(summit=summit, name="Mod One")])
    assert [d["moderators"] for d in sent()] == [["Mod One"]]


def test_saving_without_a_change_fires_nothing(subscribed, summit, organizer):
    session = roundtable(summit, title="Same")
    reschedule_session(session, actor=organizer, title="Same", speakers=[])
    assert sent() == []


def test_cancelling_fires(subscribed, summit, organizer):
    session = roundtable(summit)
    cancel_session(session, actor=organizer)
    assert [d["status"] for d in sent()] == ["cancelled"]


def test_a_room_rename_fires_for_each_session_in_it(subscribed, summit, organizer):
    room = RoomFactory(summit=summit, name="Hall A")
    first, second = roundtable(summit, room=room), roundtable(summit, room=room)
    roundtable(summit)  # in another room: untouched
    room.name = "Hall A (ground floor)"
    save_room_or_speaker(room, actor=organizer)
    assert sorted((d["id"], d["room"]) for d in sent()) == [
        (first.pk, "Hall A (ground floor)"),
        (second.pk, "Hall A (ground floor)"),
    ]


def test_a_room_renamed_in_the_console_fires_and_raises_sequence(client, subscribed, summit, organizer):
    room = RoomFactory(summit=summit, name="Hall A", capacity=100)
    session = roundtable(summit, room=room)
    client.force_login(organizer)
    data = {"item-name": "Hall Z", "item-capacity": "100", "item-position": "0"}
    response = client.post(f"/summits/{summit.slug}/manage/rooms/{room.pk}/", data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.sequence == 1
    assert [(d["id"], d["room"]) for d in sent()] == [(session.pk, "Hall Z")]


def test_a_speaker_rename_fires_for_their_sessions(subscribed, summit, organizer):
    speaker = SpeakerFactory(summit=summit, name="Asha Rao")
    talk, panel = roundtable(summit), roundtable(summit)
    talk.speakers.add(speaker)
    panel.moderators.add(speaker)
    speaker.name = "Dr Asha Rao"
    save_room_or_speaker(speaker, actor=organizer)
    by_id = {d["id"]: d for d in sent()}
    assert by_id[talk.pk]["speakers"] == ["Dr Asha Rao"] and by_id[panel.pk]["moderators"] == ["Dr Asha Rao"]


def test_a_rename_touching_a_closed_session_sends_its_id_only(subscribed, summit, organizer):
    room = RoomFactory(summit=summit, name="Vault")
    speaker = SpeakerFactory(summit=summit, name="Secret Person")
    closed = roundtable(summit, room=room, title="Hypersonics", restriction=Restriction.US_PERSONS)
    closed.speakers.add(speaker)
    room.name = "Vault 2"
    save_room_or_speaker(room, actor=organizer)
    speaker.name = "Secret Person II"
    save_room_or_speaker(speaker, actor=organizer)
    assert sent() == [{"id": closed.pk, "closed": True, "title": "Closed session"}] * 2


def test_no_subscriber_no_session_read(django_assert_num_queries, summit, organizer):
    room = RoomFactory(summit=summit, name="Hall A")
    for _ in range(3):
        roundtable(summit, room=room)
    room.name = "Hall B"
    # savepoint, before, save, ids, update, audit, endpoints (none), release: no session read again.
    with django_assert_num_queries(8):
        save_room_or_speaker(room, actor=organizer)
    assert not Delivery.objects.exists()
