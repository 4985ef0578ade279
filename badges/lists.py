"""Check-in lists: who may pass one entrance (summit entrance per day, a session's door, a hall)
and when; a scan against a list decides by its rules and counts one first entry per person.

Online desks and the offline desk's upload (badges/sync.py) decide here alike. The summit-wide
arrival (`Checkin`) and the door admission (`SessionAdmission`) stay as they were: an entrance
list's first entry also makes the arrival, a session list's the admission."""

from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from summits.audit import log_action
from summits.models import Registration

from .checkin import ScanResult, _badge_verdict, _code_hint, _code_or_error, _finish, _unknown_code_result, door_refusal
from .enums import ListKind, ScanOutcome
from .errors import BadgeError, ScanInputError
from .models import Checkin, CheckinList, ListEntry, SessionAdmission
from .queries import checkin_list_of
from .services import badge_for

DOORS_OPEN_BEFORE = timedelta(minutes=30)


# ---------------------------------------------------------------- defining lists


def default_window(*, summit, kind, day=None, session=None):
    """(opens_at, closes_at): an entrance list its local day, a session's door 30 minutes before
    the start until the end, a hall always open (None, None)."""
    if kind == ListKind.ENTRANCE and day is not None:
        start = datetime.combine(day, time.min, tzinfo=summit.tz)
        return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=summit.tz)
    if kind == ListKind.SESSION and session is not None:
        return session.starts_at - DOORS_OPEN_BEFORE, session.ends_at
    return None, None


@transaction.atomic
def create_checkin_list(*, summit, actor, name, kind, day=None, session=None, categories=(), allow_reentry=False):
    """A new list with the window its kind implies. BadgeError when the kind lacks its day or session."""
    if kind == ListKind.ENTRANCE and day is None:
        raise BadgeError("day_required", _("An entrance list needs its day."))
    if kind == ListKind.ENTRANCE and not (summit.start_date <= day <= summit.end_date):
        raise BadgeError("day_outside_summit", _("Choose one of the summit's days."))
    if kind == ListKind.SESSION and (session is None or session.summit_id != summit.pk):
        raise BadgeError("session_required", _("A session's list needs one of this summit's sessions."))
    opens_at, closes_at = default_window(summit=summit, kind=kind, day=day, session=session)
    checkin_list = CheckinList.objects.create(
        summit=summit,
        name=name[:120],
        kind=kind,
        day=day if kind == ListKind.ENTRANCE else None,
        session=session if kind == ListKind.SESSION else None,
        opens_at=opens_at,
        closes_at=closes_at,
        allow_reentry=allow_reentry,
    )
    checkin_list.categories.set([c for c in categories if c.summit_id == summit.pk])
    log_action("badges.list.created", actor=actor, summit=summit, obj=checkin_list, name=checkin_list.name)
    return checkin_list


def create_entrance_lists(*, summit, actor):
    """One entrance list per summit day that has none yet; returns the new ones."""
    have = set(CheckinList.objects.filter(summit=summit, kind=ListKind.ENTRANCE).values_list("day", flat=True))
    created = []
    day = summit.start_date
    while day <= summit.end_date:
        if day not in have:
            name = _("Entrance %(day)s") % {"day": date_format(day, "D d M")}
            created.append(create_checkin_list(summit=summit, actor=actor, name=name, kind=ListKind.ENTRANCE, day=day))
        day += timedelta(days=1)
    return created


# ---------------------------------------------------------------- scanning


def _local(summit, moment):
    return f"{moment.astimezone(summit.tz):%H:%M}"


def list_refusal(checkin_list, registration, at):
    """What keeps an approved badge out of this list at `at`, or None."""
    allowed = {c.pk for c in checkin_list.categories.all()}
    if allowed and registration.category_id not in allowed:
        return ScanResult(
            ScanOutcome.NOT_ON_LIST,
            _("Deny: %(category)s does not enter here.") % {"category": registration.category.name},
            registration=registration,
        )
    if (checkin_list.opens_at and at < checkin_list.opens_at) or (
        checkin_list.closes_at and at >= checkin_list.closes_at
    ):
        summit = checkin_list.summit
        return ScanResult(
            ScanOutcome.OUTSIDE_WINDOW,
            _("Deny: this entrance is open %(opens)s–%(closes)s.")
            % {
                "opens": _window_end(summit, checkin_list.opens_at),
                "closes": _window_end(summit, checkin_list.closes_at),
            },
            registration=registration,
        )
    if checkin_list.session_id is not None:
        return door_refusal(registration, checkin_list.session)
    return None


def _window_end(summit, moment):
    return date_format(moment.astimezone(summit.tz), "d M H:i") if moment else "…"


def _outcomes(checkin_list):
    if checkin_list.kind == ListKind.SESSION:
        return ScanOutcome.ADMITTED, ScanOutcome.ALREADY_ADMITTED
    return ScanOutcome.CHECKED_IN, ScanOutcome.ALREADY_CHECKED_IN


def _welcome(checkin_list, registration, entry):
    green, _amber = _outcomes(checkin_list)
    when = _local(checkin_list.summit, entry.scanned_at)
    if green == ScanOutcome.ADMITTED:
        message = _("Admit.")
    else:
        message = _("Welcome! Checked in at %(time)s.") % {"time": when}
    return ScanResult(green, message, registration=registration, at=entry.scanned_at, desk=entry.desk)


def _already(checkin_list, registration, first):
    _green, amber = _outcomes(checkin_list)
    when = _local(checkin_list.summit, first.scanned_at)
    if first.desk:
        message = _("Already checked in at %(time)s by %(desk)s.") % {"time": when, "desk": first.desk}
    else:
        message = _("Already checked in at %(time)s.") % {"time": when}
    return ScanResult(amber, message, registration=registration, at=first.scanned_at, desk=first.desk)


def _mark_arrival(checkin_list, entry):
    """Keep the summit-wide arrival and the door admission in step with the list's first entry."""
    values = {"desk": entry.desk, "staff_id": entry.staff_id}
    if checkin_list.kind == ListKind.ENTRANCE:
        checkin, created = Checkin.objects.get_or_create(
            registration_id=entry.registration_id,
            defaults={"summit_id": checkin_list.summit_id, "badge_id": entry.badge_id, **values},
        )
        model, row = Checkin, checkin
    elif checkin_list.kind == ListKind.SESSION:
        row, created = SessionAdmission.objects.get_or_create(
            session_id=checkin_list.session_id, registration_id=entry.registration_id, defaults=values
        )
        model = SessionAdmission
    else:
        return
    if created or row.created > entry.scanned_at:
        # An offline scan is stamped with its own time, which may be before a later online one.
        model.objects.filter(pk=row.pk, created__gt=entry.scanned_at).update(created=entry.scanned_at, **values)


def enter(checkin_list, registration, *, badge=None, staff, desk, at, client_id=None, offline=False, shown=""):
    """Record an entry that passed the rules. The first per person counts; a later one is "already"
    unless the list allows re-entry. An offline scan earlier than the counted one takes its place:
    the earliest scan wins and the other becomes "already" and a conflict. `shown` is what the
    offline desk answered; a desk that said "checked in" and is overruled is a conflict too."""
    green, amber = _outcomes(checkin_list)
    fields = {
        "checkin_list": checkin_list,
        "registration": registration,
        "badge": badge,
        "staff": staff,
        "desk": desk,
        "scanned_at": at,
        "client_id": client_id,
        "offline": offline,
    }
    with transaction.atomic():
        first = (
            ListEntry.objects.select_for_update()
            .filter(checkin_list=checkin_list, registration=registration, first=True)
            .first()
        )
        if first is None:
            try:
                with transaction.atomic():
                    entry = ListEntry.objects.create(outcome=green, first=True, **fields)
            except IntegrityError:
                first = ListEntry.objects.get(checkin_list=checkin_list, registration=registration, first=True)
            else:
                _mark_arrival(checkin_list, entry)
                return _welcome(checkin_list, registration, entry), entry
        if offline and at < first.scanned_at:
            ListEntry.objects.filter(pk=first.pk).update(first=False, outcome=amber, conflict=True)
            entry = ListEntry.objects.create(outcome=green, first=True, **fields)
            _mark_arrival(checkin_list, entry)
            return _welcome(checkin_list, registration, entry), entry
        if checkin_list.allow_reentry:
            entry = ListEntry.objects.create(outcome=green, **fields)
            return _welcome(checkin_list, registration, entry), entry
        entry = ListEntry.objects.create(outcome=amber, conflict=offline and shown == green, **fields)
        return _already(checkin_list, registration, first), entry


def scan_at_list(*, checkin_list, raw_code, staff, desk="", at=None, client_id=None, offline=False, shown=""):
    """A badge scanned against a check-in list: decide by its rules, record, answer.
    Raises ScanInputError on junk. `at` is the scan's time (an offline desk's clock), else now."""
    summit = checkin_list.summit
    desk = (desk or "").strip()[:60]
    at = at or timezone.now()
    try:
        code = _code_or_error(raw_code)
    except ScanInputError as error:
        _log(checkin_list, staff, desk, ScanResult(ScanOutcome.MALFORMED, error.message), raw_code or "")
        raise
    registration, badge, failed = _badge_verdict(summit, code)
    if failed is not None and failed.outcome == ScanOutcome.WRONG_SUMMIT:
        # Like the desk: another summit's badge answers as an unknown code.
        failed, registration, badge = _unknown_code_result(), None, None
    if failed is None:
        failed = list_refusal(checkin_list, registration, at)
    if failed is not None:
        with transaction.atomic():
            if offline:
                ListEntry.objects.create(
                    checkin_list=checkin_list,
                    registration=failed.registration,
                    badge=badge,
                    outcome=failed.outcome,
                    staff=staff,
                    desk=desk,
                    scanned_at=at,
                    client_id=client_id,
                    offline=True,
                )
            _log(checkin_list, staff, desk, failed, code)
        return _finish(failed, failed.registration)
    result, _entry = enter(
        checkin_list,
        registration,
        badge=badge,
        staff=staff,
        desk=desk,
        at=at,
        client_id=client_id,
        offline=offline,
        shown=shown,
    )
    _log(checkin_list, staff, desk, result, code)
    return _finish(result, registration)


def _log(checkin_list, staff, desk, result, code):
    action = "badges.checkin.created" if result.ok else "badges.checkin.denied"
    log_action(
        action,
        actor=staff,
        summit=checkin_list.summit,
        obj=result.registration,
        outcome=result.outcome,
        reason=result.message,
        desk=desk,
        code=_code_hint(code),
        list=checkin_list.pk,
    )


def scan_with_list(*, summit, staff, list_id, desk="", code=None, registration_id=None):
    """The desk's form with a list chosen: a badge code, or a registration picked by name."""
    checkin_list = checkin_list_of(summit, list_id)
    if checkin_list is None:
        raise ScanInputError("unknown_list", _("Choose one of this summit's check-in lists."))
    if registration_id:
        registration = Registration.objects.filter(summit=summit, pk=registration_id).first()
        if registration is None:
            raise ScanInputError("unknown_registration", _("No such registration at this summit."))
        code = badge_for(registration).secret
    return scan_at_list(checkin_list=checkin_list, raw_code=code, staff=staff, desk=desk)
