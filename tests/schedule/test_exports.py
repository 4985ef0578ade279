"""frab exports: schedule.xml and schedule.json, validated against the format's published schemas."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from schedule.services import release_schedule
from summits.agenda.scheduling import update_session
from summits.enums import Restriction, SummitStatus
from tests.factories import RoomFactory, SessionFactory, SpeakerFactory, SummitFactory, TrackFactory
from tests.schedule.helpers import events, validate_json, validate_xml

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def exact_markers(settings):
    settings.FEED_STATE_SECONDS = 0  # exact answers after every change


@pytest.fixture
def summit():
    return SummitFactory(
        slug="indus-x-2027", timezone="Asia/Kolkata", start_date=date(2027, 2, 10), end_date=date(2027, 2, 11)
    )


@pytest.fixture
def agenda(summit):
    hall = RoomFactory(summit=summit, name="Main hall", position=1)
    side = RoomFactory(summit=summit, name="Room B", position=2)
    track = TrackFactory(summit=summit, name="Space", colour="#1f6feb")
    keynote = SessionFactory(
        summit=summit,
        title="Opening keynote",
        room=hall,
        track=track,
        description="Why we meet.",
        starts_at=datetime(2027, 2, 10, 4, 0, tzinfo=UTC),  # 09:30 in Kolkata
        ends_at=datetime(2027, 2, 10, 5, 30, tzinfo=UTC),
    )
    keynote.speakers.add(SpeakerFactory(summit=summit, name="Asha Rao"))
    keynote.moderators.add(SpeakerFactory(summit=summit, name="Ben Ortiz"))
    closed = SessionFactory(
        summit=summit,
        title="Hypersonic roundtable",
        description="ITAR details",
        room=side,
        track=TrackFactory(summit=summit, name="Secret track"),
        restriction=Restriction.US_PERSONS,
        starts_at=datetime(2027, 2, 11, 6, 0, tzinfo=UTC),
        ends_at=datetime(2027, 2, 11, 7, 0, tzinfo=UTC),
    )
    closed.speakers.add(SpeakerFactory(summit=summit, name="Dr. Hidden"))
    return {"keynote": keynote, "closed": closed, "hall": hall, "side": side}


def get(client, summit, kind, **headers):
    return client.get(reverse(f"schedule:schedule-{kind}", kwargs={"slug": summit.slug}), headers=headers)


def test_schedule_json_is_valid_c3voc_json_with_local_times(client, summit, agenda):
    response = get(client, summit, "json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = validate_json(response.content)
    conference = data["schedule"]["conference"]
    assert data["schedule"]["version"] == "draft"
    assert conference["acronym"] == "indus_x_2027"
    assert conference["time_zone_name"] == "Asia/Kolkata"
    assert [r["name"] for r in conference["rooms"]] == ["Main hall", "Room B"]
    assert [(d["index"], d["date"], list(d["rooms"])) for d in conference["days"]] == [
        (1, "2027-02-10", ["Main hall"]),
        (2, "2027-02-11", ["Room B"]),
    ]
    keynote = events(data)[agenda["keynote"].pk]
    assert keynote["date"] == "2027-02-10T09:30:00+05:30"
    assert (keynote["start"], keynote["duration"], keynote["room"]) == ("09:30", "01:30", "Main hall")
    assert (keynote["title"], keynote["track"], keynote["type"]) == ("Opening keynote", "Space", "talk")
    assert keynote["abstract"] == "Why we meet."
    assert keynote["persons"] == [{"name": "Asha Rao"}, {"name": "Ben Ortiz"}]
    assert keynote["url"] == f"http://testserver/summits/indus-x-2027/sessions/{agenda['keynote'].pk}/"


def test_anonymous_readers_get_closed_sessions_without_details(client, summit, agenda):
    data = validate_json(get(client, summit, "json").content)
    closed = events(data)[agenda["closed"].pk]
    assert closed["title"] == "Closed session"
    assert (closed["abstract"], closed["track"], closed["persons"], closed["type"]) == ("", "", [], "other")
    assert (closed["start"], closed["room"]) == ("11:30", "Room B")
    assert [t["name"] for t in data["schedule"]["conference"]["tracks"]] == ["Space"]
    for kind in ("json", "xml"):
        body = get(client, summit, kind).content.decode()
        for secret in ("Hypersonic", "ITAR", "Dr. Hidden", "Secret track"):
            assert secret not in body, (kind, secret)


def test_organizers_get_the_same_public_export(client, summit, agenda, organizer):
    client.force_login(organizer)
    assert "Hypersonic" not in get(client, summit, "json").content.decode()


def test_schedule_xml_is_valid_frab_xml(client, summit, agenda):
    response = get(client, summit, "xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = validate_xml(response.content)
    assert root.findtext("conference/acronym") == "indus_x_2027"
    assert root.findtext("conference/days") == "2"
    days = root.findall("day")
    assert [(d.get("index"), d.get("date"), d.get("start")) for d in days] == [
        ("1", "2027-02-10", "2027-02-10T09:30:00+05:30"),
        ("2", "2027-02-11", "2027-02-11T11:30:00+05:30"),
    ]
    event = root.find(f"day/room/event[@id='{agenda['keynote'].pk}']")
    assert event.getparent().get("name") == "Main hall"
    assert {k: event.findtext(k) for k in ("date", "start", "duration", "room", "title", "track", "type")} == {
        "date": "2027-02-10T09:30:00+05:30",
        "start": "09:30",
        "duration": "01:30",
        "room": "Main hall",
        "title": "Opening keynote",
        "track": "Space",
        "type": "talk",
    }
    assert [p.text for p in event.findall("persons/person")] == ["Asha Rao", "Ben Ortiz"]
    closed = root.find(f"day/room/event[@id='{agenda['closed'].pk}']")
    assert closed.findtext("title") == "Closed session" and closed.find("persons/person") is None


def test_guids_are_stable_and_exports_agree(client, summit, agenda):
    data = validate_json(get(client, summit, "json").content)
    root = validate_xml(get(client, summit, "xml").content)
    update_session(agenda["keynote"], title="Opening keynote, new title")
    again = validate_json(get(client, summit, "json").content)
    for pk in (agenda["keynote"].pk, agenda["closed"].pk):
        assert events(data)[pk]["guid"] == events(again)[pk]["guid"]
        assert root.find(f"day/room/event[@id='{pk}']").get("guid") == events(data)[pk]["guid"]


def test_new_york_summit_across_the_dst_change_writes_each_offset(client):
    summit = SummitFactory(timezone="America/New_York", start_date=date(2027, 3, 13), end_date=date(2027, 3, 14))
    SessionFactory(summit=summit, starts_at=datetime(2027, 3, 13, 15, 0, tzinfo=UTC))
    SessionFactory(summit=summit, starts_at=datetime(2027, 3, 14, 15, 0, tzinfo=UTC))
    data = validate_json(get(client, summit, "json").content)
    assert sorted(e["date"] for e in events(data).values()) == [
        "2027-03-13T10:00:00-05:00",
        "2027-03-14T11:00:00-04:00",
    ]
    validate_xml(get(client, summit, "xml").content)


def test_exports_show_the_latest_release_not_the_draft(client, summit, agenda, organizer):
    release_schedule(summit=summit, version="1.0", actor=organizer)
    update_session(agenda["keynote"], title="Draft title nobody should see yet")
    data = validate_json(get(client, summit, "json").content)
    assert data["schedule"]["version"] == "1.0"
    assert events(data)[agenda["keynote"].pk]["title"] == "Opening keynote"
    root = validate_xml(get(client, summit, "xml").content)
    assert root.findtext("version") == "1.0"
    assert b"Draft title" not in get(client, summit, "xml").content


def test_cancelled_sessions_are_left_out(client, summit, agenda):
    from summits.agenda.scheduling import cancel_session

    cancel_session(agenda["keynote"])
    data = validate_json(get(client, summit, "json").content)
    assert list(events(data)) == [agenda["closed"].pk]


def test_etag_answers_304_and_moves_with_a_release(client, summit, agenda, organizer):
    first = get(client, summit, "json")
    assert first["Access-Control-Allow-Origin"] == "*"
    etag = first["ETag"]
    not_modified = get(client, summit, "json", if_none_match=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["Access-Control-Allow-Origin"] == "*"
    assert get(client, summit, "xml")["ETag"] != etag
    release_schedule(summit=summit, version="1.0", actor=organizer)
    assert get(client, summit, "json", if_none_match=etag).status_code == 200


def test_a_draft_summit_has_no_exports(client, summit, agenda, organizer):
    summit.status = SummitStatus.DRAFT
    summit.save()
    client.force_login(organizer)
    assert get(client, summit, "json").status_code == 404
    assert get(client, summit, "xml").status_code == 404


def test_only_get_and_head(client, summit):
    assert client.post(reverse("schedule:schedule-json", kwargs={"slug": summit.slug})).status_code == 405


@pytest.mark.parametrize("count", [1, 20])
def test_query_counts_are_fixed(client, settings, summit, organizer, django_assert_num_queries, count):
    for n in range(count):
        session = SessionFactory(summit=summit, starts_at=datetime(2027, 2, 10, 4, 0, tzinfo=UTC) + timedelta(hours=n))
        session.speakers.add(SpeakerFactory(summit=summit))
    # markers (no release among them), summit, sessions with room and track, speakers, moderators
    with django_assert_num_queries(5):
        etag = get(client, summit, "json")["ETag"]
    with django_assert_num_queries(1):  # the markers; the bytes come from the cache by ETag
        assert get(client, summit, "json", if_none_match=etag).status_code == 304
    release_schedule(summit=summit, version="1.0", actor=organizer)
    first = get(client, summit, "json").content  # renders the release's document once and stores it
    settings.FEED_CACHE_SECONDS = 0  # no bytes cache by ETag: a cold request
    with django_assert_num_queries(2):  # markers; latest release with the summit and its stored document
        again = get(client, summit, "json").content
    assert again == first and len(events(validate_json(again))) == count


def test_guids_are_uuid5_of_the_session_url():
    import uuid

    from schedule.exports import _guid

    for path in ("/summits/a/sessions/1/", "/summits/indus-x-2027/sessions/98765/", "/ü/"):
        assert _guid("http://testserver", path) == str(uuid.uuid5(uuid.NAMESPACE_URL, f"http://testserver{path}"))
