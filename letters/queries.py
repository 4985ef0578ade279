"""Reads of visa letter requests. Nothing here raises Http404: views decide."""

import re

from django.db.models import Q

from delegations.models import Delegation, Membership
from summits.enums import RegistrationStatus
from summits.models import Registration

from .crypto import InvalidToken
from .enums import LetterStatus
from .models import LetterRequest, LetterTemplate

REFERENCE_SHAPE = re.compile(r"[A-HJ-NP-Z2-9]{10}")
CODE_SHAPE = re.compile(r"[A-Za-z0-9_-]{22}")


def approved_registration(user, summit):
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(user=user, summit=summit, status=RegistrationStatus.APPROVED).first()


def own_letter_request(user, summit):
    """`user`'s own request for `summit`, or None: nobody else's is reachable through it."""
    if not user.is_authenticated:
        return None
    return (
        LetterRequest.objects.defer("pdf")
        .annotate(has_pdf=Q(pdf__isnull=False))
        .filter(user=user, summit=summit)
        .first()
    )


def letter_requests_for_review(summit, *, status=None):
    """The summit's requests, oldest first, with the person; the PDF is not loaded."""
    requests = LetterRequest.objects.filter(summit=summit).defer("pdf").select_related("user", "requested_by")
    if status:
        requests = requests.filter(status=status)
    return requests


def letter_request_of_summit(summit, pk, *, with_pdf=False):
    """Request `pk` if it belongs to `summit`, else None (organizers of one summit never reach another's)."""
    requests = LetterRequest.objects.select_related("user", "summit")
    if not with_pdf:
        requests = requests.defer("pdf")
    return requests.filter(summit=summit, pk=pk).first()


def letter_template(summit):
    return LetterTemplate.objects.filter(summit=summit).first()


def registration_names(summit, user_ids):
    """{user id: name on the registration} for the review queue."""
    return dict(Registration.objects.filter(summit=summit, user_id__in=user_ids).values_list("user_id", "badge_name"))


def verified_letter(reference, code):
    """The issued letter with this reference and code, or None for anything else (malformed,
    unknown, wrong code, never issued) so that the answer says nothing about which."""
    if not isinstance(reference, str) or not isinstance(code, str):
        return None
    if not REFERENCE_SHAPE.fullmatch(reference) or not CODE_SHAPE.fullmatch(code):
        return None
    from conclave.tokens import secrets_match

    letter = (
        LetterRequest.objects.defer("pdf", "passport_number", "date_of_birth")
        .select_related("summit")
        .filter(reference=reference, status__in=LetterStatus.issued())
        .first()
    )
    if letter is None:
        return None
    try:
        stored = letter.verify_code or ""
    except InvalidToken:
        return None
    return letter if stored and secrets_match(stored, code) else None


def led_delegations(user, summit):
    if not user.is_authenticated:
        return Delegation.objects.none()
    return Delegation.objects.filter(summit=summit, lead=user)


def roster_members_for_letters(user, summit):
    """Active members of the delegations `user` leads at `summit` whose registration is approved,
    with their letter request if any: [(membership, request or None)]."""
    memberships = list(
        Membership.objects.filter(delegation__in=led_delegations(user, summit), left_at__isnull=True)
        .exclude(user=user)
        .select_related("user", "delegation")
    )
    approved = set(
        Registration.objects.filter(
            summit=summit, status=RegistrationStatus.APPROVED, user_id__in=[m.user_id for m in memberships]
        ).values_list("user_id", flat=True)
    )
    requests = {
        r.user_id: r
        for r in LetterRequest.objects.defer("pdf").filter(summit=summit, user_id__in=[m.user_id for m in memberships])
    }
    return [(m, requests.get(m.user_id)) for m in memberships if m.user_id in approved]


def lead_may_request_for(lead, summit, member_id):
    """The member (a user) of a delegation `lead` leads at `summit`, approved, or None."""
    for membership, _request in roster_members_for_letters(lead, summit):
        if membership.user_id == member_id:
            return membership.user
    return None
