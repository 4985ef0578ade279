"""Export-control screening: verifying what attendees declare, and releasing places they lose.

A registration's citizenship and U.S.-person status are a declaration until a screener (an
organizer of the summit) verifies them against an identity document; `eligibility.py` opens
restricted sessions only on verified facts. Anything that can end eligibility calls
`release_ineligible_places`, the one service that gives back seats and places in line.

Locks follow signups.py: the registration row first, then session rows in id order.
"""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..audit import log_action
from ..enums import EligibilityStatus, IdDocument, SessionStatus, SignupStatus
from ..errors import DomainError
from ..models import Registration, Session, SessionSignup
from .eligibility import SessionAccess
from .queries import may_screen

# Separators people put inside document numbers ("Z 123 4567", "A-1234-5678").
_SEPARATORS = re.compile(r"(?<=[^\W_])[\s\-./]+(?=[^\W_])")
_RUN = re.compile(r"[^\W_]+")


# Set only by the screening services below (and read-only in the admin).
SCREENING_FIELDS = [
    "eligibility_status",
    "verified_us_person",
    "verified_citizenship",
    "eligibility_document",
    "eligibility_reference",
    "eligibility_checked_by",
    "eligibility_checked_at",
]


class EligibilityError(DomainError):
    """A screening request refused. `field` names the form field the message belongs to."""

    def __init__(self, code, message, *, field=None):
        super().__init__(code, message)
        self.field = field


def looks_like_document_number(text):
    """Whether `text` holds something shaped like a passport or green-card number: a run of
    letters and digits (spaces, dots and hyphens inside it ignored) with five or more digits.
    Documents are described, never copied: a reference such as "passport seen at desk 2"."""
    compact = _SEPARATORS.sub("", text or "")
    return any(sum(ch.isdigit() for ch in run) >= 5 for run in _RUN.findall(compact))


def deciding_facts(registration):
    """What export-control eligibility depends on: (citizenship code, U.S. person)."""
    return (registration.country_of_citizenship.code or "", bool(registration.is_us_person))


def declared_facts(registration):
    """The deciding facts as declared, in a form a hidden field can carry: "IN:yes"."""
    return f"{registration.country_of_citizenship.code or '-'}:{'yes' if registration.is_us_person else 'no'}"


def _lock(registration):
    return Registration.objects.select_for_update().select_related("summit").get(pk=registration.pk)


def _check_screener(registration, actor):
    if actor is None or not may_screen(registration.summit, actor):
        raise EligibilityError("not_screener", _("Only the summit's organizers and screeners can verify eligibility."))


def verify_eligibility(registration, *, actor, document, reference="", facts=None):
    """A screener saw an identity document that confirms the declared facts.

    `facts` is `declared_facts` as the screener saw them on the page: if the attendee
    changed anything since, nothing is verified. Records who, when and how (document kind
    and a free-text reference, never a number), and audits it.
    """
    reference = (reference or "").strip()
    if document not in IdDocument.values:
        raise EligibilityError("document_required", _("Choose the document you saw."), field="document")
    if len(reference) > 200:
        raise EligibilityError("reference_too_long", _("Keep the reference under 200 characters."), field="reference")
    if looks_like_document_number(reference):
        raise EligibilityError(
            "reference_is_number",
            _("Do not record document numbers. Describe what you saw, e.g. “passport shown at desk 2”."),
            field="reference",
        )
    with transaction.atomic():
        registration = _lock(registration)
        _check_screener(registration, actor)
        if facts is not None and facts != declared_facts(registration):
            raise EligibilityError(
                "facts_changed", _("The attendee changed their details meanwhile: check them again before verifying.")
            )
        registration.eligibility_status = EligibilityStatus.VERIFIED
        registration.verified_us_person = registration.is_us_person
        registration.verified_citizenship = registration.country_of_citizenship
        registration.eligibility_document = document
        registration.eligibility_reference = reference
        registration.eligibility_checked_by = actor
        registration.eligibility_checked_at = timezone.now()
        # `updated` is the change marker the personal calendar feed's ETag reads.
        registration.save(update_fields=[*SCREENING_FIELDS, "updated"])
        log_action(
            "summits.eligibility.verified",
            actor=actor,
            summit=registration.summit,
            obj=registration,
            us_person=registration.is_us_person,
            citizenship=registration.country_of_citizenship.code,
            document=document,
            reference=reference,
        )
    return registration


def revoke_eligibility(registration, *, actor, reason):
    """A screener withdraws a verification (or refuses a declaration); places are released."""
    reason = (reason or "").strip()
    if not reason:
        raise EligibilityError(
            "reason_required", _("Say why: the decision is recorded with its reason."), field="reason"
        )
    if len(reason) > 300:
        raise EligibilityError("reason_too_long", _("Keep the reason under 300 characters."), field="reason")
    with transaction.atomic():
        registration = _lock(registration)
        _check_screener(registration, actor)
        previous = registration.eligibility_status
        registration.eligibility_status = EligibilityStatus.REVOKED
        registration.eligibility_checked_by = actor
        registration.eligibility_checked_at = timezone.now()
        registration.save(update_fields=[*SCREENING_FIELDS, "updated"])
        log_action(
            "summits.eligibility.revoked",
            actor=actor,
            summit=registration.summit,
            obj=registration,
            previous=previous,
            reason=reason,
        )
        release_ineligible_places(registration, actor=actor, reason="eligibility_revoked")
    return registration


def note_declared_facts(registration, *, before, actor):
    """After the attendee saved their details: a changed deciding fact goes back to screening.

    `before` is (citizenship code, is_us_person) as stored before the save. Call inside the
    saving transaction, with the registration row locked. Returns True if a fact changed.
    """
    after = deciding_facts(registration)
    if tuple(before) == after:
        return False
    previous = registration.eligibility_status
    if previous != EligibilityStatus.AWAITING:
        registration.eligibility_status = EligibilityStatus.AWAITING
        registration.save(update_fields=["eligibility_status", "updated"])
    log_action(
        "summits.eligibility.changed",
        actor=actor,
        summit=registration.summit,
        obj=registration,
        previous_status=previous,
        old={"citizenship": before[0], "us_person": before[1]},
        new={"citizenship": after[0], "us_person": after[1]},
    )
    release_ineligible_places(registration, actor=actor, reason="facts_changed")
    return True


def release_ineligible_places(registration, *, actor=None, reason, session_ids=None, notify=True):
    """Give back every seat and place in line the registration may no longer hold.

    May hold means: the registration is approved and `SessionAccess` finds it eligible.
    Run after anything that can end eligibility (facts changed, verification or clearance
    revoked, a session's restriction tightened, the registration's status changed).
    Each freed seat promotes the next eligible person in line; the person is mailed once,
    without the names of the sessions (they may no longer see them). `session_ids` limits
    the look to some sessions. Returns the released sign-ups.
    """
    from ..agenda.signups import promote_from_waitlist
    from ..agenda.tasks import send_places_released_email

    released = []
    with transaction.atomic():
        registration = _lock(registration)
        access = SessionAccess.for_registration(registration)
        rows = SessionSignup.objects.filter(
            registration=registration, status__in=SignupStatus.active(), session__status=SessionStatus.SCHEDULED
        )
        if session_ids is not None:
            rows = rows.filter(session_id__in=session_ids)
        for signup_id, session_id in sorted(rows.values_list("pk", "session_id"), key=lambda row: row[1]):
            session = Session.objects.select_for_update().get(pk=session_id)
            if registration.is_approved and access.is_eligible(session):
                continue
            signup = SessionSignup.objects.select_for_update().get(pk=signup_id)
            if signup.status not in SignupStatus.active():
                continue
            was_confirmed = signup.status == SignupStatus.CONFIRMED
            signup.status = SignupStatus.CANCELLED
            signup.save(update_fields=["status", "updated"])
            log_action(
                "summits.signup.released",
                actor=actor,
                summit=registration.summit,
                obj=signup,
                session=session_id,
                reason=reason,
                registration_status=registration.status,
            )
            released.append(signup)
            if was_confirmed:
                promote_from_waitlist(session)
        if released and notify:
            send_places_released_email.enqueue(registration.pk, len(released))
    return released


def release_ineligible_for_session(session, *, actor=None, reason="restriction_changed"):
    """A session's restriction changed: release the places of everyone it now excludes.

    Call outside the transaction that locked the session row, so registrations are
    locked before the session, as everywhere else.
    """
    registration_ids = sorted(
        set(
            SessionSignup.objects.filter(session=session, status__in=SignupStatus.active()).values_list(
                "registration_id", flat=True
            )
        )
    )
    released = []
    for registration_id in registration_ids:
        released += release_ineligible_places(
            Registration(pk=registration_id), actor=actor, reason=reason, session_ids=[session.pk]
        )
    return released
