"""Background jobs: ids in, build and send the mail."""

from django.tasks import task

from .emails import send_invitation_mail


@task
def send_invitation_email(invitation_id):
    from .models import Invitation

    invitation = Invitation.objects.select_related("delegation__summit", "invited_by", "category").get(pk=invitation_id)
    send_invitation_mail(invitation)
