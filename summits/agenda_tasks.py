"""Background jobs of the agenda: ids in, call the mail builder (enqueued inside the transaction)."""

from django.tasks import task

from .agenda_emails import send_signup_mail
from .emails import session_attachments
from .models import SessionSignup


@task
def send_signup_email(signup_id, event):
    """`event`: confirmed, waitlisted, promoted, session_moved or session_cancelled."""
    signup = SessionSignup.objects.select_related(
        "registration__user", "registration__summit", "session__room", "session__summit"
    ).get(pk=signup_id)
    # The calendar entry comes along, except while the person only waits for a seat.
    attachments = [] if event == "waitlisted" else session_attachments(signup.session, signup.registration)
    send_signup_mail(signup, event=event, attachments=attachments)
