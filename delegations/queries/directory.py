"""The shared directory of host organisations, and who may browse it."""

from django.db.models import Count, Q

from ..models import Delegation, Organisation


def may_browse_directory(user):
    """Leads, roster members and organizers use the shared directory of host organisations."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.organized_summits.exists():
        return True
    return Delegation.objects.filter(
        Q(lead=user) | Q(memberships__user=user, memberships__left_at__isnull=True)
    ).exists()


def organisation_directory(*, kind="", city="", search=""):
    qs = Organisation.objects.annotate(visit_count=Count("visits"))
    if kind:
        qs = qs.filter(kind=kind)
    if city:
        qs = qs.filter(city__iexact=city)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(technology_areas__icontains=search))
    return qs.order_by("name")
