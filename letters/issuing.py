"""Issuing letters: the data printed on each, the PDF rendered and stored (encrypted), the
person told. Called by the render job after approval; the PDF builder is pdf.py."""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from accounts.language import language_of
from summits.models import Registration

from .defaults import DEFAULT_BODY, DEFAULT_PURPOSE, DEFAULT_SIGNER_NAME, DEFAULT_SIGNER_TITLE
from .emails import send_letter_mail
from .enums import LetterStatus
from .models import LetterRequest, LetterTemplate
from .pdf import LetterData, render_letter_pdf
from .services import store_letter_pdf

logger = logging.getLogger(__name__)


def verify_url(letter):
    path = reverse("letters_public:verify", kwargs={"reference": letter.reference})
    return f"{settings.SITE_URL}{path}?c={letter.verify_code}"


def _date(day):
    return formats.date_format(day, "j F Y") if day else ""


def _read(field):
    if not field:
        return b""
    try:
        with field.open("rb") as handle:
            return handle.read()
    except OSError:
        return b""


def template_parts(summit):
    """(body, signer name, signer title, letterhead bytes, signature bytes): the summit's template or the default."""
    template = LetterTemplate.objects.filter(summit=summit).first()
    if template is None:
        return str(DEFAULT_BODY), str(DEFAULT_SIGNER_NAME), str(DEFAULT_SIGNER_TITLE), b"", b""
    return (
        template.body,
        template.signer_name,
        template.signer_title,
        _read(template.letterhead),
        _read(template.signature),
    )


def letter_data(letter, *, parts, organisation=""):
    summit = letter.summit
    body, signer_name, signer_title, letterhead, signature = parts
    values = {
        "name": letter.passport_name,
        "passport_number": letter.passport_number or "",
        "nationality": letter.nationality.name if letter.nationality else "",
        "date_of_birth": _date(letter.date_of_birth),
        "passport_expiry": _date(letter.passport_expiry),
        "organisation": organisation,
        "summit": summit.name,
        "city": summit.city,
        "venue": summit.venue,
        "start": _date(summit.start_date),
        "end": _date(summit.end_date),
        "arrival": _date(letter.arrival),
        "departure": _date(letter.departure),
        "consulate": letter.consulate,
        "purpose": letter.purpose or str(DEFAULT_PURPOSE),
    }
    return LetterData(
        values=values,
        body=body,
        reference=letter.reference,
        issue_date=_date(letter.issued_at.date()),
        verify_url=verify_url(letter),
        signer_name=signer_name,
        signer_title=signer_title,
        summit_name=summit.name,
        letterhead=letterhead,
        signature=signature,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        labels={
            "title": _("Invitation letter"),
            "reference": _("Reference"),
            "date": _("Date"),
            "verify": _("Verify this letter"),
        },
    )


def render_and_store_letters(letter_ids):
    """Render and store the PDF of each approved letter among `letter_ids`, then mail its person."""
    letters = list(
        LetterRequest.objects.filter(pk__in=letter_ids, status=LetterStatus.APPROVED)
        .select_related("summit", "user__preferences")
        .defer("pdf")
        .order_by("summit_id", "pk")
    )
    parts_by_summit = {}
    organisations = dict(
        Registration.objects.filter(
            summit_id__in={letter.summit_id for letter in letters}, user_id__in=[letter.user_id for letter in letters]
        ).values_list("user_id", "organisation")
    )
    done = 0
    for letter in letters:
        # Each letter in its person's language (the template's Hindi text where there is one).
        with language_of(letter.user) as language:
            key = (letter.summit_id, language)
            if key not in parts_by_summit:
                parts_by_summit[key] = template_parts(letter.summit)
            try:
                pdf = render_letter_pdf(
                    letter_data(letter, parts=parts_by_summit[key], organisation=organisations.get(letter.user_id, ""))
                )
            except Exception as error:  # one bad letter must not stop the batch
                # The id and the error's kind only: a message or traceback could quote passport data.
                logger.error("letters.render.failed letter=%s error=%s", letter.pk, type(error).__name__)
                continue
        store_letter_pdf(letter_id=letter.pk, pdf=pdf)
        send_letter_mail("approved", to=letter.user.email, letter=letter)
        done += 1
    return done
