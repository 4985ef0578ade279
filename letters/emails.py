"""Mail about letters, from templates/letters/email/<name>.txt (the first line is the subject).
No mail ever carries a passport number or date of birth."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.language import language_of


def send_letter_mail(template, *, to, letter, **context):
    context = {
        "site_url": settings.SITE_URL,
        "letter": letter,
        "summit": letter.summit,
        "letter_url": settings.SITE_URL + reverse("letters:mine", kwargs={"slug": letter.summit.slug}),
        **context,
    }
    with language_of(email=to):  # the recipient's language: the applicant's, a member's, an organizer's
        subject, _, body = render_to_string(f"letters/email/{template}.txt", context).strip().partition("\n")
    EmailMessage(subject=subject.strip(), body=body.strip() + "\n", to=[to]).send()


def notify_organizers(letter):
    url = settings.SITE_URL + reverse("letters:review", kwargs={"slug": letter.summit.slug, "pk": letter.pk})
    for email in letter.summit.organizers.exclude(email="").values_list("email", flat=True):
        send_letter_mail("new_request", to=email, letter=letter, review_url=url)
