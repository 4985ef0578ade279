"""Visa letter requests: the rules. Views and jobs call these; nothing else writes.

One transition function per step (submit, approve, reject, ask for changes, revoke), each
checking the step, saving, writing the audit entry and sending the mail. Audit entries never
carry passport data."""

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conclave.content_language import hindi_values
from summits.audit import log_action
from summits.models import Summit

from .emails import notify_organizers, send_letter_mail
from .enums import LetterStatus
from .errors import LetterError
from .masking import mask_tail
from .models import LetterRequest, LetterTemplate
from .queries import approved_registration, lead_may_request_for

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no look-alikes (I, O, 0, 1)
PASSPORT_FIELDS = (
    "passport_name",
    "passport_number",
    "nationality",
    "date_of_birth",
    "passport_expiry",
    "consulate",
    "arrival",
    "departure",
    "purpose",
)
VALIDITY_AFTER_DEPARTURE_MONTHS = 6
RENDER_CHUNK = 50


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue


def check_passport_dates(data, *, today=None):
    """Raise LetterError (with the field) for dates a consulate would refuse."""
    today = today or timezone.localdate()
    arrival, departure, expiry = data.get("arrival"), data.get("departure"), data.get("passport_expiry")
    birth = data.get("date_of_birth")
    if birth and birth >= today:
        raise LetterError("birth_in_future", _("The date of birth must be in the past."), field="date_of_birth")
    if arrival and departure and departure < arrival:
        raise LetterError("dates_out_of_order", _("The departure must be on or after the arrival."), field="departure")
    if arrival and arrival < today:
        raise LetterError("arrival_in_past", _("The arrival date has already passed."), field="arrival")
    if expiry and expiry <= today:
        raise LetterError("passport_expired", _("This passport has already expired."), field="passport_expiry")
    if expiry and departure:
        needed = add_months(departure, VALIDITY_AFTER_DEPARTURE_MONTHS)
        if expiry < needed:
            raise LetterError(
                "passport_expires_too_soon",
                _(
                    "Consulates want a passport valid for six months after departure: this one must be "
                    "valid until at least %(date)s."
                )
                % {"date": needed.isoformat()},
                field="passport_expiry",
            )


def _fill(letter, data):
    for name in PASSPORT_FIELDS:
        if name in data:
            setattr(letter, name, data[name] if data[name] is not None else "")
    letter.purpose = data.get("purpose") or ""


def submit_letter_request(*, user, summit, data, actor=None, today=None):
    """The person's own request (new, or edited after "changes needed"); `actor` is a delegation
    lead entering it for a member of their roster. Returns the request."""
    actor = actor or user
    if approved_registration(user, summit) is None:
        raise LetterError("not_approved", _("Letters are only for people whose registration is approved."))
    check_passport_dates(data, today=today)
    with transaction.atomic():
        letter = LetterRequest.objects.select_for_update().filter(summit=summit, user=user).first()
        if letter is not None and letter.status not in LetterStatus.editable_by_person():
            raise LetterError(
                "already_requested", _("A request for this summit already exists and cannot be edited now.")
            )
        letter = letter or LetterRequest(summit=summit, user=user)
        _fill(letter, data)
        letter.status = LetterStatus.SUBMITTED
        if actor != user:
            letter.requested_by = actor
        letter.save()
        action = "letters.request.submitted" if actor == user else "letters.request.submitted_by_lead"
        log_action(action, actor=actor, summit=summit, obj=letter)
    _mail_submitted(letter, by_lead=actor != user)
    return letter


def _mail_submitted(letter, *, by_lead):
    if by_lead:
        send_letter_mail(
            "member_told", to=letter.user.email, letter=letter, masked_number=mask_tail(letter.passport_number)
        )
    else:
        send_letter_mail("submitted", to=letter.user.email, letter=letter)
    notify_organizers(letter)


def ask_member_for_letter(*, lead, summit, member_id):
    """A lead asks a roster member to enter their own passport data (mailed a link)."""
    member = lead_may_request_for(lead, summit, member_id)
    if member is None:
        raise LetterError("not_on_roster", _("This person is not an approved member of a delegation you lead."))
    with transaction.atomic():
        letter, created = LetterRequest.objects.get_or_create(
            summit=summit, user=member, defaults={"status": LetterStatus.AWAITING_MEMBER, "requested_by": lead}
        )
        if not created:
            raise LetterError("already_requested", _("A letter request for this person already exists."))
        log_action("letters.request.member_asked", actor=lead, summit=summit, obj=letter)
    send_letter_mail("member_asked", to=member.email, letter=letter)
    return letter


def submit_for_member(*, lead, summit, member_id, data, today=None):
    member = lead_may_request_for(lead, summit, member_id)
    if member is None:
        raise LetterError("not_on_roster", _("This person is not an approved member of a delegation you lead."))
    return submit_letter_request(user=member, summit=summit, data=data, actor=lead, today=today)


def _locked(letter, allowed, code, message):
    locked = LetterRequest.objects.select_for_update().select_related("summit", "user").get(pk=letter.pk)
    if locked.status not in allowed:
        raise LetterError(code, message)
    return locked


def new_reference():
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))


def approve_letter_requests(*, summit, ids, actor):
    """Approve the summit's submitted requests among `ids` (others are skipped); the letters are
    rendered by the worker. Returns the approved requests' ids."""
    from .tasks import render_letters

    now = timezone.now()
    approved = []
    with transaction.atomic():
        for letter in (
            LetterRequest.objects.select_for_update()
            .defer("pdf")
            .filter(summit=summit, pk__in=ids, status=LetterStatus.SUBMITTED)
            .order_by("pk")
        ):
            letter.status = LetterStatus.APPROVED
            letter.reference = new_reference()
            letter.verify_code = secrets.token_urlsafe(16)
            letter.issued_at = now
            letter.review_note = ""
            letter.save(update_fields=["status", "reference", "verify_code", "issued_at", "review_note", "updated"])
            log_action("letters.request.approved", actor=actor, summit=summit, obj=letter, reference=letter.reference)
            approved.append(letter.pk)
    # After the commit: the worker must see the approved rows. Jobs of RENDER_CHUNK letters,
    # so that two workers share a large bulk approval and one bad job holds up few letters.
    for start in range(0, len(approved), RENDER_CHUNK):
        render_letters.enqueue(approved[start : start + RENDER_CHUNK])
    return approved


def approve_letter_request(*, letter, actor):
    approved = approve_letter_requests(summit=letter.summit, ids=[letter.pk], actor=actor)
    if not approved:
        raise LetterError("not_submitted", _("Only a submitted request can be approved."))


def _review_step(letter, *, actor, reason, status, allowed, action, mail):
    if not (reason or "").strip():
        raise LetterError("reason_required", _("Give the person a reason."), field="reason")
    with transaction.atomic():
        letter = _locked(letter, allowed, "wrong_status", _("This request is not in a state that allows this."))
        letter.status = status
        letter.review_note = reason.strip()
        letter.save(update_fields=["status", "review_note", "updated"])
        log_action(action, actor=actor, summit=letter.summit, obj=letter)
    send_letter_mail(mail, to=letter.user.email, letter=letter)
    return letter


def reject_letter_request(*, letter, actor, reason):
    return _review_step(
        letter, actor=actor, reason=reason, status=LetterStatus.REJECTED, allowed=[LetterStatus.SUBMITTED],
        action="letters.request.rejected", mail="rejected",
    )  # fmt: skip


def request_letter_changes(*, letter, actor, reason):
    return _review_step(
        letter, actor=actor, reason=reason, status=LetterStatus.CHANGES_NEEDED, allowed=[LetterStatus.SUBMITTED],
        action="letters.request.changes_needed", mail="changes_needed",
    )  # fmt: skip


def revoke_letter(*, letter, actor, reason):
    return _review_step(
        letter, actor=actor, reason=reason, status=LetterStatus.REVOKED, allowed=[LetterStatus.APPROVED],
        action="letters.letter.revoked", mail="revoked",
    )  # fmt: skip


def reveal_passport_data(*, letter, actor):
    """The full passport number and date of birth for a staff member: audited every time."""
    log_action("letters.passport.viewed", actor=actor, summit=letter.summit, obj=letter)
    return {"passport_number": letter.passport_number, "date_of_birth": letter.date_of_birth}


def letter_pdf_for_staff(*, letter, actor):
    """The issued PDF (it prints the full passport data) for an organizer: audited."""
    log_action("letters.letter.downloaded", actor=actor, summit=letter.summit, obj=letter)
    return letter.pdf


def store_letter_pdf(*, letter_id, pdf):
    LetterRequest.objects.filter(pk=letter_id).update(pdf=pdf)


def save_letter_template(*, summit, actor, data):
    """Create or update the summit's template; images only replaced when a new one is given."""
    with transaction.atomic():
        template = LetterTemplate.objects.filter(summit=summit).first() or LetterTemplate(summit=summit)
        for name in ("signer_name", "signer_title", "body"):
            setattr(template, name, data[name])
        for name, value in hindi_values(data, ("signer_title", "body")).items():
            setattr(template, name, value)
        for name in ("letterhead", "signature"):
            if data.get(name):
                setattr(template, name, data[name])
            elif data.get(f"{name}-clear") is True:
                setattr(template, name, "")
        template.save()
        log_action("letters.template.saved", actor=actor, summit=summit, obj=template)
    return template


def purge_passport_data(*, today=None):
    """Erase passport number, date of birth and the PDF of requests whose summit ended more than
    LETTER_PURGE_DAYS ago; the requests stay as a record. Returns how many were purged."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.LETTER_PURGE_DAYS)
    purged = 0
    due = LetterRequest.objects.filter(summit__end_date__lt=cutoff, purged_at__isnull=True)
    for summit in Summit.objects.filter(pk__in=due.values("summit_id")).order_by("pk"):
        with transaction.atomic():
            ids = list(due.filter(summit=summit).select_for_update().values_list("pk", flat=True))
            count = LetterRequest.objects.filter(pk__in=ids).update(
                passport_number=None, date_of_birth=None, pdf=None, purged_at=timezone.now()
            )
            log_action("letters.passport.purged", summit=summit, count=count, days=settings.LETTER_PURGE_DAYS)
        purged += count
    return purged


def rotate_encryption_keys():
    """Re-encrypt every stored value under the first FIELD_ENCRYPTION_KEY. Returns the rows done."""
    done = 0
    for letter in LetterRequest.objects.order_by("pk").iterator(chunk_size=200):
        letter.save(update_fields=["passport_number", "date_of_birth", "verify_code", "pdf"])
        done += 1
    log_action("letters.keys.rotated", count=done)
    return done
