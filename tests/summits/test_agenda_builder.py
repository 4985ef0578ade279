import csv
import io
from datetime import datetime, time, timedelta

import pytest
from django.core import mail

from summits.agenda.signups import sign_up_for_session
from summits.enums import Restriction, SignupStatus
from summits.models import AuditEntry, Session, SessionClearance, SessionSignup
from tests.factories import (
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    SummitFactory,
    UserFactory,
    roundtable,
)
from tests.summits.helpers import at, attendee_of, queries_of_page, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_client(client, organizer):
    client.force_login(organizer)
    return client


def form_data(summit, room, **overrides):
    data = {
        "title": "Roundtable on undersea sensing",
        "kind": "roundtable",
        "room": room.pk,
        "day": summit.start_date.isoformat(),
        "start_time": "10:00",
        "end_time": "11:00",
        "capacity": "20",
        "needs_signup": "on",
        "description": "Closed-door discussion.",
        "restriction": "open",
    }
    data.update(overrides)
    return data


# --- Access ---


@pytest.mark.parametrize(
    "name,needs_pk",
    [
        ("agenda-builder", False),
        ("agenda-conflicts", False),
        ("session-create", False),
        ("session-edit", True),
        ("session-cancel", True),
        ("manage-session-stats", True),
        ("session-attendees-csv", True),
    ],
)
def test_organizer_pages_are_404_for_attendees_and_other_organizers(client, summit, name, needs_pk):
    session = SessionFactory(summit=summit)
    args = [session.pk] if needs_pk else []
    other_organizer = UserFactory()
    SummitFactory(organizers=[other_organizer])
    for user in (None, attendee_of(summit).user, other_organizer):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(url(name, summit, *args)).status_code == 404


def test_session_of_another_summit_is_404_in_the_builder(org_client, summit):
    foreign = SessionFactory()
    assert org_client.get(url("session-edit", summit, foreign.pk)).status_code == 404
    assert org_client.post(url("session-cancel", summit, foreign.pk)).status_code == 404
    assert Session.objects.get(pk=foreign.pk).status == "scheduled"


# --- The grid ---


def test_grid_shows_rooms_and_sessions_in_local_time(org_client, summit):
    room = RoomFactory(summit=summit, name="Kaveri Hall")
    SessionFactory(
        summit=summit, room=room, title="Opening plenary", starts_at=at(summit, 9, 30), ends_at=at(summit, 10, 45)
    )
    response = org_client.get(url("agenda-builder", summit))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kaveri Hall" in html and "Opening plenary" in html
    assert "09:30–10:45" in html and "Asia/Kolkata" in html
    # 08:00 is the first row (row 2); 09:30 is six 15-minute rows later; 75 minutes span five rows.
    assert 'class="grid-session session-plenary gr-8 gs-5 gc-2"' in html
    assert "style=" not in html and "<script>" not in html


def test_grid_marks_conflicts_with_what_clashes(org_client, summit):
    room = RoomFactory(summit=summit, name="Hall B")
    SessionFactory(summit=summit, room=room, title="Alpha", starts_at=at(summit, 10), ends_at=at(summit, 11))
    SessionFactory(summit=summit, room=room, title="Beta", starts_at=at(summit, 10), ends_at=at(summit, 11))
    html = org_client.get(url("agenda-builder", summit)).content.decode()
    assert "“Alpha” and “Beta” are both in Hall B" in html
    assert html.count("has-conflict") == 2
    conflicts_page = org_client.get(url("agenda-conflicts", summit)).content.decode()
    assert "Room double-booked" in conflicts_page and "“Alpha” and “Beta” are both in Hall B" in conflicts_page


def _fill(summit, n, rooms):
    speakers = SpeakerFactory.create_batch(3, summit=summit)
    for i in range(n):
        session = SessionFactory(
            summit=summit,
            room=rooms[i % len(rooms)],
            starts_at=at(summit, 8) + timedelta(minutes=30 * (i // len(rooms))),
            ends_at=at(summit, 8) + timedelta(minutes=30 * (i // len(rooms)) + 25),
            needs_signup=True,
            capacity=5,
        )
        session.speakers.add(speakers[i % 3])
        session.moderators.add(speakers[(i + 1) % 3])


def test_grid_query_count_does_not_grow_with_sessions(org_client, summit, django_assert_num_queries):
    rooms = RoomFactory.create_batch(4, summit=summit)
    _fill(summit, 1, rooms)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert org_client.get(url("agenda-builder", summit)).status_code == 200
    _fill(summit, 40, rooms)
    SignupFactory_signups(summit)
    with django_assert_num_queries(len(few.captured_queries)):
        response = org_client.get(url("agenda-builder", summit))
    assert response.content.decode().count('class="grid-session') >= 20


def SignupFactory_signups(summit):  # noqa: N802 - helper
    for session in Session.objects.filter(summit=summit)[:5]:
        sign_up_for_session(registration=attendee_of(summit), session=session)


# --- Create, conflicts, save anyway ---


def test_create_session_from_the_grid(org_client, summit):
    room = RoomFactory(summit=summit)
    speaker = SpeakerFactory(summit=summit)
    response = org_client.post(url("session-create", summit), form_data(summit, room, speakers=[speaker.pk]))
    assert response.status_code == 302
    session = Session.objects.get(title="Roundtable on undersea sensing")
    assert (session.room, session.capacity, session.needs_signup, list(session.speakers.all())) == (
        room,
        20,
        True,
        [speaker],
    )
    assert session.starts_at == at(summit, 10)


def test_create_prefills_room_day_and_time_from_the_grid_cell(org_client, summit):
    room = RoomFactory(summit=summit)
    html = org_client.get(
        url("session-create", summit) + f"?room={room.pk}&day={summit.start_date}&start=14:00"
    ).content.decode()
    assert f'<option value="{room.pk}" selected>' in html
    assert 'value="14:00"' in html and f'value="{summit.start_date}"' in html


def test_conflict_needs_explicit_save_anyway_and_keeps_input(org_client, summit):
    room = RoomFactory(summit=summit, name="Hall C")
    SessionFactory(summit=summit, room=room, title="Existing", starts_at=at(summit, 10), ends_at=at(summit, 11))
    response = org_client.post(url("session-create", summit), form_data(summit, room))
    html = response.content.decode()
    assert response.status_code == 409
    assert "“Roundtable on undersea sensing” and “Existing” are both in Hall C" in html
    assert 'value="Roundtable on undersea sensing"' in html and "Closed-door discussion." in html
    assert 'name="save_anyway"' in html
    assert not Session.objects.filter(title="Roundtable on undersea sensing").exists()
    response = org_client.post(url("session-create", summit), form_data(summit, room, save_anyway="on"))
    assert response.status_code == 302
    assert Session.objects.filter(title="Roundtable on undersea sensing").exists()
    assert "Existing" in org_client.get(url("agenda-conflicts", summit)).content.decode()


def test_bad_input_answers_400_with_field_errors_and_keeps_everything(org_client, summit):
    room = RoomFactory(summit=summit)
    response = org_client.post(url("session-create", summit), form_data(summit, room, end_time="09:00"))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_end_time_error">The session must end after it starts (on the same day).' in html
    assert 'value="Roundtable on undersea sensing"' in html and "Closed-door discussion." in html
    foreign = RoomFactory(summit=SummitFactory())
    response = org_client.post(url("session-create", summit), form_data(summit, foreign))
    assert response.status_code == 400
    assert "Choose one of this summit&#x27;s rooms." in response.content.decode()
    assert Session.objects.count() == 0


def test_dst_gap_time_is_a_field_error_in_the_builder(client):
    user = UserFactory()
    summit = SummitFactory(
        timezone="America/New_York",
        start_date=datetime(2027, 3, 13).date(),
        end_date=datetime(2027, 3, 15).date(),
        organizers=[user],
    )
    client.force_login(user)
    room = RoomFactory(summit=summit)
    response = client.post(
        url("session-create", summit), form_data(summit, room, day="2027-03-14", start_time="02:30", end_time="04:00")
    )
    assert response.status_code == 400
    assert (
        "14 Mar 2027 02:30 does not exist in America/New_York: the clocks skip that hour." in response.content.decode()
    )


# --- Edit, move, resize, cancel ---


def test_edit_moves_and_resizes_and_tells_attendees(org_client, summit):
    room, other_room = RoomFactory(summit=summit), RoomFactory(summit=summit, name="Annex")
    session = roundtable(summit, room=room, title="Moving target", starts_at=at(summit, 10), ends_at=at(summit, 11))
    registration = attendee_of(summit)
    sign_up_for_session(registration=registration, session=session)
    mail.outbox.clear()
    data = form_data(summit, other_room, title="Moving target", start_time="15:00", end_time="16:30", capacity="2")
    assert org_client.post(url("session-edit", summit, session.pk), data).status_code == 302
    session.refresh_from_db()
    assert (session.room, session.starts_at, session.ends_at) == (other_room, at(summit, 15), at(summit, 16, 30))
    assert SessionSignup.objects.get(session=session).status == SignupStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [[registration.user.email]]
    assert "15:00–16:30 (Asia/Kolkata)" in mail.outbox[0].body and "Where: Annex" in mail.outbox[0].body


def test_drag_and_drop_move_answers_json(org_client, summit):
    room, other = RoomFactory(summit=summit), RoomFactory(summit=summit)
    blocker = SessionFactory(
        summit=summit, room=other, title="Blocker", starts_at=at(summit, 14), ends_at=at(summit, 15)
    )
    session = SessionFactory(summit=summit, room=room, starts_at=at(summit, 10), ends_at=at(summit, 10, 45))
    move = url("session-move", summit, session.pk)
    data = {"room": other.pk, "day": summit.start_date.isoformat(), "start_time": "14:00"}
    response = org_client.post(move, data, headers={"accept": "application/json"})
    assert response.status_code == 409
    assert response.json()["conflicts"] == [
        f"“{session.title}” and “Blocker” are both in {other.name} on {summit.start_date:%d %b} 14:00–14:45."
    ]
    response = org_client.post(move, {**data, "save_anyway": "on"}, headers={"accept": "application/json"})
    assert response.json() == {"ok": True}
    session.refresh_from_db()
    assert (session.room, session.starts_at, session.ends_at) == (other, at(summit, 14), at(summit, 14, 45))
    assert blocker.pk


def test_move_without_javascript_redirects_with_messages(org_client, summit):
    room = RoomFactory(summit=summit)
    session = SessionFactory(summit=summit, room=room, starts_at=at(summit, 10), ends_at=at(summit, 11))
    response = org_client.post(
        url("session-move", summit, session.pk),
        {"room": room.pk, "day": summit.start_date.isoformat(), "start_time": "12:00"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == at(summit, 12)


def test_cancel_from_builder_keeps_session_and_mails(org_client, summit):
    session = roundtable(summit, title="To be cancelled")
    sign_up_for_session(registration=attendee_of(summit), session=session)
    mail.outbox.clear()
    assert (
        "1 signed-up or waiting attendee" in org_client.get(url("session-cancel", summit, session.pk)).content.decode()
    )
    assert org_client.post(url("session-cancel", summit, session.pk)).status_code == 302
    session.refresh_from_db()
    assert session.status == "cancelled"
    assert len(mail.outbox) == 1
    html = org_client.get(url("agenda-builder", summit)).content.decode()
    assert 'id="cancelled-heading"' in html and "To be cancelled" in html


# --- Stats, CSV, screening ---


def test_session_stats_show_seats_waiting_and_timeline(org_client, summit):
    session = roundtable(summit, capacity=1)
    a, b = attendee_of(summit, badge_name="Asha"), attendee_of(summit, badge_name="Bilal")
    sign_up_for_session(registration=a, session=session)
    sign_up_for_session(registration=b, session=session)
    html = org_client.get(url("manage-session-stats", summit, session.pk)).content.decode()
    assert 'data-stat="seats">1 / 1<' in html and 'data-stat="waiting">1<' in html
    assert "<td>1</td><td>Bilal</td>" in html
    assert "<td>2</td><td>2</td>" in html  # timeline: 2 new, 2 so far (same day)


def test_attendee_csv_lists_confirmed_then_waiting_and_neutralises_formulas(org_client, summit):
    session = roundtable(summit, capacity=1)
    sign_up_for_session(
        registration=attendee_of(summit, badge_name="=HYPERLINK(1)", organisation="Acme"), session=session
    )
    sign_up_for_session(registration=attendee_of(summit, badge_name="Zoë Ñúñez", organisation="DRDO"), session=session)
    response = org_client.get(url("session-attendees-csv", summit, session.pk))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:7] == ["status", "waiting_position", "name", "organisation", "email", "category", "eligible"]
    assert [(r[0], r[1], r[2], r[6]) for r in rows[1:]] == [
        ("confirmed", "", "'=HYPERLINK(1)", "yes"),
        ("waitlisted", "1", "Zoë Ñúñez", "yes"),
    ]


def test_screening_page_lists_eligible_and_awaiting_and_records_decisions(org_client, summit, organizer):
    session = roundtable(summit, restriction=Restriction.CLEARED)
    a, b = attendee_of(summit, badge_name="Anil"), attendee_of(summit, badge_name="Beatriz")
    html = org_client.get(url("manage-session-stats", summit, session.pk)).content.decode()
    assert "Awaiting screening (2)" in html
    response = org_client.post(
        url("session-screening", summit, session.pk),
        {"registration": a.pk, "decision": "clear", "reason": "Vetted by PMO"},
    )
    assert response.status_code == 302
    clearance = SessionClearance.objects.get(session=session, registration=a)
    assert (clearance.granted, clearance.reason, clearance.decided_by) == (True, "Vetted by PMO", organizer)
    html = org_client.get(url("manage-session-stats", summit, session.pk)).content.decode()
    assert "Eligible (1)" in html and "Awaiting screening (1)" in html
    assert f"cleared by {organizer.email}" in html and "“Vetted by PMO”" in html
    # Without a reason: field error, 400, nothing recorded.
    response = org_client.post(
        url("session-screening", summit, session.pk), {"registration": b.pk, "decision": "deny", "reason": ""}
    )
    assert response.status_code == 400
    assert not SessionClearance.objects.filter(registration=b).exists()
    assert AuditEntry.objects.filter(action="summits.clearance.granted").count() == 1


def test_conflicts_stats_and_csv_query_counts_do_not_grow(org_client, summit):
    room = RoomFactory(summit=summit)
    session = roundtable(summit, capacity=1, restriction=Restriction.CLEARED, room=room)
    SessionFactory(summit=summit, room=room, starts_at=session.starts_at, ends_at=session.ends_at)

    def add(n):
        for _ in range(n):
            registration = attendee_of(summit)
            SessionClearance.objects.create(
                session=session, registration=registration, granted=True, decided_by=UserFactory()
            )
            sign_up_for_session(registration=registration, session=session)
            SessionFactory(summit=summit, room=room, starts_at=session.starts_at, ends_at=session.ends_at)

    add(1)
    paths = [url(n, summit, session.pk) for n in ("manage-session-stats", "session-attendees-csv")]
    paths.append(url("agenda-conflicts", summit))
    few = [queries_of_page(org_client, p) for p in paths]
    add(20)
    assert [queries_of_page(org_client, p) for p in paths] == few


def test_edit_sets_export_control_rule_with_countries(org_client, summit):
    room = RoomFactory(summit=summit)
    session = roundtable(summit, room=room, starts_at=at(summit, 10), ends_at=at(summit, 11))
    data = form_data(summit, room, title=session.title, restriction="countries", allowed_countries=["US", "IN"])
    assert org_client.post(url("session-edit", summit, session.pk), data).status_code == 302
    session.refresh_from_db()
    assert session.restriction == Restriction.COUNTRIES
    assert sorted(c.code for c in session.allowed_countries) == ["IN", "US"]
    html = org_client.get(url("session-edit", summit, session.pk)).content.decode()
    assert '<option value="US" selected>' in html
    # Back to open: the country list is cleared.
    data = form_data(summit, room, title=session.title, restriction="open", allowed_countries=["US"])
    org_client.post(url("session-edit", summit, session.pk), data)
    session.refresh_from_db()
    assert (session.restriction, list(session.allowed_countries)) == ("open", [])


def test_grid_hatches_hours_when_a_room_is_closed(org_client, summit):
    RoomFactory(summit=summit, name="Board room", opens_at=time(9, 30), closes_at=time(17))
    html = org_client.get(url("agenda-builder", summit)).content.decode()
    day = f"{summit.start_date.day} {summit.start_date:%b}"
    closed = [h for h in range(8, 19) if f"Board room at {h:02d}:00 on {day} (room closed)" in html]
    # Opens 09:30 (the 09:00 hour is partly open), closes 17:00.
    assert closed == [8, 17, 18]
    assert html.count("(room closed)") == 2 * 3
