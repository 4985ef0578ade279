from datetime import UTC, date, datetime, time, timedelta

import pytest

from summits.agenda.conflicts import ConflictKind, summit_conflicts
from summits.agenda.forms import SessionForm
from summits.agenda.scheduling import cancel_session, create_session, reschedule_session
from summits.errors import ConflictError, ScheduleError
from summits.models import AuditEntry, Session
from tests.factories import RoomFactory, SessionFactory, SpeakerFactory, SummitFactory

pytestmark = pytest.mark.django_db


def at(summit, hour, minute=0, day=0):
    return datetime.combine(summit.start_date + timedelta(days=day), time(hour, minute), tzinfo=summit.tz)


def new(summit, organizer, title, start, end, **fields):
    return create_session(summit=summit, actor=organizer, title=title, starts_at=start, ends_at=end, **fields)


def kinds(conflicts):
    return [c.kind for c in conflicts]


def test_two_sessions_in_one_room_at_once(summit, organizer):
    room = RoomFactory(summit=summit, name="Hall A")
    new(summit, organizer, "Opening", at(summit, 10), at(summit, 11), room=room)
    with pytest.raises(ConflictError) as error:
        new(summit, organizer, "Keynote", at(summit, 10, 30), at(summit, 11, 30), room=room)
    [conflict] = error.value.conflicts
    assert conflict.kind == ConflictKind.ROOM
    assert conflict.message == f"“Keynote” and “Opening” are both in Hall A on {summit.start_date:%d %b} 10:30–11:00."
    assert Session.objects.filter(title="Keynote").count() == 0


def test_back_to_back_in_one_room_is_fine(summit, organizer):
    room = RoomFactory(summit=summit)
    new(summit, organizer, "A", at(summit, 10), at(summit, 11), room=room)
    new(summit, organizer, "B", at(summit, 11), at(summit, 12), room=room)
    assert summit_conflicts(summit) == []


def test_speaker_or_moderator_in_two_places_at_once(summit, organizer):
    person = SpeakerFactory(summit=summit, name="Dr. Meera Iyer")
    new(
        summit,
        organizer,
        "Space panel",
        at(summit, 10),
        at(summit, 11),
        room=RoomFactory(summit=summit),
        speakers=[person],
    )
    with pytest.raises(ConflictError) as error:
        new(
            summit,
            organizer,
            "AI roundtable",
            at(summit, 10, 45),
            at(summit, 12),
            room=RoomFactory(summit=summit),
            moderators=[person],
        )
    [conflict] = error.value.conflicts
    assert conflict.kind == ConflictKind.PERSON
    assert conflict.message == (
        f"Dr. Meera Iyer is in “AI roundtable” (moderator) and “Space panel” (speaker) on {summit.start_date:%d %b} 10:45–11:00."
    )


def test_session_outside_the_summit_days(summit, organizer):
    with pytest.raises(ConflictError) as error:
        new(summit, organizer, "Early bird", at(summit, 10, day=-1), at(summit, 11, day=-1))
    assert kinds(error.value.conflicts) == [ConflictKind.OUTSIDE_DAYS]
    assert "outside the summit's days" in error.value.conflicts[0].message


def test_session_outside_room_opening_hours_in_local_time(summit, organizer):
    room = RoomFactory(summit=summit, name="Board room", opens_at=time(9), closes_at=time(18))
    new(summit, organizer, "Fits", at(summit, 9), at(summit, 12), room=room)
    new(summit, organizer, "Fits too", at(summit, 13), at(summit, 17, 30), room=room)
    with pytest.raises(ConflictError) as error:
        new(summit, organizer, "Late", at(summit, 17, 30), at(summit, 18, 30), room=room)
    [conflict] = error.value.conflicts
    assert conflict.kind == ConflictKind.ROOM_HOURS
    assert conflict.message == "“Late” runs 17:30–18:30 but Board room is open 09:00–18:00 (Asia/Kolkata)."


def test_capacity_larger_than_room(summit, organizer):
    room = RoomFactory(summit=summit, name="Huddle", capacity=12)
    with pytest.raises(ConflictError) as error:
        new(summit, organizer, "Big table", at(summit, 10), at(summit, 11), room=room, capacity=20)
    assert [c.message for c in error.value.conflicts] == ["“Big table” has 20 seats but Huddle holds 12."]


def test_save_anyway_keeps_the_conflict_listed_until_resolved(summit, organizer):
    room = RoomFactory(summit=summit)
    first = new(summit, organizer, "First", at(summit, 10), at(summit, 11), room=room)
    second = new(summit, organizer, "Second", at(summit, 10), at(summit, 11), room=room, save_anyway=True)
    assert kinds(summit_conflicts(summit)) == [ConflictKind.ROOM]
    entry = AuditEntry.objects.get(action="summits.session.created", object_id=str(second.pk))
    assert len(entry.data["saved_with_conflicts"]) == 1
    # Moving one away resolves it.
    reschedule_session(second, actor=organizer, starts_at=at(summit, 12), ends_at=at(summit, 13))
    assert summit_conflicts(summit) == []
    # A cancelled session clashes with nothing.
    reschedule_session(second, actor=organizer, starts_at=at(summit, 10), ends_at=at(summit, 11), save_anyway=True)
    cancel_session(first, actor=organizer)
    assert summit_conflicts(summit) == []


def test_moving_rechecks_conflicts(summit, organizer):
    room = RoomFactory(summit=summit)
    new(summit, organizer, "Fixed", at(summit, 10), at(summit, 11), room=room)
    mover = new(summit, organizer, "Mover", at(summit, 12), at(summit, 13), room=room)
    with pytest.raises(ConflictError):
        reschedule_session(mover, actor=organizer, starts_at=at(summit, 10, 30), ends_at=at(summit, 11, 30))
    mover.refresh_from_db()
    assert mover.starts_at == at(summit, 12)


def test_editing_a_session_does_not_conflict_with_itself(summit, organizer):
    session = new(summit, organizer, "Alone", at(summit, 10), at(summit, 11), room=RoomFactory(summit=summit))
    reschedule_session(session, actor=organizer, ends_at=at(summit, 11, 30))
    assert summit_conflicts(summit) == []


def test_room_of_another_summit_is_refused(summit, organizer):
    with pytest.raises(ScheduleError) as error:
        new(summit, organizer, "X", at(summit, 10), at(summit, 11), room=RoomFactory(summit=SummitFactory()))
    assert (error.value.code, error.value.field) == ("wrong_room", "room")


def test_session_ending_before_it_starts_is_refused(summit, organizer):
    with pytest.raises(ScheduleError) as error:
        new(summit, organizer, "X", at(summit, 11), at(summit, 10))
    assert (error.value.code, error.value.field) == ("ends_before_start", "end_time")


def test_summit_wide_check_finds_every_kind(summit):
    room = RoomFactory(summit=summit, capacity=10, opens_at=time(9), closes_at=time(17))
    person = SpeakerFactory(summit=summit)
    a = SessionFactory(summit=summit, room=room, starts_at=at(summit, 10), ends_at=at(summit, 11))
    b = SessionFactory(summit=summit, room=room, starts_at=at(summit, 10, 30), ends_at=at(summit, 11, 30))
    c = SessionFactory(summit=summit, room=RoomFactory(summit=summit), starts_at=at(summit, 10), ends_at=at(summit, 11))
    a.speakers.add(person), c.moderators.add(person)
    SessionFactory(summit=summit, room=room, starts_at=at(summit, 16), ends_at=at(summit, 18), capacity=50)
    SessionFactory(summit=summit, room=None, starts_at=at(summit, 10, day=5), ends_at=at(summit, 11, day=5))
    found = sorted(kinds(summit_conflicts(summit)))
    assert found == sorted(
        [
            ConflictKind.ROOM,
            ConflictKind.PERSON,
            ConflictKind.ROOM_HOURS,
            ConflictKind.CAPACITY,
            ConflictKind.OUTSIDE_DAYS,
        ]
    )
    assert b.pk in {c.other.id for c in summit_conflicts(summit) if c.other}


# --- Local times in zones with daylight saving ---

NEW_YORK_GAP_DAY = date(2027, 3, 14)  # 02:00 → 03:00
NEW_YORK_FOLD_DAY = date(2027, 11, 7)  # 02:00 → 01:00


def ny_summit():
    return SummitFactory(timezone="America/New_York", start_date=date(2027, 3, 13), end_date=date(2027, 3, 15))


def session_data(**data):
    return {"title": "Night owls", "kind": "roundtable", "restriction": "open", **data}


def test_local_times_around_dst_convert_with_the_right_offset():
    summit = ny_summit()
    for start, expected in ((time(1, 30), datetime(2027, 3, 14, 6, 30, tzinfo=UTC)), (time(3, 30), None)):
        form = SessionForm(
            session_data(day=NEW_YORK_GAP_DAY.isoformat(), start_time=f"{start:%H:%M}", end_time="04:00"),
            summit=summit,
        )
        assert form.is_valid(), form.errors
        if expected:
            assert form.cleaned_data["starts_at"] == expected
    assert form.cleaned_data["starts_at"] == datetime(2027, 3, 14, 7, 30, tzinfo=UTC)


def test_form_puts_zone_gap_error_on_the_field_and_keeps_input():
    summit = ny_summit()
    data = {
        "title": "Night owls",
        "kind": "roundtable",
        "day": "2027-03-14",
        "start_time": "02:15",
        "end_time": "04:00",
        "restriction": "open",
    }
    form = SessionForm(data, summit=summit)
    assert not form.is_valid()
    assert form.errors["start_time"] == [
        "14 Mar 2027 02:15 does not exist in America/New_York: the clocks skip that hour."
    ]
    assert form["title"].value() == "Night owls"


def test_form_refuses_end_before_start_and_foreign_room(summit):
    other_room = RoomFactory(summit=SummitFactory())
    data = {
        "title": "X",
        "kind": "roundtable",
        "day": summit.start_date.isoformat(),
        "start_time": "11:00",
        "end_time": "10:00",
        "room": other_room.pk,
        "restriction": "open",
    }
    form = SessionForm(data, summit=summit)
    assert not form.is_valid()
    assert form.errors["end_time"] == ["The session must end after it starts (on the same day)."]
    assert form.errors["room"] == ["Choose one of this summit's rooms."]


def test_form_converts_local_time_to_utc(summit):
    data = {
        "title": "X",
        "kind": "roundtable",
        "day": summit.start_date.isoformat(),
        "start_time": "09:30",
        "end_time": "10:15",
        "restriction": "open",
    }
    form = SessionForm(data, summit=summit)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == datetime.combine(summit.start_date, time(4, 0), tzinfo=UTC)
    assert form.cleaned_data["ends_at"] == datetime.combine(summit.start_date, time(4, 45), tzinfo=UTC)


def test_countries_rule_needs_countries(summit):
    data = {
        "title": "X",
        "kind": "roundtable",
        "day": summit.start_date.isoformat(),
        "start_time": "09:30",
        "end_time": "10:15",
        "restriction": "countries",
    }
    form = SessionForm(data, summit=summit)
    assert not form.is_valid()
    assert form.errors["allowed_countries"] == ["List the countries whose citizens may attend."]


# --- Delegations' fixed commitments ---


def _itinerary(delegation, **fields):
    from delegations.models import ItineraryItem

    return ItineraryItem.objects.create(delegation=delegation, start_tz=delegation.summit.timezone, **fields)


def test_moving_a_session_onto_a_delegations_site_visit_is_a_conflict(summit, organizer):
    from tests.factories import DelegationFactory

    delegation = DelegationFactory(summit=summit, name="U.S. startup delegation")
    session = new(
        summit, organizer, "Space roundtable", at(summit, 10), at(summit, 11), room=RoomFactory(summit=summit)
    )
    _itinerary(delegation, kind="session", session=session, starts_at=session.starts_at, ends_at=session.ends_at)
    _itinerary(delegation, kind="site_visit", title="Visit to ISRO", starts_at=at(summit, 14), ends_at=at(summit, 16))
    _itinerary(delegation, kind="hotel", title="Taj", starts_at=at(summit, 0), ends_at=at(summit, 23))
    assert summit_conflicts(summit) == []
    with pytest.raises(ConflictError) as error:
        reschedule_session(session, actor=organizer, starts_at=at(summit, 15), ends_at=at(summit, 16))
    [conflict] = error.value.conflicts
    assert conflict.kind == ConflictKind.DELEGATION
    assert conflict.message == (
        f"“Space roundtable” is on the itinerary of U.S. startup delegation, which has “Visit to ISRO” (site visit) "
        f"on {summit.start_date:%d %b} 15:00–16:00."
    )
    reschedule_session(session, actor=organizer, starts_at=at(summit, 15), ends_at=at(summit, 16), save_anyway=True)
    assert kinds(summit_conflicts(summit)) == [ConflictKind.DELEGATION]


def test_two_sessions_of_one_delegation_at_once_are_one_conflict(summit, organizer):
    from tests.factories import DelegationFactory

    delegation = DelegationFactory(summit=summit, name="iDEX delegation")
    a = SessionFactory(summit=summit, title="A", starts_at=at(summit, 10), ends_at=at(summit, 11))
    b = SessionFactory(summit=summit, title="B", starts_at=at(summit, 10, 30), ends_at=at(summit, 11, 30))
    for session in (a, b):
        _itinerary(delegation, kind="session", session=session, starts_at=session.starts_at, ends_at=session.ends_at)
    found = summit_conflicts(summit)
    assert [c.message for c in found] == [
        f"“A” is on the itinerary of iDEX delegation, which has “B” (summit session) on {summit.start_date:%d %b} 10:30–11:00."
    ]
    cancel_session(b, actor=organizer)
    assert summit_conflicts(summit) == []
