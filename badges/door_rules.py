"""A session door's rules for many people at once: the offline snapshot and the upload of
queued scans ask this instead of `checkin.door_refusal` per person (a fixed number of queries).
Both answer from `summits.screening.eligibility`, the one eligibility rule."""

from summits.enums import SignupStatus
from summits.models import AcknowledgementAcceptance, SessionClearance, SessionSignup
from summits.screening.acknowledgements import current_version
from summits.screening.eligibility import is_eligible

from .door import ineligible_verdict
from .enums import ScanOutcome


def door_refusals(session, registrations):
    """{registration_id: outcome} for the approved `registrations` the door keeps out; three
    queries at most whatever their number."""
    cleared = set(
        SessionClearance.objects.filter(session=session, granted=True).values_list("registration_id", flat=True)
    )
    signed_up = set()
    if session.needs_signup:
        signed_up = set(
            SessionSignup.objects.filter(session=session, status=SignupStatus.CONFIRMED).values_list(
                "registration_id", flat=True
            )
        )
    version = current_version(session)
    accepted = set()
    if version is not None:
        accepted = set(
            AcknowledgementAcceptance.objects.filter(version=version).values_list("registration_id", flat=True)
        )
    refusals = {}
    for registration in registrations:
        ids = frozenset({session.pk}) if registration.pk in cleared else frozenset()
        if not is_eligible(registration, session, cleared_session_ids=ids):
            refusals[registration.pk] = str(ineligible_verdict(registration, session)[0])
        elif session.needs_signup and registration.pk not in signed_up:
            refusals[registration.pk] = str(ScanOutcome.NOT_SIGNED_UP)
        elif version is not None and registration.pk not in accepted:
            refusals[registration.pk] = str(ScanOutcome.ACKNOWLEDGEMENT_MISSING)
    return refusals
