"""Issue 18: one sign-up request costs a fixed number of queries, whatever the sessions and sign-ups.

Counted over the whole request (middleware, session, user, summit, the view, the redirect and
its message), with mail queued in the database (as deployed) so the queue's INSERT counts.
Transaction control (SAVEPOINT/RELEASE here, BEGIN/COMMIT in production) is left out of the
count and asserted apart: one transaction per sign-up.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from summits.enums import Restriction, SignupStatus
from summits.models import AuditEntry, SessionClearance, SessionSignup
from tests.factories import RegistrationFactory, SessionFactory, UserFactory, roundtable

pytestmark = pytest.mark.django_db

# user, summit, registration (locked), session (locked), seats and own sign-ups (one aggregate),
# the sign-up, its audit entry, the mail job.
SIGNUP_QUERIES = 8
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK")


@pytest.fixture(autouse=True)
def queued_mail(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _post(client, session):
    with CaptureQueriesContext(connection) as captured:
        response = client.post(f"/summits/{session.summit.slug}/sessions/{session.pk}/signup/")
    statements = [q["sql"] for q in captured.captured_queries]
    work = [sql for sql in statements if not sql.startswith(TRANSACTION_CONTROL)]
    control = [sql for sql in statements if sql.startswith(TRANSACTION_CONTROL)]
    return response, work, control


def _busy_summit(summit, category, *, sessions, signups, me):
    """`sessions` sessions with sign-up and a target after them, `signups` people with seats in
    each, and `me` holding seats in all but the target (none overlapping it)."""
    others = [roundtable(summit, capacity=signups + 5) for _ in range(sessions)]
    target = roundtable(summit, capacity=signups + 1)
    target.starts_at = max(s.ends_at for s in others) + timedelta(hours=1)
    target.ends_at = target.starts_at + timedelta(hours=1)
    target.save()
    people = [RegistrationFactory(summit=summit, category=category) for _ in range(signups)]
    SessionSignup.objects.bulk_create(
        SessionSignup(session=s, registration=r, status=SignupStatus.CONFIRMED)
        for s in [*others, target]
        for r in people
    )
    SessionSignup.objects.bulk_create(SessionSignup(session=s, registration=me) for s in others)
    return target


@pytest.mark.parametrize(("sessions", "signups"), [(1, 1), (100, 20)])
def test_signup_request_costs_eight_queries_whatever_the_sessions_and_signups(
    client, summit, category, sessions, signups
):
    user = UserFactory()
    me = RegistrationFactory(summit=summit, category=category, user=user)
    target = _busy_summit(summit, category, sessions=sessions, signups=signups, me=me)
    client.force_login(user)

    response, work, control = _post(client, target)

    assert response.status_code == 302
    assert response["Location"] == f"/summits/{summit.slug}/sessions/{target.pk}/"
    assert len(work) == SIGNUP_QUERIES, "\n".join(work)
    assert len(control) == 2  # one transaction (a savepoint inside the test's own)
    signup = SessionSignup.objects.get(registration=me, session=target)
    assert signup.status == SignupStatus.CONFIRMED
    assert AuditEntry.objects.filter(action="summits.signup.confirmed", object_id=str(signup.pk)).count() == 1
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["You have a seat. It is in your agenda."]


@pytest.mark.parametrize("waiting", [1, 30])
def test_waitlisted_signup_costs_the_same_and_tells_the_place_in_line(client, summit, category, waiting):
    session = roundtable(summit, capacity=1)
    people = [RegistrationFactory(summit=summit, category=category) for _ in range(waiting + 1)]
    SessionSignup.objects.bulk_create(
        SessionSignup(session=session, registration=r, status=SignupStatus.CONFIRMED if i == 0 else "waitlisted")
        for i, r in enumerate(people)
    )
    user = UserFactory()
    RegistrationFactory(summit=summit, category=category, user=user)
    client.force_login(user)

    response, work, _ = _post(client, session)

    assert len(work) == SIGNUP_QUERIES, "\n".join(work)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"The session is full: you are number {waiting + 1} on the waiting list."
    ]


def test_signing_up_again_after_cancelling_costs_the_same(client, summit, category):
    session = roundtable(summit, capacity=5)
    user = UserFactory()
    me = RegistrationFactory(summit=summit, category=category, user=user)
    SessionSignup.objects.create(session=session, registration=me, status=SignupStatus.CANCELLED)
    client.force_login(user)

    response, work, _ = _post(client, session)

    assert len(work) == SIGNUP_QUERIES, "\n".join(work)
    assert SessionSignup.objects.get(registration=me, session=session).status == SignupStatus.CONFIRMED


def test_cleared_session_adds_only_the_clearance_query(client, summit, category, organizer):
    session = roundtable(summit, capacity=5, restriction=Restriction.CLEARED)
    user = UserFactory()
    me = RegistrationFactory(summit=summit, category=category, user=user)
    SessionClearance.objects.create(session=session, registration=me, granted=True, reason="ok", decided_by=organizer)
    client.force_login(user)

    response, work, _ = _post(client, session)

    assert len(work) == SIGNUP_QUERIES + 1, "\n".join(work)
    assert SessionSignup.objects.get(registration=me, session=session).status == SignupStatus.CONFIRMED


def test_refusals_stay_cheap_and_unknown_sessions_answer_404(client, summit, category):
    session = roundtable(summit, capacity=5)
    other = SessionFactory(summit=summit, starts_at=session.starts_at, ends_at=session.ends_at)
    user = UserFactory()
    me = RegistrationFactory(summit=summit, category=category, user=user)
    SessionSignup.objects.create(session=other, registration=me, status=SignupStatus.CONFIRMED)
    client.force_login(user)

    response, work, _ = _post(client, session)  # overlaps `other`

    assert response.status_code == 302
    assert len(work) <= SIGNUP_QUERIES
    assert not SessionSignup.objects.filter(registration=me, session=session).exists()
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith(f"You are already signed up for “{other.title}” at that time")
    assert client.post(f"/summits/{summit.slug}/sessions/999999/signup/").status_code == 404
