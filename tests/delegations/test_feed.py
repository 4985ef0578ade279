"""The delegation feed at a secret URL, read back with icalendar and an independent parser (vobject)."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import icalendar
import pytest
import recurring_ical_events
import vobject
from django.utils.http import http_date

from delegations.queries import itinerary_events_for
from delegations.services import add_itinerary_item, rotate_feed_token
from tests.delegations.helpers import utc_instant
from tests.factories import DelegationFactory, MembershipFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flight(delegation, lead):
    return add_itinerary_item(
        delegation,
        actor=lead,
        kind="flight",
        title="AI 104",
        starts_at=datetime(2027, 2, 15, 2, 40, tzinfo=UTC),
        ends_at=datetime(2027, 2, 15, 18, 35, tzinfo=UTC),
        start_tz="America/New_York",
        end_tz="Asia/Kolkata",
        start_place="Washington Dulles (IAD)",
        end_place="Delhi (DEL)",
    )


def fetch(client, delegation):
    response = client.get(f"/delegations/feed/{delegation.feed_token}.ics")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    return response


def test_the_flight_starts_in_its_departure_zone_and_ends_in_its_arrival_zone(client, delegation, flight):
    body = fetch(client, delegation).content
    text = body.decode()
    assert "DTSTART;TZID=America/New_York:20270214T214000" in text
    assert "DTEND;TZID=Asia/Kolkata:20270216T000500" in text
    # An independent parser, resolving TZIDs through the feed's own VTIMEZONEs.
    cal = vobject.readOne(text)
    [event] = cal.vevent_list
    # vobject resolves the TZID into the value's tzinfo, built from the feed's VTIMEZONE.
    assert event.dtstart.value.replace(tzinfo=None) == datetime(2027, 2, 14, 21, 40)
    assert event.dtend.value.replace(tzinfo=None) == datetime(2027, 2, 16, 0, 5)
    assert vobject.icalendar.TimezoneComponent.pickTzid(event.dtstart.value.tzinfo) == "America/New_York"
    assert vobject.icalendar.TimezoneComponent.pickTzid(event.dtend.value.tzinfo) == "Asia/Kolkata"
    assert utc_instant(event.dtstart) == datetime(2027, 2, 15, 2, 40, tzinfo=UTC)
    assert utc_instant(event.dtend) == datetime(2027, 2, 15, 18, 35, tzinfo=UTC)
    assert event.summary.value == f"[{delegation.name}] AI 104"
    assert event.uid.value == f"delegation-item-{flight.pk}@testserver"
    assert event.location.value == "Washington Dulles (IAD) → Delhi (DEL)"
    zones = {tz.tzid.value for tz in cal.vtimezone_list}
    assert zones == {"America/New_York", "Asia/Kolkata"}


def test_instants_across_a_daylight_saving_change_survive_the_round_trip(client, delegation, lead):
    # Two meetings in New York at 09:00 local, either side of 14 March 2027 (EST then EDT).
    for day in (13, 15):
        start = datetime(2027, 3, day, 14 if day == 13 else 13, tzinfo=UTC)
        add_itinerary_item(
            delegation,
            actor=lead,
            kind="meeting",
            title=f"Meeting {day}",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            start_tz="America/New_York",
        )
    body = fetch(client, delegation).content
    # recurring-ical-events: what a calendar app would list for that week, as UTC instants.
    listed = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between((2027, 3, 10), (2027, 3, 20))
    assert sorted(e.decoded("dtstart").astimezone(UTC) for e in listed) == [
        datetime(2027, 3, 13, 14, tzinfo=UTC),
        datetime(2027, 3, 15, 13, tzinfo=UTC),
    ]
    cal = vobject.readOne(body.decode())
    starts = sorted((e.summary.value, e.dtstart) for e in cal.vevent_list)
    assert [(s, p.value.hour, utc_instant(p)) for s, p in starts] == [
        (f"[{delegation.name}] Meeting 13", 9, datetime(2027, 3, 13, 14, tzinfo=UTC)),
        (f"[{delegation.name}] Meeting 15", 9, datetime(2027, 3, 15, 13, tzinfo=UTC)),
    ]


def test_the_feed_parses_with_icalendar_too_and_answers_conditional_gets(client, delegation, flight):
    response = fetch(client, delegation)
    cal = icalendar.Calendar.from_ical(response.content)
    [event] = cal.walk("VEVENT")
    assert event.decoded("dtstart").astimezone(UTC) == flight.starts_at
    again = client.get(f"/delegations/feed/{delegation.feed_token}.ics", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_restricted_session_is_closed_in_the_shared_feed(client, delegation, lead):
    session = SessionFactory(
        summit=delegation.summit,
        title="ITAR licensing deep dive",
        restriction="us_persons",
        description="Secret agenda",
    )
    add_itinerary_item(delegation, actor=lead, kind="session", session=session)
    text = fetch(client, delegation).content.decode()
    assert "ITAR" not in text and "Secret agenda" not in text
    [event] = vobject.readOne(text).vevent_list
    assert event.summary.value == f"[{delegation.name}] Closed session"


def test_a_new_feed_address_retires_the_old_one(client, delegation, lead):
    old = delegation.feed_token
    rotate_feed_token(delegation, actor=lead)
    assert client.get(f"/delegations/feed/{old}.ics").status_code == 404
    assert client.get(f"/delegations/feed/{delegation.feed_token}.ics").status_code == 200


def test_itinerary_events_for_a_member_of_two_delegations_are_labelled_and_only_theirs(delegation, lead, member):
    second = DelegationFactory(summit=delegation.summit, name="Space startups", category=delegation.category)
    MembershipFactory(delegation=second, user=member.user)
    start = datetime(2027, 2, 16, 4, tzinfo=UTC)
    common = dict(actor=lead, starts_at=start, ends_at=start + timedelta(hours=1), start_tz="Asia/Kolkata")
    add_itinerary_item(delegation, kind="meal", title="Breakfast", **common)
    add_itinerary_item(second, kind="meeting", title="ISRO call", **common)
    add_itinerary_item(second, kind="meeting", title="Not for Maya", everyone=False, **common)
    events = itinerary_events_for(member.user, delegation.summit)
    assert sorted(e.summary for e in events) == ["[Space startups] ISRO call", "[U.S. industry delegation] Breakfast"]
    assert all(e.start_tz == "Asia/Kolkata" for e in events)


def test_the_feed_has_a_last_modified_and_a_stable_dtstamp_and_answers_if_modified_since(
    client, delegation, flight, settings
):
    settings.FEED_STATE_SECONDS = 0
    first = fetch(client, delegation)
    again = fetch(client, delegation)
    assert first.content == again.content  # one DTSTAMP per version of the feed, not per request
    last_modified = parsedate_to_datetime(first["Last-Modified"])
    assert last_modified == max(flight.updated, delegation.updated, delegation.summit.updated).replace(microsecond=0)
    [event] = icalendar.Calendar.from_ical(first.content).walk("VEVENT")
    assert event.decoded("dtstamp") == last_modified
    path = f"/delegations/feed/{delegation.feed_token}.ics"
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    earlier = http_date((last_modified - timedelta(seconds=1)).timestamp())
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_moving_a_followed_session_moves_last_modified_and_the_etag(client, delegation, lead, settings):
    settings.FEED_STATE_SECONDS = 0
    session = SessionFactory(summit=delegation.summit)
    add_itinerary_item(delegation, actor=lead, kind="session", session=session)
    before = fetch(client, delegation)
    later = session.starts_at + timedelta(hours=2)
    type(session).objects.filter(pk=session.pk).update(
        starts_at=later, ends_at=later + timedelta(hours=1), updated=datetime.now(UTC) + timedelta(seconds=2)
    )
    after = client.get(f"/delegations/feed/{delegation.feed_token}.ics", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_a_poll_reuses_the_built_feed_for_a_few_seconds_but_checks_the_token_every_time(
    client, delegation, lead, flight, settings, django_assert_num_queries
):
    from summits.calendar.feeds import feed_cache

    settings.FEED_STATE_SECONDS = 5
    path = f"/delegations/feed/{delegation.feed_token}.ics"
    etag = fetch(client, delegation)["ETag"]
    with django_assert_num_queries(1):  # the token
        assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    add_itinerary_item(
        delegation,
        actor=lead,
        kind="meeting",
        title="Breakfast",
        starts_at=datetime(2027, 2, 16, 3, 0, tzinfo=UTC),
        ends_at=datetime(2027, 2, 16, 4, 0, tzinfo=UTC),
        start_tz="Asia/Kolkata",
    )
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304  # reused: not seen yet
    feed_cache().clear()  # FEED_STATE_SECONDS later
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 200

    old = delegation.feed_token
    rotate_feed_token(delegation, actor=lead)
    assert feed_cache().get(f"delegations.feed-state:{delegation.pk}") is not None  # still fresh here...
    assert client.get(f"/delegations/feed/{old}.ics").status_code == 404  # ...and the old URL is refused


def test_two_delegations_updated_in_the_same_second_have_their_own_etag_and_calendar(client, delegation, settings):
    """Same (empty) itinerary, same summit, same second: the ETag, and the bytes cached under it,
    are each delegation's own, so neither feed serves the other's calendar name."""
    settings.FEED_STATE_SECONDS = 0
    other = DelegationFactory(summit=delegation.summit, name="Indian startups", category=delegation.category)
    same_second = delegation.updated.replace(microsecond=0)
    type(delegation).objects.filter(pk__in=[delegation.pk, other.pk]).update(updated=same_second)
    first, second = fetch(client, delegation), fetch(client, other)
    assert first["Last-Modified"] == second["Last-Modified"]
    assert first["ETag"] != second["ETag"]
    names = [str(icalendar.Calendar.from_ical(r.content)["X-WR-CALNAME"]) for r in (first, second)]
    assert names == [
        f"U.S. industry delegation · {delegation.summit.name}",
        f"Indian startups · {delegation.summit.name}",
    ]
    # Asked again with the other's ETag, each answers in full (its own calendar), not 304.
    path = f"/delegations/feed/{other.feed_token}.ics"
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
