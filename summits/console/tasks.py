"""The console's job for the queue: ids in, call the service."""

from django.tasks import task

from .messaging import deliver_message


@task
def send_organizer_message(message_id):
    deliver_message(message_id)
