"""Background job of acknowledgements: ids in, call the mail builder (enqueued inside the transaction)."""

from django.tasks import task

from ..models import AcknowledgementVersion, SessionSignup
from .acknowledgements import send_acknowledgement_request_mail


@task
def send_acknowledgement_request(signup_id, version_id):
    signup = SessionSignup.objects.select_related("registration__user", "session__summit").get(pk=signup_id)
    version = AcknowledgementVersion.objects.select_related("acknowledgement").get(pk=version_id)
    send_acknowledgement_request_mail(signup, version)
