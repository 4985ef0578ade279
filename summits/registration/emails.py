"""Mail sent to attendees. Rendered from templates/summits/email/*.txt."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from ..enums import RegistrationStatus


def send_templated_mail(template, *, to, context, attachments=()):
    """Send `summits/email/<template>.txt`; its first line is the subject."""
    context = {"site_url": settings.SITE_URL, **context}
    subject, _, body = render_to_string(f"summits/email/{template}.txt", context).strip().partition("\n")
    message = EmailMessage(subject=subject.strip(), body=body.strip() + "\n", to=[to])
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
    return message


def registration_attachments(registration):
    """An approved registration's mail carries the summit's days as an .ics."""
    if registration.status != RegistrationStatus.APPROVED:
        return []
    from ..calendar.ical import summit_days_ics
    from ..queries import summit_day_spans

    summit = registration.summit
    ics = summit_days_ics(summit, site_url=settings.SITE_URL, stamp=timezone.now(), day_spans=summit_day_spans(summit))
    return [(f"{summit.slug}.ics", ics, "text/calendar")]


def session_attachments(session, registration):
    """A session as an .ics attachment for a sign-up mail, shown as the person may see it.

    For `agenda_emails.send_signup_mail(..., attachments=session_attachments(...))`.
    """
    from ..calendar.ical import session_ics
    from ..screening.eligibility import SessionAccess

    ics = session_ics(session, SessionAccess.for_registration(registration), site_url=settings.SITE_URL)
    return [(f"session-{session.pk}.ics", ics, "text/calendar")]


def send_registration_status_mail(registration, *, previous_status=None):
    return send_templated_mail(
        "registration_status",
        to=registration.user.email,
        context={"registration": registration, "summit": registration.summit, "previous_status": previous_status},
        attachments=registration_attachments(registration),
    )
