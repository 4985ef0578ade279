"""Invitations: the one a link names, those still pending, and the invitee's registration."""

from allauth.account.models import EmailAddress

from summits.enums import RegistrationStatus
from summits.registration.queries import own_registration

from ..enums import InvitationStatus
from ..models import Invitation
from .access import find_by_secret


def invitation_for_token(token):
    """The invitation whose link carries `token` (with delegation, summit, category); None otherwise."""
    return find_by_secret(
        Invitation.objects.select_related("delegation__summit", "category"),
        token,
        token_field="token",
        selector_field="token_selector",
    )


def pending_invitations(delegation):
    return Invitation.objects.filter(delegation=delegation, status=InvitationStatus.PENDING).select_related(
        "category", "replaces__user"
    )


def invitation_in(delegation, pk):
    """The delegation's invitation `pk`, or None."""
    return Invitation.objects.filter(pk=pk, delegation=delegation).first()


def invitee_registration(user, summit):
    """`user`'s registration for `summit` unless there is none or it was cancelled: then None.
    The one own-registration lookup (summits.registration.queries), with the invitation's rule on top."""
    registration = own_registration(user, summit)
    return registration if registration and registration.status != RegistrationStatus.CANCELLED else None


def user_has_email(user, email):
    """Whether `email` is one of `user`'s verified addresses (an invitation is for its address's owner)."""
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
