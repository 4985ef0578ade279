"""Each session's own speakers and moderators in the feeds (read for all sessions in one query),
and build_calendar's bytes against icalendar's plain Component API."""

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from django.core.cache import cache
from django.urls import reverse

from summits.calendar import tokens as feeds
from summits.calendar.ical import PRODID, CalendarEvent, build_calendar, clean_text, vtimezone
from summits.enums import SessionStatus, SignupStatus
from summits.models import SessionSignup
from tests.factories import RegistrationFactory, SessionFactory, SpeakerFactory
from tests.summits.helpers import get_feed, parse_both


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.FEED_STATE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def panels(summit):
    """Three sessions with overlapping people: each must show exactly its own."""
    asha = SpeakerFactory(summit=summit, name="Asha Rao", title="CTO", organisation="Orbit Labs")
    ben = SpeakerFactory(summit=summit, name="Ben Cole", title="", organisation="")
    chen = SpeakerFactory(summit=summit, name="Chen Li", title="Director", organisation="DIU")
    dana = SpeakerFactory(summit=summit, name="Dana Roy", title="Partner", organisation="Fund, LP")
    first = SessionFactory(summit=summit, title="First", description="")
    first.speakers.add(chen, asha)
    first.moderators.add(ben)
    second = SessionFactory(summit=summit, title="Second", description="")
    second.speakers.add(dana)
    second.moderators.add(asha, chen)
    third = SessionFactory(summit=summit, title="Third", description="")  # nobody
    chaired = SessionFactory(summit=summit, title="Chaired", description="")  # a moderator only
    chaired.moderators.add(dana)
    others = SessionFactory(summit=summit, title="Others", description="")
    others.speakers.add(asha, ben, chen, dana)
    others.moderators.add(dana)
    return first, second, third, chaired, others


def people_lines(description):
    return description.split("\n\n")[0].split("\n") if "\n\n" in description else []


EXPECTED = {
    "First": ["Speakers: Asha Rao, CTO, Orbit Labs; Chen Li, Director, DIU", "Moderator: Ben Cole"],
    "Second": ["Speaker: Dana Roy, Partner, Fund, LP", "Moderators: Asha Rao, CTO, Orbit Labs; Chen Li, Director, DIU"],
    "Third": [],
    "Chaired": ["Moderator: Dana Roy, Partner, Fund, LP"],
    "Others": [
        "Speakers: Asha Rao, CTO, Orbit Labs; Ben Cole; Chen Li, Director, DIU; Dana Roy, Partner, Fund, LP",
        "Moderator: Dana Roy, Partner, Fund, LP",
    ],
}


def test_public_feed_shows_each_sessions_own_speakers_and_moderators(client, summit, panels):
    events = parse_both(get_feed(client, summit).content)
    assert {e["summary"]: people_lines(e["description"]) for e in events.values()} == EXPECTED


def test_personal_feed_shows_each_of_my_sessions_own_people_and_no_one_elses(client, summit, registration, panels):
    *mine, others = panels
    for session in mine:
        SessionSignup.objects.create(registration=registration, session=session, status=SignupStatus.CONFIRMED)
    # Someone else's seat in the session full of people changes nothing in my feed.
    SessionSignup.objects.create(
        registration=RegistrationFactory(summit=summit), session=others, status=SignupStatus.CONFIRMED
    )
    token = feeds.renew_feed_token(registration, actor=registration.user)
    path = reverse("summits:personal-feed", kwargs={"slug": summit.slug, "token": token.token})

    events = parse_both(client.get(path).content)

    expected = {title: lines for title, lines in EXPECTED.items() if title != "Others"}
    assert {e["summary"]: people_lines(e["description"]) for e in events.values()} == expected


def reference_calendar(events, *, name, timezone, stamp, first, last):
    """The same document made with icalendar's plain API: Calendar, Event, add(), to_ical()."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone)
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(timedelta(hours=1)))
    zones = []
    for item in events:
        for zone in (item.start_tz, item.end_tz or item.start_tz):
            if zone not in zones:
                zones.append(zone)
    # The zones cover the feed's dates, one day of margin before and two after.
    cal.subcomponents.extend(vtimezone(z, first - timedelta(days=1), last + timedelta(days=2)) for z in zones)
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start.astimezone(icalendar.timezone.tzp.timezone(item.start_tz)))
        event.add("dtend", item.end.astimezone(icalendar.timezone.tzp.timezone(item.end_tz or item.start_tz)))
        event.add("summary", clean_text(item.summary))
        event.add("sequence", item.sequence)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.location:
            event.add("location", clean_text(item.location))
        if item.description:
            event.add("description", clean_text(item.description))
        if item.url:
            event.add("url", item.url)
        if item.last_modified:
            event.add("last-modified", item.last_modified)
        cal.add_component(event)
    return cal.to_ical(sorted=False)


def test_built_calendar_is_byte_for_byte_what_icalendars_component_api_makes():
    stamp = datetime(2027, 3, 1, 12, tzinfo=UTC)
    events = [
        CalendarEvent(
            uid="session-1@test",
            summary="Ā" * 30 + " Export control; licences, \\ and ünïcödé " * 3,
            start=datetime(2027, 3, 13, 14, tzinfo=UTC),
            end=datetime(2027, 3, 14, 15, tzinfo=UTC),  # over the change to daylight time
            start_tz="America/New_York",
            location="Hall A, Level 2; East wing",
            description="Speakers: A; B\r\nline two\x07 with a bell\n\n" + "x" * 200,
            url="https://conclave.test/summits/x/sessions/1/?a=1,2",
            sequence=3,
            last_modified=datetime(2027, 2, 1, 9, 30, tzinfo=UTC),
        ),
        CalendarEvent(
            uid="item-2@test",
            summary="Cancelled: IAD → DEL",
            start=datetime(2027, 3, 15, 1, tzinfo=UTC),
            end=datetime(2027, 3, 15, 15, 30, tzinfo=UTC),
            start_tz="America/New_York",
            end_tz="Asia/Kolkata",
            cancelled=True,
        ),
    ]
    first, last = date(2027, 3, 11), date(2027, 3, 17)
    body = build_calendar(
        events, name="Summit · my agenda", timezone="America/New_York", stamp=stamp, first_date=first, last_date=last
    )
    assert body == reference_calendar(
        events, name="Summit · my agenda", timezone="America/New_York", stamp=stamp, first=first, last=last
    )
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert b"\x07" not in body


def test_cancelled_session_keeps_its_people_in_the_feed(client, summit, panels):
    first = panels[0]
    first.status = SessionStatus.CANCELLED
    first.save()
    events = parse_both(get_feed(client, summit).content)
    [cancelled] = [e for e in events.values() if e["status"] == "CANCELLED"]
    assert cancelled["summary"] == "Cancelled: First"
    assert people_lines(cancelled["description"]) == EXPECTED["First"]
