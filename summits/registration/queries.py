"""Reads of registration: a person's own registration, the organizer's counts and screening list."""

from django.db.models import Count, Q

from ..models import Registration


def own_registration(user, summit, *, with_category=True):
    """`user`'s registration for `summit`, or None (signed out, or never registered).

    The one lookup of "my registration": nobody else's is reachable through it. Views
    decide what None means (a redirect, a 404, an empty page). `with_category=False` for
    readers that only decide access (every agenda and session page): a lighter read."""
    if not user.is_authenticated:
        return None
    # Not the screener who checked it: only the organizers' pages show who did, from their own reads.
    registrations = Registration.objects.filter(user=user, summit=summit)
    return (registrations.select_related("category") if with_category else registrations).first()


def registration_counts(summit):
    """{category_id: {status: count}} for the organizer dashboard."""
    rows = Registration.objects.filter(summit=summit).values("category_id", "status").annotate(n=Count("pk")).order_by()
    counts = {}
    for row in rows:
        counts.setdefault(row["category_id"], {})[row["status"]] = row["n"]
    return counts


def registrations_for_screening(summit, *, status=None, search=""):
    qs = Registration.objects.filter(summit=summit).select_related("user", "category")
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(
            Q(badge_name__icontains=search) | Q(organisation__icontains=search) | Q(user__email__icontains=search)
        )
    return qs.order_by("created", "pk")
