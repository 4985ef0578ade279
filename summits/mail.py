"""Mail sent to attendees, rendered from templates/summits/email/<template>.txt (the first line is the subject).
Shared by registration, agenda and screening mail."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from accounts.language import language_of


def send_templated_mail(template, *, to, context, attachments=()):
    """Send `summits/email/<template>.txt`; its first line is the subject. Rendered in the
    language of the account behind `to` (English for an address without one)."""
    context = {"site_url": settings.SITE_URL, **context}
    with language_of(email=to):
        subject, _, body = render_to_string(f"summits/email/{template}.txt", context).strip().partition("\n")
    message = EmailMessage(subject=subject.strip(), body=body.strip() + "\n", to=[to])
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
    return message
