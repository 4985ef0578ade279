from datetime import UTC, datetime

import icalendar

from summits.calendar.ical import CalendarEvent, build_calendar


def test_flight_starts_and_ends_in_its_own_zones_with_vtimezones():
    flight = CalendarEvent(
        uid="item-1@test",
        summary="IAD → DEL",
        start=datetime(2027, 2, 14, 1, 0, tzinfo=UTC),
        end=datetime(2027, 2, 14, 15, 30, tzinfo=UTC),
        start_tz="America/New_York",
        end_tz="Asia/Kolkata",
    )
    cal = icalendar.Calendar.from_ical(
        build_calendar([flight], name="Trip", timezone="Asia/Kolkata", stamp=datetime(2027, 1, 1, tzinfo=UTC))
    )
    [event] = cal.events
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event["DTEND"].params["TZID"] == "Asia/Kolkata"
    assert event.start == datetime(2027, 2, 14, 1, 0, tzinfo=UTC)
    assert event.end == datetime(2027, 2, 14, 15, 30, tzinfo=UTC)
    assert sorted(tz["TZID"] for tz in cal.timezones) == ["America/New_York", "Asia/Kolkata"]
