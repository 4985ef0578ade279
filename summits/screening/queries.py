"""Reads of export-control screening."""

from ..enums import RegistrationStatus
from ..models import Registration


def screening_queue(summit):
    """Registrations of the summit that still count (pending, approved, waiting list), with
    who last screened them, in one query; the screening page groups them by their state."""
    return (
        Registration.objects.filter(summit=summit, status__in=RegistrationStatus.active())
        .select_related("user", "category", "eligibility_checked_by")
        .order_by("-eligibility_checked_at", "created", "pk")
    )


def may_screen(summit, user):
    """Organizers, and the screeners the organizer console added to this summit's team."""
    from ..models import Screener

    if summit.is_organizer(user):
        return True
    return user.is_authenticated and Screener.objects.filter(summit=summit, user=user).exists()
