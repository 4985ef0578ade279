"""Mail about session sign-ups. The session's details are named only to people who may see them."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..mail import send_templated_mail
from ..screening.eligibility import SessionAccess

SUBJECTS = {
    "confirmed": _("your seat is confirmed"),
    "waitlisted": _("you are on the waiting list"),
    "promoted": _("a seat freed up: you are in"),
    "session_moved": _("a session you signed up for has moved"),
    "session_cancelled": _("a session you signed up for is cancelled"),
}


def send_signup_mail(signup, *, event, attachments=()):
    """`attachments` lets the calendar feature add an .ics: [(filename, bytes, mimetype)]."""
    from .queries import waitlist_position

    session = signup.session
    registration = signup.registration
    visible = SessionAccess.for_registration(registration).can_see(session)
    with timezone.override(session.summit.tz):
        return send_templated_mail(
            "signup_notice",
            to=registration.user.email,
            context={
                "signup": signup,
                "session": session,
                "summit": session.summit,
                "registration": registration,
                "event": event,
                "subject": SUBJECTS[event],
                "title": session.title if visible else gettext("Closed session"),
                "position": waitlist_position(signup),
                "tz": session.summit.tz,
            },
            attachments=attachments,
        )


def send_places_released_mail(registration, *, count):
    """Places released because eligibility ended. No session is named: the person may no
    longer see them, and the title of a closed session must not reach their inbox."""
    return send_templated_mail(
        "places_released",
        to=registration.user.email,
        context={"registration": registration, "summit": registration.summit, "count": count},
    )


def session_attachments(session, registration):
    """A session as an .ics attachment for a sign-up mail, shown as the person may see it.

    For `send_signup_mail(..., attachments=session_attachments(...))`.
    """
    from .calendar import session_ics

    ics = session_ics(session, SessionAccess.for_registration(registration), site_url=settings.SITE_URL)
    return [(f"session-{session.pk}.ics", ics, "text/calendar")]
