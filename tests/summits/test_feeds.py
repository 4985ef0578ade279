"""The public agenda feed as calendar apps read it: parsed with icalendar AND vobject."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject
from django.core.cache import cache
from django.urls import reverse
from django.utils.http import http_date

from summits.agenda.scheduling import cancel_session, update_session
from summits.enums import SummitStatus
from tests.factories import RoomFactory, SessionFactory, SpeakerFactory, SummitFactory
from tests.summits.helpers import assert_redacted, closed_session, get_feed, parse_both, unfold

NY = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.FEED_STATE_SECONDS = 0  # exact answers after every change; the reuse has its own test
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def new_york_summit(db):
    """A summit over the March change to daylight saving time (Sunday 14 March 2027, 02:00 local)."""
    return SummitFactory(
        name="INDUS-X Washington", timezone="America/New_York", start_date=date(2027, 3, 13), end_date=date(2027, 3, 15)
    )


def at(tz, *args):
    return datetime(*args, tzinfo=tz)


def test_new_york_events_land_on_exact_utc_instants_across_the_dst_change(client, new_york_summit):
    summit = new_york_summit
    before = SessionFactory(summit=summit, starts_at=at(NY, 2027, 3, 13, 9), ends_at=at(NY, 2027, 3, 13, 10))
    night = SessionFactory(summit=summit, starts_at=at(NY, 2027, 3, 14, 1, 30), ends_at=at(NY, 2027, 3, 14, 3, 30))
    after = SessionFactory(summit=summit, starts_at=at(NY, 2027, 3, 15, 9), ends_at=at(NY, 2027, 3, 15, 10))

    response = get_feed(client, summit)

    assert response.status_code == 200
    events = parse_both(response.content)
    host = "testserver"
    assert events[f"session-{before.pk}@{host}"]["start"] == datetime(2027, 3, 13, 14, 0, tzinfo=UTC)  # EST, -5
    assert events[f"session-{before.pk}@{host}"]["end"] == datetime(2027, 3, 13, 15, 0, tzinfo=UTC)
    # 01:30 EST is 06:30Z; 03:30 EDT (the clock jumped from 02:00 to 03:00) is 07:30Z.
    assert events[f"session-{night.pk}@{host}"]["start"] == datetime(2027, 3, 14, 6, 30, tzinfo=UTC)
    assert events[f"session-{night.pk}@{host}"]["end"] == datetime(2027, 3, 14, 7, 30, tzinfo=UTC)
    assert events[f"session-{after.pk}@{host}"]["start"] == datetime(2027, 3, 15, 13, 0, tzinfo=UTC)  # EDT, -4
    assert {e["start_tzid"] for e in events.values()} == {"America/New_York"}
    assert {e["end_tzid"] for e in events.values()} == {"America/New_York"}
    assert b"TZID=EST" not in response.content and b"TZID=EDT" not in response.content


def test_the_vtimezone_itself_carries_the_dst_change_of_the_summit_dates(client, new_york_summit):
    SessionFactory(summit=new_york_summit, starts_at=at(NY, 2027, 3, 13, 9), ends_at=at(NY, 2027, 3, 13, 10))

    body = get_feed(client, new_york_summit).content

    [vtimezone] = vobject.readOne(body.decode()).vtimezone_list
    assert vtimezone.tzid.value == "America/New_York"
    tzinfo = vtimezone.gettzinfo()  # vobject's own reading of our VTIMEZONE, not the IANA data
    assert tzinfo.utcoffset(datetime(2027, 3, 13, 12)) == timedelta(hours=-5)
    assert tzinfo.utcoffset(datetime(2027, 3, 15, 12)) == timedelta(hours=-4)
    assert [tz["TZID"] for tz in icalendar.Calendar.from_ical(body).timezones] == ["America/New_York"]


def test_kolkata_events_are_five_and_a_half_hours_ahead_of_utc(client, summit):
    summit.start_date, summit.end_date = date(2027, 2, 10), date(2027, 2, 11)
    summit.save()
    session = SessionFactory(
        summit=summit, starts_at=at(KOLKATA, 2027, 2, 10, 10), ends_at=at(KOLKATA, 2027, 2, 10, 11)
    )

    body = get_feed(client, summit).content

    event = parse_both(body)[f"session-{session.pk}@testserver"]
    assert event["start"] == datetime(2027, 2, 10, 4, 30, tzinfo=UTC)
    assert event["end"] == datetime(2027, 2, 10, 5, 30, tzinfo=UTC)
    assert event["start_tzid"] == "Asia/Kolkata"
    assert b"DTSTART;TZID=Asia/Kolkata:20270210T100000" in body
    [vtimezone] = vobject.readOne(body.decode()).vtimezone_list
    assert vtimezone.gettzinfo().utcoffset(datetime(2027, 2, 10, 10)) == timedelta(hours=5, minutes=30)
    # recurring-ical-events (a third reader) finds the event on its local day.
    found = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).at(date(2027, 2, 10))
    assert [str(e["UID"]) for e in found] == [f"session-{session.pk}@testserver"]


def test_feed_names_itself_its_zone_and_refresh_interval_with_one_dtstamp(client, summit):
    SessionFactory.create_batch(3, summit=summit)

    body = get_feed(client, summit).content

    cal = icalendar.Calendar.from_ical(body)
    assert str(cal["X-WR-CALNAME"]) == summit.name
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Kolkata"
    assert cal["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in body
    assert str(cal["PRODID"]) == "-//Conclave//Conclave summits//EN"
    assert len({e["DTSTAMP"].dt for e in cal.events}) == 1
    assert len(cal.events) == 3


def test_event_carries_speakers_location_page_url_and_last_modified(client, summit):
    room = RoomFactory(summit=summit, name="Hall A")
    session = SessionFactory(summit=summit, room=room, title="Joint challenges", description="Line one.\nLine two.")
    session.speakers.add(
        SpeakerFactory(summit=summit, name="Asha Rao", title="CTO", organisation="Ex, Inc."),
        SpeakerFactory(summit=summit, name="Ben Cole", organisation=""),
    )
    session.moderators.add(SpeakerFactory(summit=summit, name="Mona Lee", organisation="DIU"))
    session.refresh_from_db()

    body = get_feed(client, summit).content

    event = parse_both(body)[f"session-{session.pk}@testserver"]
    url = "http://testserver" + session.get_absolute_url()
    assert event["summary"] == "Joint challenges"
    assert event["location"] == "Hall A, BIEC, Bengaluru"
    assert event["url"] == url
    assert event["description"] == (
        f"Speakers: Asha Rao, CTO, Ex, Inc.; Ben Cole\nModerator: Mona Lee, DIU\n\nLine one.\nLine two.\n\n{url}"
    )
    [parsed] = icalendar.Calendar.from_ical(body).events
    assert parsed["LAST-MODIFIED"].dt == session.updated.astimezone(UTC).replace(microsecond=0)


def test_control_characters_are_stripped_and_special_characters_survive(client, summit):
    session = SessionFactory(summit=summit, title="Drones;\x01 sensors,\x0b and \\ “AI”\x7f", description="a\r\nb")

    body = get_feed(client, summit).content

    event = parse_both(body)[f"session-{session.pk}@testserver"]
    assert event["summary"] == "Drones; sensors, and \\ “AI”"
    assert event["description"].startswith("a\nb\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))


def test_builder_strips_nul_and_other_control_characters():
    from summits.calendar.ical import CalendarEvent, build_calendar

    event = CalendarEvent(
        uid="x-1@test",
        summary="A\x00B\x1bC",
        start=datetime(2027, 1, 1, 9, tzinfo=UTC),
        end=datetime(2027, 1, 1, 10, tzinfo=UTC),
        start_tz="Asia/Kolkata",
        description="tab\there\rnext",
    )
    body = build_calendar([event], name="N\x07", timezone="Asia/Kolkata", stamp=datetime(2027, 1, 1, tzinfo=UTC))
    assert not any(byte < 32 and byte not in (9, 10, 13) for byte in body)
    facts = parse_both(body)["x-1@test"]
    assert (facts["summary"], facts["description"]) == ("ABC", "tab\there\nnext")


def test_moved_session_keeps_its_uid_and_raises_sequence(client, summit):
    session = SessionFactory(summit=summit)
    uid = f"session-{session.pk}@testserver"
    first = get_feed(client, summit)
    assert parse_both(first.content)[uid]["sequence"] == 0

    update_session(
        session, starts_at=session.starts_at + timedelta(hours=2), ends_at=session.ends_at + timedelta(hours=2)
    )
    second = get_feed(client, summit, if_none_match=first["ETag"])

    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    event = parse_both(second.content)[uid]
    assert event["sequence"] == 1
    assert event["start"] == (session.starts_at + timedelta(hours=2)).astimezone(UTC)

    update_session(session, title="Renamed")
    assert parse_both(get_feed(client, summit).content)[uid]["sequence"] == 2


def test_cancelled_session_stays_in_the_feed_as_cancelled(client, summit):
    kept = SessionFactory(summit=summit)
    dropped = SessionFactory(summit=summit, title="Pitch hour")

    cancel_session(dropped)
    events = parse_both(get_feed(client, summit).content)

    assert events[f"session-{dropped.pk}@testserver"]["status"] == "CANCELLED"
    assert events[f"session-{dropped.pk}@testserver"]["sequence"] == 1
    assert events[f"session-{dropped.pk}@testserver"]["summary"] == "Cancelled: Pitch hour"
    assert events[f"session-{kept.pk}@testserver"]["status"] == "CONFIRMED"


def test_public_feed_shows_a_closed_session_only_as_closed_with_time_and_room(client, summit, organizer):
    session = closed_session(summit)
    client.force_login(organizer)  # even an organizer's copy of the public feed is the public one

    assert_redacted(get_feed(client, summit).content, session)


def test_feed_answers_with_calendar_type_etag_and_last_modified(client, summit):
    SessionFactory(summit=summit)

    response = get_feed(client, summit)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34
    assert response["Last-Modified"]
    assert response["Cache-Control"] == "public, no-cache"
    assert client.head(reverse("summits:agenda-feed", kwargs={"slug": summit.slug}))["ETag"] == response["ETag"]


def test_matching_if_none_match_gets_304_without_a_body(client, summit):
    SessionFactory(summit=summit)
    first = get_feed(client, summit)

    again = get_feed(client, summit, if_none_match=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]


def test_if_modified_since_gets_304_until_a_session_changes(client, summit):
    session = SessionFactory(summit=summit)
    first = get_feed(client, summit)

    assert get_feed(client, summit, if_modified_since=first["Last-Modified"]).status_code == 304
    update_session(session, title="New title")
    later = http_date((session.updated - timedelta(seconds=1)).timestamp())
    assert get_feed(client, summit, if_modified_since=later).status_code == 200


def test_stale_etag_gets_the_full_feed(client, summit):
    SessionFactory(summit=summit)
    response = get_feed(client, summit, if_none_match='"not-this-one"')
    assert response.status_code == 200
    assert b"BEGIN:VEVENT" in response.content


def test_adding_a_speaker_changes_the_etag(client, summit):
    session = SessionFactory(summit=summit)
    before = get_feed(client, summit)["ETag"]
    session.speakers.add(SpeakerFactory(summit=summit, name="Late Addition"))
    response = get_feed(client, summit, if_none_match=before)
    assert response.status_code == 200
    assert b"Late Addition" in unfold(response.content)


def test_draft_summit_has_no_public_feed(client, summit):
    summit.status = SummitStatus.DRAFT
    summit.save()
    assert get_feed(client, summit).status_code == 404


@pytest.mark.parametrize("count", [1, 20])
def test_public_feed_runs_a_fixed_number_of_queries(client, summit, django_assert_num_queries, count):
    for _ in range(count):
        session = SessionFactory(summit=summit)
        session.speakers.add(SpeakerFactory(summit=summit))
    closed_session(summit)
    # change markers, summit, sessions with rooms, their speakers and moderators
    with django_assert_num_queries(4):
        response = get_feed(client, summit)
    assert len(icalendar.Calendar.from_ical(response.content).events) == count + 1


@pytest.mark.parametrize("count", [1, 20])
def test_304_and_unchanged_feed_run_one_query(client, summit, django_assert_num_queries, count):
    SessionFactory.create_batch(count, summit=summit)
    etag = get_feed(client, summit)["ETag"]
    with django_assert_num_queries(1):
        assert get_feed(client, summit, if_none_match=etag).status_code == 304
    with django_assert_num_queries(1):  # built bytes come from the cache
        assert get_feed(client, summit).status_code == 200


def test_summit_and_agenda_pages_offer_subscribe_links(client, summit):
    feed = f"http://testserver/summits/{summit.slug}/agenda.ics"
    for name in ("summits:detail", "summits:agenda"):
        html = client.get(reverse(name, kwargs={"slug": summit.slug})).content.decode()
        assert f'href="webcal://testserver/summits/{summit.slug}/agenda.ics"' in html
        assert f'value="{feed}"' in html
        assert (
            "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver%2Fsummits%2F"
            f"{summit.slug}%2Fagenda.ics" in html
        )
        assert "https://outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2Ftestserver%2Fsummits%2F" in html


def test_public_feed_state_is_reused_for_a_few_seconds_per_process(client, summit, settings, django_assert_num_queries):
    from summits.calendar.feeds import feed_cache

    settings.FEED_STATE_SECONDS = 5
    session = SessionFactory(summit=summit)
    etag = get_feed(client, summit)["ETag"]
    update_session(session, title="Moved on")

    with django_assert_num_queries(0):
        assert get_feed(client, summit, if_none_match=etag).status_code == 304
    feed_cache().clear()  # FEED_STATE_SECONDS later (or another process)
    with django_assert_num_queries(4):
        response = get_feed(client, summit, if_none_match=etag)
    assert response.status_code == 200
    assert parse_both(response.content)[f"session-{session.pk}@testserver"]["summary"] == "Moved on"


def test_feed_bytes_survive_icalendars_parse_and_serialize_unchanged(client, summit):
    session = SessionFactory(summit=summit, title="Ā" * 30 + " long title with ünïcödé " * 4, description="x" * 300)
    session.speakers.add(SpeakerFactory(summit=summit, name="Asha Rao"))
    body = get_feed(client, summit).content
    cal = icalendar.Calendar.from_ical(body)
    assert cal.to_ical(sorted=False) == body
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))


def test_vtimezone_is_built_once_per_zone_and_range_and_covers_only_the_summit(client, new_york_summit):
    from summits.calendar.ical import vtimezone

    SessionFactory(summit=new_york_summit, starts_at=at(NY, 2027, 3, 13, 9), ends_at=at(NY, 2027, 3, 13, 10))
    vtimezone.cache_clear()
    first = get_feed(client, new_york_summit).content
    SessionFactory(summit=new_york_summit, starts_at=at(NY, 2027, 3, 15, 9), ends_at=at(NY, 2027, 3, 15, 10))
    second = get_feed(client, new_york_summit).content

    info = vtimezone.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    [tz] = icalendar.Calendar.from_ical(second).timezones
    # One change to daylight time in range, none of the decades around it.
    assert [c.name for c in tz.subcomponents] == ["STANDARD", "DAYLIGHT"]
    assert tz.subcomponents[1]["DTSTART"].dt == datetime(2027, 3, 14, 3, 0)
    assert first.split(b"BEGIN:VEVENT")[0] == second.split(b"BEGIN:VEVENT")[0]


def test_renaming_a_room_or_speaker_in_the_admin_updates_the_feed(client, summit, organizer):
    from django.contrib.auth.models import Permission

    organizer.user_permissions.add(*Permission.objects.filter(content_type__app_label="summits"))
    room = RoomFactory(summit=summit, name="Kaveri")
    speaker = SpeakerFactory(summit=summit, name="Priya Joshi", organisation="iDEX")
    session = SessionFactory(summit=summit, room=room)
    session.speakers.add(speaker)
    uid = f"session-{session.pk}@testserver"
    first = get_feed(client, summit)

    client.force_login(organizer)
    client.post(f"/admin/summits/room/{room.pk}/change/", {"summit": summit.pk, "name": "Kaveri Hall", "position": 0})
    client.post(
        f"/admin/summits/speaker/{speaker.pk}/change/",
        {"summit": summit.pk, "name": "Dr Priya Joshi", "organisation": "iDEX"},
    )
    client.logout()

    second = get_feed(client, summit, if_none_match=first["ETag"])
    assert second.status_code == 200
    event = parse_both(second.content)[uid]
    assert event["sequence"] == 2
    assert "Kaveri Hall" in event["location"] and "Dr Priya Joshi" in event["description"]
