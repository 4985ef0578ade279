"""Background jobs of the agenda: ids in, call the mail builder (enqueued inside the transaction)."""

from django.tasks import task

from accounts.language import language_of

from ..models import Registration, SessionSignup
from .emails import send_places_released_mail, send_signup_mail, session_attachments


@task
def send_signup_email(signup_id, event):
    """`event`: confirmed, waitlisted, promoted, session_moved or session_cancelled."""
    signup = SessionSignup.objects.select_related(
        "registration__user", "registration__summit", "session__room", "session__summit"
    ).get(pk=signup_id)
    # The calendar entry comes along, except while the person only waits for a seat; both
    # in the person's language.
    with language_of(signup.registration.user):
        attachments = [] if event == "waitlisted" else session_attachments(signup.session, signup.registration)
        send_signup_mail(signup, event=event, attachments=attachments)


@task
def send_places_released_email(registration_id, count):
    """Seats or places in line given back because eligibility ended (sessions not named)."""
    registration = Registration.objects.select_related("user", "summit").get(pk=registration_id)
    send_places_released_mail(registration, count=count)
