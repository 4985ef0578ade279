"""Background jobs: ids in, call the mail builder. Enqueued inside the business
transaction, so with the database queue a job exists only if the change committed."""

from django.tasks import task

from ..models import Registration
from .emails import send_registration_status_mail


@task
def send_registration_status_email(registration_id, previous_status=None):
    registration = Registration.objects.select_related("user", "summit", "category").get(pk=registration_id)
    send_registration_status_mail(registration, previous_status=previous_status)
