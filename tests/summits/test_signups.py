import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection

from summits.agenda.queries import agenda_signups, waitlist_position
from summits.agenda.scheduling import cancel_session, reschedule_session, update_session
from summits.agenda.signups import cancel_signup, screen_attendee, sign_up_for_session
from summits.enums import RegistrationStatus, Restriction, SignupStatus
from summits.errors import SignupError
from summits.models import AuditEntry, SessionClearance, SessionSignup
from tests.factories import (
    CategoryFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SummitFactory,
    UserFactory,
    roundtable,
)

pytestmark = pytest.mark.django_db


def attendee_of(summit, **fields):
    return RegistrationFactory(summit=summit, category=CategoryFactory(summit=summit), **fields)


def sign_up(registration, session):
    return sign_up_for_session(registration=registration, session=session)


def test_signup_confirms_a_seat_and_mails(summit):
    session = roundtable(summit, title="Drone supply chains")
    registration = attendee_of(summit)
    signup = sign_up(registration, session)
    assert signup.status == SignupStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [[registration.user.email]]
    assert mail.outbox[0].subject == f"{summit.name}: your seat is confirmed"
    assert "You have a seat at “Drone supply chains”." in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="summits.signup.confirmed", object_id=str(signup.pk)).count() == 1


def test_signup_when_full_goes_to_waitlist_with_position(summit):
    session = roundtable(summit, capacity=1)
    first, second, third = (attendee_of(summit) for _ in range(3))
    assert sign_up(first, session).status == SignupStatus.CONFIRMED
    waiting = [sign_up(second, session), sign_up(third, session)]
    assert [s.status for s in waiting] == [SignupStatus.WAITLISTED] * 2
    assert [waitlist_position(s) for s in waiting] == [1, 2]
    assert "You are number 2 on its waiting list" in mail.outbox[-1].body


def test_session_without_capacity_uses_room_capacity(summit):
    session = roundtable(summit, capacity=None, room=RoomFactory(summit=summit, capacity=1))
    sign_up(attendee_of(summit), session)
    assert sign_up(attendee_of(summit), session).status == SignupStatus.WAITLISTED


@pytest.mark.parametrize(
    "status", [RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED, RegistrationStatus.DECLINED]
)
def test_only_approved_registrations_sign_up(summit, status):
    with pytest.raises(SignupError) as error:
        sign_up(attendee_of(summit, status=status), roundtable(summit))
    assert error.value.code == "not_approved"


def test_signup_refused_for_session_of_another_summit(summit):
    with pytest.raises(SignupError) as error:
        sign_up(attendee_of(summit), roundtable(SummitFactory()))
    assert error.value.code == "wrong_summit"


def test_signup_refused_for_cancelled_session_and_session_without_signup(summit):
    registration = attendee_of(summit)
    cancelled = roundtable(summit)
    cancel_session(cancelled)
    with pytest.raises(SignupError) as error:
        sign_up(registration, cancelled)
    assert error.value.code == "session_cancelled"
    with pytest.raises(SignupError) as error:
        sign_up(registration, SessionFactory(summit=summit, needs_signup=False))
    assert error.value.code == "no_signup"


def test_second_signup_for_same_session_refused(summit):
    session, registration = roundtable(summit), attendee_of(summit)
    sign_up(registration, session)
    with pytest.raises(SignupError) as error:
        sign_up(registration, session)
    assert error.value.code == "already_signed_up"


def test_overlapping_signup_refused_naming_the_other_session(summit):
    first = roundtable(summit, title="Space & defence startups")
    second = roundtable(summit, starts_at=first.starts_at + timedelta(minutes=30))
    registration = attendee_of(summit)
    sign_up(registration, first)
    with pytest.raises(SignupError) as error:
        sign_up(registration, second)
    assert error.value.code == "overlap"
    assert error.value.message == (
        "You are already signed up for “Space & defence startups” at that time (10:00–11:00, Asia/Kolkata). "
        "Cancel that one first."
    )


def test_back_to_back_sessions_do_not_overlap(summit):
    first = roundtable(summit)
    second = roundtable(summit, starts_at=first.ends_at)
    registration = attendee_of(summit)
    sign_up(registration, first)
    assert sign_up(registration, second).status == SignupStatus.CONFIRMED


def test_cancel_promotes_first_in_line_and_mails_them(summit):
    session = roundtable(summit, capacity=1, title="Undersea domain awareness")
    a, b, c = (attendee_of(summit) for _ in range(3))
    seat = sign_up(a, session)
    sign_up(b, session), sign_up(c, session)
    mail.outbox.clear()
    cancel_signup(seat, actor=a.user)
    statuses = dict(SessionSignup.objects.filter(session=session).values_list("registration_id", "status"))
    assert statuses == {a.pk: "cancelled", b.pk: "confirmed", c.pk: "waitlisted"}
    assert [m.to for m in mail.outbox] == [[b.user.email]]
    assert mail.outbox[0].subject == f"{summit.name}: a seat freed up: you are in"
    assert waitlist_position(SessionSignup.objects.get(registration=c)) == 1


def test_promotion_skips_people_no_longer_eligible(summit):
    session = roundtable(summit, capacity=1)
    a, b, c = (attendee_of(summit) for _ in range(3))
    seat = sign_up(a, session)
    sign_up(b, session), sign_up(c, session)
    b.status = RegistrationStatus.CANCELLED
    b.save()
    cancel_signup(seat)
    assert SessionSignup.objects.get(registration=c).status == SignupStatus.CONFIRMED
    assert SessionSignup.objects.get(registration=b).status == SignupStatus.WAITLISTED


def test_leaving_the_waiting_list_promotes_nobody(summit):
    session = roundtable(summit, capacity=1)
    a, b = attendee_of(summit), attendee_of(summit)
    sign_up(a, session)
    waiting = sign_up(b, session)
    cancel_signup(waiting)
    assert list(SessionSignup.objects.filter(session=session).values_list("status", flat=True)) == [
        "confirmed",
        "cancelled",
    ]


def test_signing_up_again_after_cancel_goes_to_back_of_line(summit):
    session = roundtable(summit, capacity=1)
    a, b, c = (attendee_of(summit) for _ in range(3))
    sign_up(a, session)
    b_signup = sign_up(b, session)
    sign_up(c, session)
    cancel_signup(b_signup)
    again = sign_up(b, session)
    assert waitlist_position(again) == 2


def test_cancel_twice_is_refused(summit):
    signup = sign_up(attendee_of(summit), roundtable(summit))
    cancel_signup(signup)
    with pytest.raises(SignupError) as error:
        cancel_signup(signup)
    assert error.value.code == "not_signed_up"


def test_us_persons_session_refuses_others_without_naming_it(summit):
    session = roundtable(summit, restriction=Restriction.US_PERSONS, title="ITAR briefing")
    with pytest.raises(SignupError) as error:
        sign_up(attendee_of(summit, is_us_person=False), session)
    assert error.value.code == "not_eligible"
    assert "ITAR" not in error.value.message
    assert sign_up(attendee_of(summit, is_us_person=True), session).status == SignupStatus.CONFIRMED


def test_countries_session_admits_listed_citizens_only(summit):
    session = roundtable(summit, restriction=Restriction.COUNTRIES, allowed_countries=["US", "IN"])
    assert sign_up(attendee_of(summit, country_of_citizenship="IN"), session).status == SignupStatus.CONFIRMED
    with pytest.raises(SignupError):
        sign_up(attendee_of(summit, country_of_citizenship="FR"), session)


def test_cleared_session_needs_an_organizer_clearance_recorded_with_who_when_why(summit, organizer):
    session = roundtable(summit, restriction=Restriction.CLEARED)
    registration = attendee_of(summit)
    with pytest.raises(SignupError):
        sign_up(registration, session)
    clearance = screen_attendee(
        session=session, registration=registration, granted=True, reason="Passport checked", actor=organizer
    )
    assert (clearance.decided_by, clearance.reason, clearance.granted) == (organizer, "Passport checked", True)
    assert clearance.decided_at is not None
    entry = AuditEntry.objects.get(action="summits.clearance.granted")
    assert (entry.actor, entry.data["reason"], entry.data["registration"]) == (
        organizer,
        "Passport checked",
        registration.pk,
    )
    assert sign_up(registration, session).status == SignupStatus.CONFIRMED


def test_denying_clearance_cancels_the_signup_and_promotes(summit, organizer):
    session = roundtable(summit, restriction=Restriction.CLEARED, capacity=1)
    a, b = attendee_of(summit), attendee_of(summit)
    for registration in (a, b):
        screen_attendee(session=session, registration=registration, granted=True, reason="ok", actor=organizer)
    sign_up(a, session), sign_up(b, session)
    screen_attendee(session=session, registration=a, granted=False, reason="Failed screening", actor=organizer)
    assert SessionClearance.objects.get(registration=a).granted is False
    assert SessionSignup.objects.get(registration=a).status == SignupStatus.CANCELLED
    assert SessionSignup.objects.get(registration=b).status == SignupStatus.CONFIRMED
    assert AuditEntry.objects.filter(action="summits.clearance.denied", actor=organizer).count() == 1


def test_screening_needs_a_reason_and_a_cleared_session(summit, organizer):
    registration = attendee_of(summit)
    with pytest.raises(SignupError) as error:
        screen_attendee(
            session=roundtable(summit, restriction=Restriction.CLEARED),
            registration=registration,
            granted=True,
            reason=" ",
            actor=organizer,
        )
    assert error.value.code == "reason_required"
    with pytest.raises(SignupError) as error:
        screen_attendee(
            session=roundtable(summit), registration=registration, granted=True, reason="x", actor=organizer
        )
    assert error.value.code == "not_screened"


def test_cancelling_a_session_keeps_it_frees_seats_and_mails_everyone(summit, organizer):
    session = roundtable(summit, capacity=1, title="Hypersonics roundtable")
    a, b = attendee_of(summit), attendee_of(summit)
    sign_up(a, session), sign_up(b, session)
    mail.outbox.clear()
    cancel_session(session, actor=organizer)
    session.refresh_from_db()
    assert session.status == "cancelled" and session.sequence == 1
    assert set(SessionSignup.objects.filter(session=session).values_list("status", flat=True)) == {"session_cancelled"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.user.email, b.user.email])
    assert all("“Hypersonics roundtable” is cancelled" in m.body for m in mail.outbox)
    # Still on the person's agenda (and feed), as cancelled; the time is free again.
    assert [s.session for s in agenda_signups(a)] == [session]
    overlapping = roundtable(summit, starts_at=session.starts_at)
    assert sign_up(a, overlapping).status == SignupStatus.CONFIRMED


def test_moving_a_session_keeps_signups_and_tells_attendees(summit, organizer):
    session = roundtable(summit, capacity=1)
    a, b = attendee_of(summit), attendee_of(summit)
    sign_up(a, session), sign_up(b, session)
    mail.outbox.clear()
    later = session.starts_at + timedelta(hours=3)
    moved = reschedule_session(session, actor=organizer, starts_at=later, ends_at=later + timedelta(hours=1))
    assert moved.sequence == 1
    assert list(SessionSignup.objects.filter(session=session).values_list("status", flat=True)) == [
        "confirmed",
        "waitlisted",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.user.email, b.user.email])
    assert "has moved" in mail.outbox[0].body and "13:00–14:00" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="summits.session.moved", data__attendees_told=2).count() == 1


def test_raising_capacity_promotes_from_waiting_list(summit, organizer):
    session = roundtable(summit, capacity=1)
    a, b = attendee_of(summit), attendee_of(summit)
    sign_up(a, session), sign_up(b, session)
    reschedule_session(session, actor=organizer, capacity=2)
    assert SessionSignup.objects.get(registration=b).status == SignupStatus.CONFIRMED


def test_mail_about_a_session_no_longer_visible_does_not_name_it(summit, organizer):
    session = roundtable(summit, title="Classified propulsion")
    registration = attendee_of(summit, is_us_person=False)
    sign_up(registration, session)
    # The low-level verb releases nothing (the agenda builder's path releases the seat, see
    # test_screening.py): a seat held in a session no longer visible is still not named.
    update_session(session, actor=organizer, restriction=Restriction.US_PERSONS)
    mail.outbox.clear()
    cancel_session(session, actor=organizer)
    assert "Classified" not in mail.outbox[0].body and "“Closed session” is cancelled" in mail.outbox[0].body


# --- Concurrency: 200 people press "sign up" at once for 25 seats ---


def _race(session, registrations):
    barrier = threading.Barrier(len(registrations))
    errors = []

    def worker(registration):
        try:
            barrier.wait(timeout=30)
            sign_up_for_session(registration=registration, session=session)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(r,)) for r in registrations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _make_attendees(summit, n):
    category = CategoryFactory(summit=summit)
    users = UserFactory.create_batch(n)
    return [
        RegistrationFactory(summit=summit, category=category, user=user, badge_name=f"Racer {i}")
        for i, user in enumerate(users)
    ]


def _assert_exact_seats(session, registrations, *, seats):
    signups = list(SessionSignup.objects.filter(session=session).order_by("created", "pk"))
    statuses = [s.status for s in signups]
    assert len(signups) == len(registrations)
    assert statuses.count("confirmed") == seats
    assert statuses.count("waitlisted") == len(registrations) - seats
    # Seats went to the first `seats` people decided; everyone after them waits, in that order.
    assert statuses == ["confirmed"] * seats + ["waitlisted"] * (len(registrations) - seats)
    waiting = [s for s in signups if s.status == "waitlisted"]
    assert [waitlist_position(s) for s in waiting] == list(range(1, len(waiting) + 1))
    assert len(mail.outbox) == len(registrations)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_200_concurrent_signups_for_25_seats_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    summit = SummitFactory()
    session = roundtable(summit, capacity=25)
    registrations = _make_attendees(summit, 200)
    assert _race(session, registrations) == []
    _assert_exact_seats(session, registrations, seats=25)


@pytest.mark.django_db(transaction=True)
def test_200_concurrent_signups_for_25_seats_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant; PostgreSQL has its own test")
    summit = SummitFactory()
    session = roundtable(summit, capacity=25)
    registrations = _make_attendees(summit, 200)
    assert _race(session, registrations) == []
    _assert_exact_seats(session, registrations, seats=25)


@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_and_signups_never_overfill_and_promote_in_order():
    """5 seated people cancel while 10 newcomers sign up, all at once: exactly 5 seats stay
    taken and they go to the first five of the waiting list, in its order."""
    summit = SummitFactory()
    session = roundtable(summit, capacity=5)
    people = _make_attendees(summit, 25)
    seated, waiting, newcomers = people[:5], people[5:15], people[15:]
    for registration in seated + waiting:
        sign_up_for_session(registration=registration, session=session)
    seats = {s.registration_id: s for s in SessionSignup.objects.filter(session=session)}
    barrier = threading.Barrier(len(seated) + len(newcomers))
    errors = []

    def run(action):
        try:
            barrier.wait(timeout=30)
            action()
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))
        finally:
            connection.close()

    actions = [lambda r=r: cancel_signup(seats[r.pk]) for r in seated]
    actions += [lambda r=r: sign_up_for_session(registration=r, session=session) for r in newcomers]
    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    confirmed = set(
        SessionSignup.objects.filter(session=session, status="confirmed").values_list("registration_id", flat=True)
    )
    assert confirmed == {r.pk for r in waiting[:5]}
    queue = list(
        SessionSignup.objects.filter(session=session, status="waitlisted")
        .order_by("created", "pk")
        .values_list("registration_id", flat=True)
    )
    assert queue[:5] == [r.pk for r in waiting[5:]]
    assert sorted(queue[5:]) == sorted(r.pk for r in newcomers)


def test_cancelled_registration_gives_back_its_seat_and_promotes(summit, organizer):
    from summits.registration.services import cancel_registration, set_registration_status

    session = roundtable(summit, capacity=1)
    a, b, c = (attendee_of(summit) for _ in range(3))
    sign_up(a, session), sign_up(b, session)
    other = roundtable(summit, starts_at=session.starts_at + timedelta(hours=2))
    sign_up(c, other)
    cancel_registration(a, actor=a.user)
    assert SessionSignup.objects.get(registration=a).status == SignupStatus.CANCELLED
    assert SessionSignup.objects.get(registration=b).status == SignupStatus.CONFIRMED
    assert AuditEntry.objects.filter(action="summits.signup.released", actor=a.user).count() == 1
    # Declined by an organizer: same.
    set_registration_status(c, RegistrationStatus.DECLINED, actor=organizer)
    assert SessionSignup.objects.get(registration=c).status == SignupStatus.CANCELLED


def test_signup_mails_carry_the_session_as_ics_except_while_waiting(summit):
    import icalendar

    session = roundtable(summit, title="Drone supply chains", capacity=1)
    first, second = attendee_of(summit), attendee_of(summit)
    sign_up(first, session)
    waiting = sign_up(second, session)
    confirmed_mail, waiting_mail = mail.outbox[0], mail.outbox[1]
    [(filename, content, mimetype)] = confirmed_mail.attachments
    assert (filename, mimetype) == (f"session-{session.pk}.ics", "text/calendar")
    [event] = icalendar.Calendar.from_ical(content).events
    assert (str(event["SUMMARY"]), event.start) == ("Drone supply chains", session.starts_at)
    assert waiting_mail.attachments == []

    cancel_signup(SessionSignup.objects.get(registration=first), actor=first.user)
    promoted_mail = mail.outbox[-1]
    assert promoted_mail.to == [second.user.email] and waiting.registration == second
    assert [a[0] for a in promoted_mail.attachments] == [f"session-{session.pk}.ics"]
