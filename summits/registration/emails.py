"""Mail about a registration (its status, with the summit's days as an .ics when approved)."""

from django.conf import settings
from django.utils import timezone

from accounts.language import language_of

from ..enums import RegistrationStatus
from ..mail import send_templated_mail


def registration_attachments(registration):
    """An approved registration's mail carries the summit's days as an .ics."""
    if registration.status != RegistrationStatus.APPROVED:
        return []
    from ..agenda.queries import summit_day_spans
    from .calendar import summit_days_ics

    summit = registration.summit
    ics = summit_days_ics(summit, site_url=settings.SITE_URL, stamp=timezone.now(), day_spans=summit_day_spans(summit))
    return [(f"{summit.slug}.ics", ics, "text/calendar")]


def send_registration_status_mail(registration, *, previous_status=None):
    with language_of(registration.user):  # the .ics attachment too
        return send_templated_mail(
            "registration_status",
            to=registration.user.email,
            context={"registration": registration, "summit": registration.summit, "previous_status": previous_status},
            attachments=registration_attachments(registration),
        )
