"""What attendees see of the agenda: a session page's sign-up and waiting list, My agenda."""

from datetime import timedelta

import pytest

from summits.agenda.signups import sign_up_for_session
from summits.enums import SignupStatus
from summits.models import SessionSignup
from tests.factories import roundtable
from tests.summits.helpers import at, attendee_of, queries_of_page, url

pytestmark = pytest.mark.django_db


def test_session_page_signup_then_waitlist_position(client, summit):
    session = roundtable(summit, capacity=1)
    a, b = attendee_of(summit), attendee_of(summit)
    client.force_login(a.user)
    page = client.get(url("session", summit, session.pk)).content.decode()
    assert "0 of 1</strong> seats taken" in page and ">Sign up</button>" in page
    client.post(url("session-signup", summit, session.pk))
    assert 'data-signup-status="confirmed"' in client.get(url("session", summit, session.pk)).content.decode()
    client.force_login(b.user)
    response = client.post(url("session-signup", summit, session.pk), follow=True)
    assert "you are number 1 on the waiting list" in response.content.decode()
    assert "data-position>1<" in response.content.decode()


def test_cannot_cancel_someone_elses_signup(client, summit):
    session = roundtable(summit)
    victim = attendee_of(summit)
    sign_up_for_session(registration=victim, session=session)
    client.force_login(attendee_of(summit).user)
    assert client.post(url("session-signup-cancel", summit, session.pk)).status_code == 404
    assert SessionSignup.objects.get(registration=victim).status == SignupStatus.CONFIRMED


def test_my_agenda_by_day_with_overlaps_flagged(client, summit, organizer):
    from summits.agenda.scheduling import reschedule_session

    registration = attendee_of(summit)
    first = roundtable(summit, title="Morning table", starts_at=at(summit, 10), ends_at=at(summit, 11))
    second = roundtable(summit, title="Late table", starts_at=at(summit, 12), ends_at=at(summit, 13))
    sign_up_for_session(registration=registration, session=first)
    sign_up_for_session(registration=registration, session=second)
    # The organizer moves one onto the other: the attendee's agenda flags it.
    reschedule_session(second, actor=organizer, starts_at=at(summit, 10, 30), ends_at=at(summit, 11, 30))
    client.force_login(registration.user)
    html = client.get(url("my-agenda", summit)).content.decode()
    assert summit.start_date.strftime("%A") in html
    assert "Overlaps with “Late table” (10:30–11:30)" in html and "Overlaps with “Morning table” (10:00–11:00)" in html
    assert "Seat confirmed" in html


def test_my_agenda_needs_login(client, summit):
    response = client.get(url("my-agenda", summit))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Query counts of the list pages: the same with 1 and with 20 objects ---


def test_my_agenda_query_count_does_not_grow(client, summit):
    registration = attendee_of(summit)
    client.force_login(registration.user)

    def add(n, offset):
        for i in range(n):
            start = at(summit, 8) + timedelta(minutes=20 * (offset + i))
            session = roundtable(summit, capacity=1, starts_at=start, ends_at=start + timedelta(minutes=15))
            sign_up_for_session(registration=attendee_of(summit), session=session)  # someone takes the seat
            sign_up_for_session(registration=registration, session=session)  # so this one waits

    add(1, 0)
    few = queries_of_page(client, url("my-agenda", summit))
    add(19, 1)
    assert queries_of_page(client, url("my-agenda", summit)) == few
    html = client.get(url("my-agenda", summit)).content.decode()
    assert html.count("Waiting list: number 1") == 20
