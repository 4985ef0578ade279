"""Who may see a delegation, and which delegations a person or a summit has.

A query never answers with an HTTP status: it returns None, and the views decide (404)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from conclave.tokens import find_by_token

from ..models import TOKEN_LENGTH, Delegation, Membership


def find_by_secret(queryset, token, *, token_field, selector_field):
    """The row whose secret (the whole token, stored beside its selector) is `token`; None for
    anything else, malformed, unknown or wrong (conclave.tokens decides, in constant time)."""
    return find_by_token(
        queryset, token, length=TOKEN_LENGTH, selector_field=selector_field, secret_field=token_field, whole_token=True
    )


@dataclass(frozen=True)
class DelegationAccess:
    delegation: Delegation
    can_manage: bool  # the lead and the summit's organizers
    membership: Membership | None  # an active member reads


def delegation_access(user, pk):
    """What `user` may do with the delegation `pk`; None for anyone who may not see it, whatever
    the id (the views answer 404 to both, so a delegation's existence does not leak)."""
    if not user.is_authenticated:
        return None
    delegation = Delegation.objects.select_related("summit", "lead", "category").filter(pk=pk).first()
    if delegation is None:
        return None
    can_manage = delegation.lead_id == user.pk or delegation.summit.is_organizer(user)
    membership = Membership.objects.filter(delegation=delegation, user=user, left_at__isnull=True).first()
    if not can_manage and membership is None:
        return None
    return DelegationAccess(delegation, can_manage, membership)


def delegations_for_summit(summit):
    return (
        Delegation.objects.filter(summit=summit)
        .select_related("lead", "category")
        .annotate(active_members=Count("memberships", filter=Q(memberships__left_at__isnull=True)))
        .order_by("name")
    )


def delegations_of(user):
    """Delegations a person leads or is an active member of, for their summit pages."""
    return (
        Delegation.objects.filter(Q(lead=user) | Q(memberships__user=user, memberships__left_at__isnull=True))
        .select_related("summit")
        .distinct()
        .order_by("summit__start_date", "name")
    )


def delegations_led_by(user, summit):
    return Delegation.objects.filter(summit=summit, lead=user).order_by("name")
