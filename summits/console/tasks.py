"""The console's job for the queue: ids in, call the service."""

from django.tasks import task

from .invitations import deliver_team_invitation
from .messaging import deliver_message


@task
def send_organizer_message(message_id):
    deliver_message(message_id)


@task
def send_team_invitation(invitation_id):
    deliver_team_invitation(invitation_id)
