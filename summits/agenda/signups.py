"""Sign-ups for sessions that need them: seats, waiting lists, promotion, export-control screening.

Seats are decided with the session row locked (`select_for_update`; on SQLite every
writer is serialized by BEGIN IMMEDIATE), never by counting outside a lock. The
registration row is locked first, then the session, in every path that takes both.
"""

from django.db import transaction
from django.utils import timezone

from ..audit import log_action
from ..enums import RegistrationStatus, Restriction, SessionStatus, SignupStatus
from ..errors import SignupError
from ..models import Registration, Session, SessionClearance, SessionSignup
from ..screening.acknowledgements import accept_acknowledgement, require_acceptance
from ..screening.eligibility import SessionAccess
from .queries import confirmed_count, seat_limit

CLOSED_SESSION_MESSAGE = "This session is open to eligible attendees only."


def _overlapping_signup(registration, session):
    # conclave.intervals.overlaps, written as a query filter (half-open: back to back is fine).
    return (
        SessionSignup.objects.filter(
            registration=registration,
            status__in=SignupStatus.active(),
            session__status=SessionStatus.SCHEDULED,
            session__starts_at__lt=session.ends_at,
            session__ends_at__gt=session.starts_at,
        )
        .exclude(session=session)
        .select_related("session")
        .order_by("session__starts_at")
        .first()
    )


def sign_up_for_session(*, registration, session, actor=None, now=None, accepted_version=None):
    """Take a seat, or a place on the waiting list when the session is full.

    Refused (SignupError with a `code`) for: another summit's session, a registration
    that is not approved, a cancelled or started session, a session without sign-up,
    an ineligible attendee (export control), a second sign-up, an overlapping sign-up,
    a missing acceptance of the session's acknowledgement (`accepted_version`: the version
    the person ticked; recorded with the seat, in the same transaction).
    """
    from .tasks import send_signup_email

    now = now or timezone.now()
    with transaction.atomic():
        # The person's own checks hold only their registration row; the session row (the
        # seat lock everyone queues on) is taken last, for the count and the insert.
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        session = Session.objects.select_related("summit").get(pk=session.pk)
        if session.summit_id != registration.summit_id:
            raise SignupError("wrong_summit", "This session belongs to another summit.")
        if registration.status != RegistrationStatus.APPROVED:
            raise SignupError("not_approved", "You can sign up for sessions once your registration is approved.")
        access = SessionAccess.for_registration(registration)
        if not access.is_eligible(session):
            # Say nothing about the session itself: the person may not see it.
            raise SignupError("not_eligible", CLOSED_SESSION_MESSAGE)
        if session.is_cancelled:
            raise SignupError("session_cancelled", "This session is cancelled.")
        if not session.needs_signup:
            raise SignupError("no_signup", "This session needs no sign-up: just come.")
        if session.starts_at <= now:
            raise SignupError("started", "Sign-up has closed: the session has started.")
        signup = SessionSignup.objects.filter(registration=registration, session=session).first()
        if signup is not None and signup.status in SignupStatus.active():
            raise SignupError("already_signed_up", "You are already signed up for this session.")
        other = _overlapping_signup(registration, session)
        if other is not None:
            tz = session.summit.tz
            # Name the other session only if the person may still see it (eligibility can be lost).
            name = f"“{other.session.title}”" if access.can_see(other.session) else "a closed session"
            raise SignupError(
                "overlap",
                f"You are already signed up for {name} at that time "
                f"({other.session.starts_at.astimezone(tz):%H:%M}–{other.session.ends_at.astimezone(tz):%H:%M}, "
                f"{session.summit.timezone}). Cancel that one first.",
            )
        session = Session.objects.select_for_update(of=("self",)).select_related("room", "summit").get(pk=session.pk)
        # Re-checked on the locked row: an organizer may have just cancelled or restricted it.
        if session.is_cancelled:
            raise SignupError("session_cancelled", "This session is cancelled.")
        if not access.is_eligible(session):
            raise SignupError("not_eligible", CLOSED_SESSION_MESSAGE)
        to_accept = require_acceptance(registration, session, accepted_version)
        limit = seat_limit(session)
        full = limit is not None and confirmed_count(session) >= limit
        status = SignupStatus.WAITLISTED if full else SignupStatus.CONFIRMED
        if signup is None:
            signup = SessionSignup(registration=registration, session=session)
        else:
            # A fresh place in line: `created` orders the waiting list.
            signup.created = timezone.now()
        signup.status = status
        signup.save()
        if to_accept is not None:
            accept_acknowledgement(registration=registration, version=to_accept, session=session, actor=actor)
        log_action(
            "summits.signup.waitlisted" if full else "summits.signup.confirmed",
            actor=actor or registration.user,
            summit=session.summit,
            obj=signup,
            session=session.pk,
        )
        send_signup_email.enqueue(signup.pk, str(status))
    return signup


def cancel_signup(signup, *, actor=None):
    """The attendee gives up their seat or place in line; a freed seat promotes the next in line."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=signup.session_id)
        signup = SessionSignup.objects.select_for_update().get(pk=signup.pk)
        if signup.status not in SignupStatus.active():
            raise SignupError("not_signed_up", "You are not signed up for this session.")
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
        raise SignupError("not_screened", "Only sessions for cleared attendees need screening.")
    if registration.summit_id != session.summit_id:
        raise SignupError("wrong_summit", "This attendee is registered for another summit.")
    if not reason:
        raise SignupError("reason_required", "Say why: the screening decision is recorded with its reason.")
    with transaction.atomic():
        clearance, _ = SessionClearance.objects.update_or_create(
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
