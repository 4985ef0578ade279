"""Badges and check-in: the rules. Views and jobs call these; nothing else writes."""

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summits.audit import log_action
from summits.enums import RegistrationStatus, SignupStatus
from summits.models import SessionSignup
from summits.screening.acknowledgements import missing_acknowledgement
from summits.screening.eligibility import SessionAccess

from .delegations import delegation_names
from .door import id_check_line, ineligible_verdict
from .enums import BatchStatus, ScanOutcome
from .errors import BadgeError, ScanInputError
from .models import Badge, BadgeBatch, Checkin, RevokedSecret, SessionAdmission
from .pdf import BadgeData, render_badges, summit_dates
from .queries import find_code, registrations_for_printing
from .secrets import MAX_CODE_LENGTH, new_secret, normalize_code

# ---------------------------------------------------------------- badges


def ensure_badges(registrations):
    """{registration_id: Badge}, creating the missing ones (one query to find, one to insert)."""
    registrations = list(registrations)
    ids = [r.pk for r in registrations]
    badges = {b.registration_id: b for b in Badge.objects.filter(registration_id__in=ids)}
    missing = [Badge(registration_id=pk) for pk in ids if pk not in badges]
    if missing:
        Badge.objects.bulk_create(missing, ignore_conflicts=True)
        badges = {b.registration_id: b for b in Badge.objects.filter(registration_id__in=ids)}
    return badges


def badge_for(registration):
    return ensure_badges([registration])[registration.pk]


def reprint_badge(badge, *, actor, desk=""):
    """Issue a new secret; the old one scans as "revoked, reprinted at ..." from now on."""
    with transaction.atomic():
        badge = Badge.objects.select_for_update().select_related("registration__summit").get(pk=badge.pk)
        now = timezone.now()
        RevokedSecret.objects.create(badge=badge, secret=badge.secret, revoked_at=now, reason="reprinted")
        badge.secret = new_secret()
        badge.secret_issued_at = now
        badge.printed_at = None
        badge.reprint_count += 1
        badge.save(update_fields=["secret", "secret_issued_at", "printed_at", "reprint_count"])
        log_action(
            "badges.badge.reprinted",
            actor=actor,
            summit=badge.registration.summit,
            obj=badge,
            registration=badge.registration_id,
            reprint=badge.reprint_count,
            desk=desk,
        )
    return badge


def mark_printed(badges, *, now=None):
    now = now or timezone.now()
    Badge.objects.filter(pk__in=[b.pk for b in badges]).update(printed_at=now)


def badge_data(registrations, badges, *, delegations=None):
    """BadgeData for each registration, in order: what a badge prints."""
    if delegations is None:
        delegations = delegation_names([r.pk for r in registrations])
    return [
        BadgeData(
            name=r.badge_name,
            organisation=r.organisation,
            country=r.country_of_citizenship.name if r.country_of_citizenship else "",
            category=r.category.name,
            colour=r.category.badge_colour,
            delegation=getattr(r, "delegation_name", None) or delegations.get(r.pk, ""),
            secret=badges[r.pk].secret,
        )
        for r in registrations
    ]


def render_badge_pdf(summit, registrations, *, fmt, cut_marks=False, processes=None, on_progress=None):
    """PDF bytes of the badges of `registrations` (all of `summit`), creating badges as needed."""
    registrations = list(registrations)
    badges = ensure_badges(registrations)
    data = badge_data(registrations, badges)
    pdf = render_badges(
        data,
        fmt=fmt,
        cut_marks=cut_marks,
        summit_name=summit.name,
        summit_dates_text=summit_dates(summit),
        processes=processes,
        on_progress=on_progress,
    )
    return pdf, list(badges.values())


def attendee_badge_pdf(registration):
    """The attendee's own badge (approved registrations only)."""
    if registration.status != RegistrationStatus.APPROVED:
        raise BadgeError("not_approved", "Your badge is available once your registration is approved.")
    pdf, _ = render_badge_pdf(registration.summit, [registration], fmt="badge")
    return pdf


# ---------------------------------------------------------------- print batches


def create_badge_batch(summit, registrations, *, actor, fmt, cut_marks=False, sort="surname", description=""):
    from .tasks import render_badge_batch

    registrations = list(registrations)
    if not registrations:
        raise BadgeError("empty", "No approved registration matches this selection.")
    with transaction.atomic():
        batch = BadgeBatch.objects.create(
            summit=summit,
            created_by=actor,
            format=fmt,
            cut_marks=cut_marks,
            sort=sort,
            description=description[:300],
            registration_ids=[r.pk for r in registrations],
            total=len(registrations),
        )
        log_action("badges.batch.created", actor=actor, summit=summit, obj=batch, total=batch.total, format=fmt)
        # Enqueued inside the transaction: with the database queue the job exists only if the batch does.
        render_badge_batch.enqueue(batch.pk)
    return batch


def run_badge_batch(batch_id, *, processes=None):
    """The background job's work: render, store the PDF, mark badges printed, report progress."""
    batch = BadgeBatch.objects.select_related("summit").get(pk=batch_id)
    if batch.is_finished:
        return batch
    BadgeBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, done=0)
    order = {pk: index for index, pk in enumerate(batch.registration_ids)}
    registrations = registrations_for_printing(batch.summit, ids=batch.registration_ids)
    registrations.sort(key=lambda r: order[r.pk])

    def progress(done):
        BadgeBatch.objects.filter(pk=batch.pk).update(done=done)

    try:
        pdf, badges = render_badge_pdf(
            batch.summit,
            registrations,
            fmt=batch.format,
            cut_marks=batch.cut_marks,
            processes=processes,
            on_progress=progress,
        )
    except Exception as error:
        BadgeBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, error=str(error)[:2000], finished=timezone.now()
        )
        raise
    with transaction.atomic():
        batch.refresh_from_db()
        # An unguessable name too: the file holds badge secrets, whatever serves the storage.
        name = f"badges-{batch.summit.slug}-{batch.pk}-{secrets.token_hex(8)}.pdf"
        batch.file.save(name, ContentFile(pdf), save=False)
        batch.status, batch.done, batch.total = BatchStatus.DONE, len(registrations), len(registrations)
        batch.finished = timezone.now()
        batch.save()
        mark_printed(badges, now=batch.finished)
        log_action("badges.batch.printed", summit=batch.summit, obj=batch, total=batch.total)
    return batch


# ---------------------------------------------------------------- scans


@dataclass
class ScanResult:
    outcome: str
    message: str
    registration: object = None
    at: datetime | None = None
    desk: str = ""
    details: list = field(default_factory=list)
    # For "acknowledgement missing": what the desk's "accepted on paper" button posts.
    collect: dict | None = None

    @property
    def ok(self):
        return self.outcome in ScanOutcome.green()

    @property
    def tone(self):
        if self.ok:
            return "ok"
        if self.outcome in ScanOutcome.amber():
            return "warn"
        if self.outcome == ScanOutcome.ACKNOWLEDGEMENT_MISSING:
            return "hold"  # amber like a warning, but the person is not in yet
        return "bad"

    @property
    def headline(self):
        return str(ScanOutcome(self.outcome).label)

    def as_json(self):
        registration = self.registration
        data = {
            "outcome": self.outcome,
            "ok": self.ok,
            "tone": self.tone,
            "headline": self.headline,
            "message": self.message,
            "name": registration.badge_name if registration else "",
            "details": self.details,
        }
        if self.collect is not None:
            data["collect"] = self.collect
        return data


def _details(registration):
    parts = [registration.organisation, registration.category.name]
    if registration.country_of_citizenship:
        parts.append(registration.country_of_citizenship.name)
    return [p for p in parts if p]


def _local_time(summit, moment):
    return f"{moment.astimezone(summit.tz):%H:%M}"


def _code_or_error(raw):
    if raw is None or len(raw) > MAX_CODE_LENGTH + 16:
        raise ScanInputError("malformed", f"A badge code has at most {MAX_CODE_LENGTH} letters and digits.")
    code = normalize_code(raw)
    if code is None:
        raise ScanInputError("malformed", "That is not a badge code: expected letters and digits only.")
    return code


def _badge_verdict(summit, code):
    """(registration, badge, failed ScanResult or None) for the badge-level checks shared by desk and door."""
    badge, revoked = find_code(code)
    if badge is None:
        return None, None, _unknown_code_result()
    registration = badge.registration
    if registration.summit_id != summit.pk:
        # Say nothing about the other summit's attendee.
        return None, None, ScanResult(ScanOutcome.WRONG_SUMMIT, "This badge belongs to another summit.")
    if revoked is not None:
        when = revoked.revoked_at.astimezone(summit.tz)
        return (
            registration,
            badge,
            ScanResult(
                ScanOutcome.REVOKED,
                f"Badge revoked: reprinted at {when:%H:%M on %d %b} ({summit.timezone}). Ask for the new badge.",
                registration=registration,
            ),
        )
    if registration.status != RegistrationStatus.APPROVED:
        status = RegistrationStatus(registration.status).label.lower()
        return (
            registration,
            badge,
            ScanResult(
                ScanOutcome.NOT_APPROVED, f"Registration not approved (it is {status}).", registration=registration
            ),
        )
    return registration, badge, None


def _code_hint(code):
    code = (code or "")[:40]
    return code[:6] + ("…" if len(code) > 6 else "")


def _record(action, *, summit, staff, desk, result, code="", session=None):
    registration = result.registration
    log_action(
        action,
        actor=staff,
        summit=summit,
        obj=registration,
        outcome=result.outcome,
        reason=result.message,
        desk=desk,
        # Enough of the code to tell scans apart, never enough to type in as a badge.
        code=_code_hint(code),
        session=session.pk if session is not None else None,
    )


def _finish(result, registration):
    if registration is not None and not result.details:
        result.details = _details(registration)
    return result


def scan_at_desk(*, summit, raw_code, staff, desk=""):
    """A badge scanned at the check-in desk: decide, record, answer. Raises ScanInputError on junk."""
    desk = (desk or "").strip()[:60]
    try:
        code = _code_or_error(raw_code)
    except ScanInputError as error:
        _record(
            "badges.checkin.denied",
            summit=summit,
            staff=staff,
            desk=desk,
            result=ScanResult(ScanOutcome.MALFORMED, error.message),
            code=(raw_code or "")[:MAX_CODE_LENGTH],
        )
        raise
    registration, badge, failed = _badge_verdict(summit, code)
    if failed is not None and failed.outcome == ScanOutcome.WRONG_SUMMIT:
        return _deny_foreign_badge_like_unknown(summit=summit, staff=staff, desk=desk, code=code, real=failed)
    if failed is not None:
        with transaction.atomic():
            _record("badges.checkin.denied", summit=summit, staff=staff, desk=desk, result=failed, code=code)
        return _finish(failed, failed.registration)
    return check_in(summit=summit, registration=registration, badge=badge, staff=staff, desk=desk, code=code)


def _unknown_code_result():
    return ScanResult(ScanOutcome.UNKNOWN, "No badge has this code.")


def _deny_foreign_badge_like_unknown(*, summit, staff, desk, code, real):
    """Another summit's badge at the desk: the same answer and the same entry in this summit's
    log as an unknown code, so desk staff and organizers cannot probe which codes exist
    elsewhere. The real reason goes to an entry of no summit, which only superusers read."""
    answer = _unknown_code_result()
    with transaction.atomic():
        _record("badges.checkin.denied", summit=summit, staff=staff, desk=desk, result=answer, code=code)
        log_action(
            "badges.checkin.denied",
            actor=staff,
            outcome=real.outcome,
            reason=real.message,
            desk=desk,
            desk_summit=summit.pk,
            code=_code_hint(code),
        )
    return _finish(answer, None)


def check_in(*, summit, registration, staff, desk="", badge=None, code=""):
    """Check a registration in once. Two desks at the same moment: one wins, the other hears "already"."""
    desk = (desk or "").strip()[:60]
    if registration.summit_id != summit.pk:
        raise BadgeError("wrong_summit", "This person is registered for another summit.")
    if registration.status != RegistrationStatus.APPROVED:
        result = ScanResult(ScanOutcome.NOT_APPROVED, "Registration not approved.", registration=registration)
        with transaction.atomic():
            _record("badges.checkin.denied", summit=summit, staff=staff, desk=desk, result=result, code=code)
        return _finish(result, registration)
    with transaction.atomic():
        existing = Checkin.objects.select_related("staff").filter(registration=registration).first()
        created = False
        if existing is None:
            try:
                # The unique registration column decides: a concurrent desk's insert waits, then fails.
                with transaction.atomic():
                    existing = Checkin.objects.create(
                        summit=summit, registration=registration, badge=badge, desk=desk, staff=staff
                    )
                created = True
            except IntegrityError:
                existing = Checkin.objects.select_related("staff").get(registration=registration)
        if created:
            result = ScanResult(
                ScanOutcome.CHECKED_IN,
                f"Welcome! Checked in at {_local_time(summit, existing.created)}.",
                registration=registration,
                at=existing.created,
                desk=desk,
            )
            _record("badges.checkin.created", summit=summit, staff=staff, desk=desk, result=result, code=code)
        else:
            where = f" by {existing.desk}" if existing.desk else ""
            result = ScanResult(
                ScanOutcome.ALREADY_CHECKED_IN,
                f"Already checked in at {_local_time(summit, existing.created)}{where}.",
                registration=registration,
                at=existing.created,
                desk=existing.desk,
            )
            _record("badges.checkin.denied", summit=summit, staff=staff, desk=desk, result=result, code=code)
    return _finish(result, registration)


def _acknowledgement_missing(registration, session, version):
    message = _(
        "Not in yet: “%(title)s” version %(number)s is not accepted. Have it read and signed on paper, then record it."
    ) % {"title": version.acknowledgement.title, "number": version.number}
    collect = {"registration": registration.pk, "session": session.pk, "version": version.pk}
    return ScanResult(ScanOutcome.ACKNOWLEDGEMENT_MISSING, message, registration=registration, collect=collect)


def scan_at_door(*, session, raw_code, staff, desk=""):
    """A badge scanned at a session's door: admit or deny with the reason, recorded either way."""
    summit = session.summit
    desk = (desk or "").strip()[:60]
    try:
        code = _code_or_error(raw_code)
    except ScanInputError as error:
        _record(
            "badges.door.denied",
            summit=summit,
            staff=staff,
            desk=desk,
            result=ScanResult(ScanOutcome.MALFORMED, error.message),
            code=(raw_code or "")[:MAX_CODE_LENGTH],
            session=session,
        )
        raise
    registration, _badge, failed = _badge_verdict(summit, code)
    if failed is None:
        if not SessionAccess.for_registration(registration).is_eligible(session):
            failed = ScanResult(*ineligible_verdict(registration, session), registration=registration)
        elif (
            session.needs_signup
            and not SessionSignup.objects.filter(
                session=session, registration=registration, status=SignupStatus.CONFIRMED
            ).exists()
        ):
            failed = ScanResult(
                ScanOutcome.NOT_SIGNED_UP, "Deny: not signed up for this session.", registration=registration
            )
        elif (version := missing_acknowledgement(registration, session)) is not None:
            failed = _acknowledgement_missing(registration, session, version)
    with transaction.atomic():
        if failed is not None:
            _record(
                "badges.door.denied", summit=summit, staff=staff, desk=desk, result=failed, code=code, session=session
            )
            return _finish(failed, failed.registration)
        admission, created = SessionAdmission.objects.get_or_create(
            session=session, registration=registration, defaults={"desk": desk, "staff": staff}
        )
        if created:
            result = ScanResult(ScanOutcome.ADMITTED, "Admit.", registration=registration, at=admission.created)
        else:
            result = ScanResult(
                ScanOutcome.ALREADY_ADMITTED,
                f"Admit: entered before at {_local_time(summit, admission.created)}.",
                registration=registration,
                at=admission.created,
            )
        if line := id_check_line(registration, session):
            result.details = [*_details(registration), line]
        _record(
            "badges.door.admitted", summit=summit, staff=staff, desk=desk, result=result, code=code, session=session
        )
    return _finish(result, registration)


# ---------------------------------------------------------------- venue staff


def add_checkin_staff(summit, *, email, actor):
    """Give the account with `email` the check-in desk of `summit`."""
    from django.contrib.auth import get_user_model

    from .models import CheckinStaff

    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise BadgeError("no_account", "No account uses this email address; ask them to sign up first.")
    with transaction.atomic():
        role, created = CheckinStaff.objects.get_or_create(summit=summit, user=user)
        if created:
            log_action("badges.staff.added", actor=actor, summit=summit, obj=role, user=user.pk)
    return role


def remove_checkin_staff(role, *, actor):
    with transaction.atomic():
        log_action("badges.staff.removed", actor=actor, summit=role.summit, obj=role, user=role.user_id)
        role.delete()
