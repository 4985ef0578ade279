"""Sign-ups for sessions that need them: seats, waiting lists, promotion, export-control screening.

Seats are decided with the session row locked (`select_for_update`; on SQLite every
writer is serialized by BEGIN IMMEDIATE), never by counting outside a lock. The
registration row is locked first, then the session, in every path that takes both.
"""

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import log_action
from ..enums import RegistrationStatus, Restriction, SessionStatus, SignupStatus
from ..errors import SignupError
from ..models import Registration, Session, SessionClearance, SessionSignup
from ..screening.acknowledgements import record_acceptance, require_acceptance
from ..screening.eligibility import SessionAccess
from .queries import confirmed_count, seat_limit

CLOSED_SESSION_MESSAGE = "This session is open to eligible attendees only."


def sign_up_for_session(*, registration, session, actor=None, now=None, accepted_version=None):
    """Take a seat, or a place on the waiting list when the session is full.

    Refused (SignupError with a `code`) for: another summit's session, a registration
    that is not approved, a cancelled or started session, a session without sign-up,
    an ineligible attendee (export control), a second sign-up, an overlapping sign-up,
    a missing acceptance of the session's acknowledgement (`accepted_version`: the version
    the person ticked; recorded with the seat, in the same transaction).
    """
    return _sign_up(
        Registration.objects.filter(pk=registration.pk),
        session.pk,
        actor=actor,
        now=now,
        accepted_version_id=accepted_version.pk if accepted_version is not None else None,
    )


def sign_up_attendee(*, user, summit, session_id, accepted_version_id=None):
    """The signed-in person's own sign-up from the session page: their registration for
    `summit` is found as it is locked (no read before). Beyond sign_up_for_session's refusals:
    "not_registered" (no registration for this summit) and "not_found" (no such session)."""
    return _sign_up(
        Registration.objects.filter(user=user, summit=summit),
        session_id,
        actor=user,
        accepted_version_id=accepted_version_id,
        summit=summit,
    )


def _sign_up(registrations, session_id, *, actor, now=None, accepted_version_id=None, summit=None):
    """The decision, in a fixed number of queries (8 for an open session, whole request
    included: tests/summits/test_signup_queries.py): lock the registration, lock the session,
    read seats and the person's own sign-ups in one query, then write."""
    from .tasks import send_signup_email

    with transaction.atomic():
        # The caller's summit when it has one (the registrations are filtered by it): not read twice.
        locking = registrations.select_for_update(of=("self",))
        registration = locking.first() if summit is not None else locking.select_related("summit").first()
        if registration is None:
            raise SignupError("not_registered", _("Register for the summit first; then you can sign up for sessions."))
        if summit is not None:
            registration.summit = summit
        # The seat lock everyone queues on, taken second. Rows read after it (below) are fresh.
        session = Session.objects.select_for_update(of=("self",)).select_related("room").filter(pk=session_id).first()
        if session is None:
            raise SignupError("not_found", _("There is no such session."))
        if session.summit_id != registration.summit_id:
            raise SignupError("wrong_summit", _("This session belongs to another summit."))
        session.summit = registration.summit
        now = now or timezone.now()
        _check_can_sign_up(registration, session, now)
        seats = _seats_and_own_signups(registration, session)
        if seats["mine_active"]:
            raise SignupError("already_signed_up", _("You are already signed up for this session."))
        if seats["overlap_id"] is not None:
            raise _overlap_error(registration, session, seats["overlap_id"])
        to_accept = require_acceptance(registration, session, accepted_version_id)
        limit = seat_limit(session)
        full = limit is not None and seats["confirmed"] >= limit
        status = SignupStatus.WAITLISTED if full else SignupStatus.CONFIRMED
        # A fresh place in line, also for someone who cancelled before: `created` orders the waiting list.
        signup = SessionSignup(
            pk=seats["mine_id"], registration=registration, session=session, status=status, created=timezone.now()
        )
        signup.save(force_update=signup.pk is not None)
        # Everyone ahead in line was stored before this row: the session lock is still held.
        signup.position = seats["waiting"] + 1 if full else None
        if to_accept is not None:
            record_acceptance(registration=registration, version=to_accept, session=session, actor=actor)
        log_action(
            "summits.signup.waitlisted" if full else "summits.signup.confirmed",
            actor=actor or registration.user,
            summit=session.summit,
            obj=signup,
            session=session.pk,
        )
        send_signup_email.enqueue(signup.pk, str(status))
    return signup


def _check_can_sign_up(registration, session, now):
    """The refusals that need no query beyond a clearance (for 'cleared attendees only' sessions)."""
    if registration.status != RegistrationStatus.APPROVED:
        raise SignupError("not_approved", _("You can sign up for sessions once your registration is approved."))
    if not SessionAccess.for_session(registration, session).is_eligible(session):
        # Say nothing about the session itself: the person may not see it.
        raise SignupError("not_eligible", CLOSED_SESSION_MESSAGE)
    if session.is_cancelled:
        raise SignupError("session_cancelled", _("This session is cancelled."))
    if not session.needs_signup:
        raise SignupError("no_signup", _("This session needs no sign-up: just come."))
    if session.starts_at <= now:
        raise SignupError("started", _("Sign-up has closed: the session has started."))


def _seats_and_own_signups(registration, session):
    """One read, under both locks: the session's confirmed seats and waiting list length,
    the person's own sign-up row for it (active or not), and the first active sign-up of
    theirs that overlaps it (conclave.intervals.overlaps as a filter: back to back is fine).

    Plain SQL on purpose: the same aggregate through the ORM cost about 3 ms of CPU to build,
    a third of a whole sign-up request, and the rush repeats it hundreds of times a second.
    Portable (CASE inside the aggregates, no FILTER); tests/summits/test_signups.py covers each figure.
    """
    ops = connection.ops
    signups, sessions = SessionSignup._meta.db_table, Session._meta.db_table
    active = [str(status) for status in SignupStatus.active()]
    in_active = ", ".join(["%s"] * len(active))
    here, mine = "su.session_id = %s", "su.registration_id = %s"
    sql = (
        f"SELECT COUNT(CASE WHEN {here} AND su.status = %s THEN 1 END),"
        f" COUNT(CASE WHEN {here} AND su.status = %s THEN 1 END),"
        f" MAX(CASE WHEN {here} AND {mine} THEN su.id END),"
        f" COUNT(CASE WHEN {here} AND {mine} AND su.status IN ({in_active}) THEN 1 END),"
        f" MIN(CASE WHEN {mine} AND su.session_id <> %s AND su.status IN ({in_active})"
        f" AND se.status = %s AND se.starts_at < %s AND se.ends_at > %s THEN su.id END)"
        f" FROM {signups} su INNER JOIN {sessions} se ON se.id = su.session_id"
        f" WHERE {here} OR {mine}"
    )
    s, r = session.pk, registration.pk
    params = [
        *(s, str(SignupStatus.CONFIRMED)),
        *(s, str(SignupStatus.WAITLISTED)),
        *(s, r),
        *(s, r, *active),
        *(r, s, *active, str(SessionStatus.SCHEDULED)),
        ops.adapt_datetimefield_value(session.ends_at),
        ops.adapt_datetimefield_value(session.starts_at),
        *(s, r),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        confirmed, waiting, mine_id, mine_active, overlap_id = cursor.fetchone()
    return {
        "confirmed": confirmed,
        "waiting": waiting,
        "mine_id": mine_id,
        "mine_active": mine_active,
        "overlap_id": overlap_id,
    }


def _overlap_error(registration, session, other_signup_id):
    other = Session.objects.get(signups__pk=other_signup_id)
    tz = session.summit.tz
    # Name the other session only if the person may still see it (eligibility can be lost).
    visible = SessionAccess.for_session(registration, other).can_see(other)
    name = f"“{other.title}”" if visible else _("a closed session")
    return SignupError(
        "overlap",
        _("You are already signed up for %(name)s at that time (%(start)s–%(end)s, %(zone)s). Cancel that one first.")
        % {
            "name": name,
            "start": f"{other.starts_at.astimezone(tz):%H:%M}",
            "end": f"{other.ends_at.astimezone(tz):%H:%M}",
            "zone": session.summit.timezone,
        },
    )


def cancel_signup(signup, *, actor=None):
    """The attendee gives up their seat or place in line; a freed seat promotes the next in line."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=signup.session_id)
        signup = SessionSignup.objects.select_for_update().get(pk=signup.pk)
        if signup.status not in SignupStatus.active():
            raise SignupError("not_signed_up", _("You are not signed up for this session."))
        was_confirmed = signup.status == SignupStatus.CONFIRMED
        signup.status = SignupStatus.CANCELLED
        signup.save(update_fields=["status", "updated"])
        log_action("summits.signup.cancelled", actor=actor, summit=session.summit, obj=signup, session=session.pk)
        if was_confirmed:
            promote_from_waitlist(session)
    return signup


def release_signups(registration, *, actor=None):
    """A registration that is no longer approved gives back its seats and places in line.
    The one service that releases places is `screening.release_ineligible_places`."""
    from ..screening.services import release_ineligible_places

    return release_ineligible_places(registration, actor=actor, reason="registration_status", notify=False)


def promote_from_waitlist(session):
    """Fill free seats from the waiting list in order, skipping anyone no longer eligible.

    Eligible means: registration still approved and the session's restriction met. Those
    skipped keep their place (they may be cleared later). Each promoted person is emailed.
    """
    from .tasks import send_signup_email

    promoted = []
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.is_cancelled:
            return promoted
        limit = seat_limit(session)
        free = None if limit is None else limit - confirmed_count(session)
        if free is not None and free <= 0:
            return promoted
        waiting = (
            # Lock the sign-ups only: registrations are locked before sessions elsewhere.
            SessionSignup.objects.select_for_update(of=("self",))
            .filter(session=session, status=SignupStatus.WAITLISTED)
            .select_related("registration")
            .order_by("created", "pk")
        )
        for signup in waiting:
            if free is not None and len(promoted) >= free:
                break
            registration = signup.registration
            if registration.status != RegistrationStatus.APPROVED:
                continue
            if not SessionAccess.for_registration(registration).is_eligible(session):
                continue
            signup.status = SignupStatus.CONFIRMED
            signup.save(update_fields=["status", "updated"])
            log_action("summits.signup.promoted", summit=session.summit, obj=signup, session=session.pk)
            send_signup_email.enqueue(signup.pk, "promoted")
            promoted.append(signup)
    return promoted


def screen_attendee(*, session, registration, granted, reason, actor):
    """An organizer clears (or does not clear) one attendee for a 'cleared attendees only' session.

    Records who decided, when and why (SessionClearance + audit). Denying someone who is
    signed up cancels their sign-up, which may promote the next person in line.
    """
    reason = (reason or "").strip()
    if session.restriction != Restriction.CLEARED:
        raise SignupError("not_screened", _("Only sessions for cleared attendees need screening."))
    if registration.summit_id != session.summit_id:
        raise SignupError("wrong_summit", _("This attendee is registered for another summit."))
    if not reason:
        raise SignupError("reason_required", _("Say why: the screening decision is recorded with its reason."))
    with transaction.atomic():
        clearance, _created = SessionClearance.objects.update_or_create(
            session=session,
            registration=registration,
            defaults={"granted": granted, "reason": reason[:300], "decided_by": actor},
        )
        log_action(
            "summits.clearance.granted" if granted else "summits.clearance.denied",
            actor=actor,
            summit=session.summit,
            obj=clearance,
            session=session.pk,
            registration=registration.pk,
            reason=reason,
        )
        if not granted:
            from ..screening.services import release_ineligible_places

            release_ineligible_places(registration, actor=actor, reason="clearance_denied", session_ids=[session.pk])
    return clearance
