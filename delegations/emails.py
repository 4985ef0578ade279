from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from accounts.language import language_of


def send_invitation_mail(invitation):
    context = {"invitation": invitation, "delegation": invitation.delegation, "site_url": settings.SITE_URL}
    # Invitees may have no account yet: then English, the default.
    with language_of(email=invitation.email):
        subject, _, body = render_to_string("delegations/email/invitation.txt", context).strip().partition("\n")
    message = EmailMessage(subject=subject.strip(), body=body.strip() + "\n", to=[invitation.email])
    message.send()
    return message
