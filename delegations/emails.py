from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def send_invitation_mail(invitation):
    context = {"invitation": invitation, "delegation": invitation.delegation, "site_url": settings.SITE_URL}
    subject, _, body = render_to_string("delegations/email/invitation.txt", context).strip().partition("\n")
    message = EmailMessage(subject=subject.strip(), body=body.strip() + "\n", to=[invitation.email])
    message.send()
    return message
