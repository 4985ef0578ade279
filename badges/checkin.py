"""Scans at the check-in desk and at session doors: decide, record every scan (failed ones
too, with the reason), answer. Also the routing of one scan from the desk's form."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from summits.audit import log_action
from summits.enums import RegistrationStatus, SignupStatus
from summits.models import AcknowledgementVersion, Registration, Session, SessionSignup
from summits.screening.acknowledgements import accept_acknowledgement
from summits.screening.eligibility import SessionAccess
from summits.screening.queries import missing_acknowledgement
from webhooks import events as webhook_events

from .door import id_check_line, ineligible_verdict
from .enums import ScanOutcome
from .errors import BadgeError, ScanInputError
from .models import Checkin, SessionAdmission
from .queries import find_code
from .secrets import MAX_CODE_LENGTH, normalize_code
from .services import badge_for

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
        raise ScanInputError(
            "malformed", _("A badge code has at most %(count)d letters and digits.") % {"count": MAX_CODE_LENGTH}
        )
    code = normalize_code(raw)
    if code is None:
        raise ScanInputError("malformed", _("That is not a badge code: expected letters and digits only."))
    return code


def _badge_verdict(summit, code):
    """(registration, badge, failed ScanResult or None) for the badge-level checks shared by desk and door."""
    badge, revoked = find_code(code)
    return badge_verdict(summit, badge, revoked)


def badge_verdict(summit, badge, revoked):
    """`_badge_verdict` for a badge already looked up (a batch of scans looks them up at once)."""
    if badge is None:
        return None, None, _unknown_code_result()
    registration = badge.registration
    if registration.summit_id != summit.pk:
        # Say nothing about the other summit's attendee.
        return None, None, ScanResult(ScanOutcome.WRONG_SUMMIT, _("This badge belongs to another summit."))
    if revoked is not None:
        when = revoked.revoked_at.astimezone(summit.tz)
        return (
            registration,
            badge,
            ScanResult(
                ScanOutcome.REVOKED,
                _("Badge revoked: reprinted at %(time)s on %(date)s (%(zone)s). Ask for the new badge.")
                % {"time": f"{when:%H:%M}", "date": formats.date_format(when, "d M"), "zone": summit.timezone},
                registration=registration,
            ),
        )
    if registration.status != RegistrationStatus.APPROVED:
        status = str(RegistrationStatus(registration.status).label).lower()
        return (
            registration,
            badge,
            ScanResult(
                ScanOutcome.NOT_APPROVED,
                _("Registration not approved (it is %(status)s).") % {"status": status},
                registration=registration,
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
    return ScanResult(ScanOutcome.UNKNOWN, _("No badge has this code."))


def _door_unknown_result():
    # What the person at the door does next: a misread code is scanned again; a badge of
    # another summit or a made-up code goes to the desk, which can look the person up by name.
    return ScanResult(
        ScanOutcome.UNKNOWN,
        _(
            "Deny: this code is not a badge of this summit. Scan it once more; if it fails again, "
            "send the person to the registration desk."
        ),
    )


def _deny_foreign_badge_like_unknown(*, summit, staff, desk, code, real, session=None):
    """Another summit's badge at the desk or a door: the same answer and the same entry in this
    summit's log as an unknown code, so desk staff and organizers cannot probe which codes exist
    elsewhere. The real reason goes to an entry of no summit, which only superusers read."""
    answer = _unknown_code_result() if session is None else _door_unknown_result()
    action = "badges.checkin.denied" if session is None else "badges.door.denied"
    with transaction.atomic():
        _record(action, summit=summit, staff=staff, desk=desk, result=answer, code=code, session=session)
        log_action(
            action,
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
        raise BadgeError("wrong_summit", _("This person is registered for another summit."))
    if registration.status != RegistrationStatus.APPROVED:
        result = ScanResult(ScanOutcome.NOT_APPROVED, _("Registration not approved."), registration=registration)
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
                _("Welcome! Checked in at %(time)s.") % {"time": _local_time(summit, existing.created)},
                registration=registration,
                at=existing.created,
                desk=desk,
            )
            _record("badges.checkin.created", summit=summit, staff=staff, desk=desk, result=result, code=code)
            webhook_events.checkin_created(existing)
        else:
            when = _local_time(summit, existing.created)
            if existing.desk:
                message = _("Already checked in at %(time)s by %(desk)s.") % {"time": when, "desk": existing.desk}
            else:
                message = _("Already checked in at %(time)s.") % {"time": when}
            result = ScanResult(
                ScanOutcome.ALREADY_CHECKED_IN,
                message,
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


def door_refusal(registration, session):
    """The ScanResult that keeps an approved badge out of `session` (eligibility, sign-up,
    acknowledgement), or None when the door admits."""
    if not SessionAccess.for_registration(registration).is_eligible(session):
        return ScanResult(*ineligible_verdict(registration, session), registration=registration)
    if (
        session.needs_signup
        and not SessionSignup.objects.filter(
            session=session, registration=registration, status=SignupStatus.CONFIRMED
        ).exists()
    ):
        return ScanResult(
            ScanOutcome.NOT_SIGNED_UP, _("Deny: not signed up for this session."), registration=registration
        )
    if (version := missing_acknowledgement(registration, session)) is not None:
        return _acknowledgement_missing(registration, session, version)
    return None


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
    if failed is not None and failed.outcome == ScanOutcome.WRONG_SUMMIT:
        return _deny_foreign_badge_like_unknown(
            summit=summit, staff=staff, desk=desk, code=code, real=failed, session=session
        )
    if failed is not None and failed.outcome == ScanOutcome.UNKNOWN:
        failed = _door_unknown_result()
    if failed is None:
        failed = door_refusal(registration, session)
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
            result = ScanResult(ScanOutcome.ADMITTED, _("Admit."), registration=registration, at=admission.created)
            webhook_events.door_admission_created(admission)
        else:
            result = ScanResult(
                ScanOutcome.ALREADY_ADMITTED,
                _("Admit: entered before at %(time)s.") % {"time": _local_time(summit, admission.created)},
                registration=registration,
                at=admission.created,
            )
        if line := id_check_line(registration, session):
            result.details = [*_details(registration), line]
        _record(
            "badges.door.admitted", summit=summit, staff=staff, desk=desk, result=result, code=code, session=session
        )
    return _finish(result, registration)


# ---------------------------------------------------------------- the desk's form


def scan(*, summit, staff, desk="", code=None, registration_id=None, session_id=None):
    """One scan from the desk: a badge code or a registration picked by name, at the desk or
    (with `session_id`) at a session's door. ScanInputError for ids of nothing at this summit."""
    session = None
    if session_id:
        session = Session.objects.filter(summit=summit, pk=session_id).select_related("summit").first()
        if session is None:
            raise ScanInputError("unknown_session", _("Choose one of this summit's sessions for door scans."))
    if registration_id:
        registration = Registration.objects.filter(summit=summit, pk=registration_id).first()
        if registration is None:
            raise ScanInputError("unknown_registration", _("No such registration at this summit."))
        if session is None:
            return check_in(summit=summit, registration=registration, staff=staff, desk=desk)
        code = badge_for(registration).secret
    if session is not None:
        return scan_at_door(session=session, raw_code=code, staff=staff, desk=desk)
    return scan_at_desk(summit=summit, raw_code=code, staff=staff, desk=desk)


def collect_acknowledgement_at_door(*, summit, registration_id, session_id, version_id, staff, desk=""):
    """The person read and signed the session's acknowledgement on paper at the door: record
    it (staff, desk, time), then scan the door again, which now admits. ScanInputError when the
    ids do not name this summit's session, registration and the session's acknowledgement;
    AcknowledgementError when the acceptance is refused."""
    session = Session.objects.filter(summit=summit, pk=session_id).select_related("summit").first()
    registration = Registration.objects.filter(summit=summit, pk=registration_id).first()
    version = None
    if session is not None and session.acknowledgement_id is not None:
        version = AcknowledgementVersion.objects.filter(
            pk=version_id, acknowledgement_id=session.acknowledgement_id
        ).first()
    if session is None or registration is None or version is None:
        raise ScanInputError("unknown_acknowledgement", _("Scan the badge again, then record the acknowledgement."))
    accept_acknowledgement(registration=registration, version=version, session=session, staff=staff, desk=desk)
    return scan_at_door(session=session, raw_code=badge_for(registration).secret, staff=staff, desk=desk)
