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
from webhooks import events as webhook_events

from .checkin import ScanResult, _badge_verdict, _code_hint, _code_or_error, _finish, _unknown_code_result, door_refusal
from .enums import ListKind, ScanOutcome
from .errors import BadgeError, ScanInputError
from .models import Checkin, CheckinList, ListEntry, SessionAdmission
from .presence import Movement, Presence, decide, demoted_fields, outcomes_of
from .queries import MOVEMENT_OUTCOMES, checkin_list_of
from .services import badge_for

DOORS_OPEN_BEFORE = timedelta(minutes=30)
# The outcomes that move a person in or out (what "inside now" is made of).
MOVEMENTS = sorted(MOVEMENT_OUTCOMES)


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
def create_checkin_list(
    *, summit, actor, name, kind, day=None, session=None, categories=(), allow_reentry=False, track_exits=False
):
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
        track_exits=track_exits,
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


def list_refusal(checkin_list, registration, at, *, door_refused=None):
    """What keeps an approved badge out of this list at `at`, or None. `door_refused`: the ids a
    batch found refused by the session's door (`door_rules`), so the others cost no query."""
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
    if checkin_list.session_id is not None and (door_refused is None or registration.pk in door_refused):
        return door_refusal(registration, checkin_list.session)
    return None


def _window_end(summit, moment):
    return date_format(moment.astimezone(summit.tz), "d M H:i") if moment else "…"


def _welcome(checkin_list, registration, entry):
    green, _amber = outcomes_of(checkin_list)
    when = _local(checkin_list.summit, entry.scanned_at)
    if green == ScanOutcome.ADMITTED:
        message = _("Admit.")
    else:
        message = _("Welcome! Checked in at %(time)s.") % {"time": when}
    return ScanResult(green, message, registration=registration, at=entry.scanned_at, desk=entry.desk)


def _already(checkin_list, registration, at, desk):
    _green, amber = outcomes_of(checkin_list)
    when = _local(checkin_list.summit, at)
    if desk:
        message = _("Already checked in at %(time)s by %(desk)s.") % {"time": when, "desk": desk}
    else:
        message = _("Already checked in at %(time)s.") % {"time": when}
    return ScanResult(amber, message, registration=registration, at=at, desk=desk)


def answer_for(checkin_list, registration, decision, entry):
    """What the desk shows for a decided scan (online and in the upload's answers alike)."""
    if decision.outcome == ScanOutcome.EXITED:
        message = _("Goodbye: left at %(time)s.") % {"time": _local(checkin_list.summit, entry.scanned_at)}
        return ScanResult(decision.outcome, message, registration=registration, at=entry.scanned_at, desk=entry.desk)
    if decision.outcome == ScanOutcome.NOT_INSIDE:
        return ScanResult(
            decision.outcome, _("Not inside: no entry here since the last exit."), registration=registration
        )
    if decision.outcome in ScanOutcome.green():
        return _welcome(checkin_list, registration, entry)
    return _already(checkin_list, registration, decision.since_at, decision.since_desk)


def mark_arrival(checkin_list, entry):
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
    if created:
        # A new arrival is the entry's: stamped with the scan's time, as a batch upload does.
        model.objects.filter(pk=row.pk).update(created=entry.scanned_at, **values)
    elif row.created > entry.scanned_at:
        # An offline scan is stamped with its own time, which may be before a later online one.
        model.objects.filter(pk=row.pk, created__gt=entry.scanned_at).update(created=entry.scanned_at, **values)


def presence_of(checkin_list, registration):
    """The person's Presence at the list, its counted entry locked until the transaction ends."""
    first = (
        ListEntry.objects.select_for_update()
        .filter(checkin_list=checkin_list, registration=registration, first=True)
        .first()
    )
    movements = []
    if checkin_list.track_exits and first is not None:
        movements = [
            Movement(at, exit, desk)
            for at, exit, desk in ListEntry.objects.filter(
                checkin_list=checkin_list, registration=registration, outcome__in=MOVEMENTS
            ).values_list("scanned_at", "exit", "desk")
        ]
    return Presence(first, movements)


def enter(
    checkin_list, registration, *, badge=None, staff, desk, at, client_id=None, offline=False, shown="", exit=False
):
    """Record an entry (or, at an exit desk, an exit) that passed the rules; `presence.decide`
    says what it means. The first entry per person counts; an offline scan earlier than the
    counted one takes its place: the earliest scan wins and the other becomes "already" and a
    conflict. `shown` is what the offline desk answered; a desk that said "checked in" and is
    overruled is a conflict too."""
    fields = {
        "checkin_list": checkin_list,
        "registration": registration,
        "badge": badge,
        "staff": staff,
        "desk": desk,
        "scanned_at": at,
        "client_id": client_id,
        "offline": offline,
        "exit": exit,
    }
    with transaction.atomic():
        presence = presence_of(checkin_list, registration)
        decision = decide(checkin_list, presence, at=at, offline=offline, shown=shown, exit=exit)
        if decision.first and not decision.demote:
            try:
                with transaction.atomic():
                    entry = ListEntry.objects.create(outcome=decision.outcome, first=True, **fields)
            except IntegrityError:
                # Another desk counted this person a moment ago: decide again with its entry.
                presence = presence_of(checkin_list, registration)
                decision = decide(checkin_list, presence, at=at, offline=offline, shown=shown, exit=exit)
            else:
                mark_arrival(checkin_list, entry)
                # A newly counted entry only: an earlier offline scan taking its place was announced.
                webhook_events.list_checkins_created(checkin_list, [entry])
                return answer_for(checkin_list, registration, decision, entry), entry
        if decision.demote:
            ListEntry.objects.filter(pk=presence.first.pk).update(**demoted_fields(checkin_list))
        entry = ListEntry.objects.create(
            outcome=decision.outcome, first=decision.first, conflict=decision.conflict, **fields
        )
        if decision.first:
            mark_arrival(checkin_list, entry)
        return answer_for(checkin_list, registration, decision, entry), entry


def first_refusal(checkin_list, registration, badge, failed, *, at, exit=False, door_refused=None):
    """(registration, badge, refusal or None) after the badge's own verdict `failed`: another
    summit's badge answers as an unknown code, like at the desk; an exit passes whenever the
    badge is valid, an entry must also pass the list's rules."""
    if failed is not None and failed.outcome == ScanOutcome.WRONG_SUMMIT:
        return None, None, _unknown_code_result()
    if failed is None and not exit:
        failed = list_refusal(checkin_list, registration, at, door_refused=door_refused)
    return registration, badge, failed


def refused_entry(checkin_list, failed, badge, *, staff, desk, at, exit):
    """The stored fields of a refused scan (its badge kept only when the person is known)."""
    return {
        "checkin_list": checkin_list,
        "registration": failed.registration,
        "badge": badge if failed.registration is not None else None,
        "outcome": failed.outcome,
        "staff": staff,
        "desk": desk,
        "scanned_at": at,
        "exit": exit,
    }


def scan_at_list(
    *, checkin_list, raw_code, staff, desk="", at=None, client_id=None, offline=False, shown="", exit=False
):
    """A badge scanned against a check-in list (`exit`: at its exit desk): decide by its rules,
    record, answer. Every scan is stored, refused ones too, so the list's figures count them.
    Raises ScanInputError on junk. `at` is the scan's time (an offline desk's clock), else now."""
    desk = (desk or "").strip()[:60]
    at = at or timezone.now()
    try:
        code = _code_or_error(raw_code)
    except ScanInputError as error:
        _log(checkin_list, staff, desk, ScanResult(ScanOutcome.MALFORMED, error.message), raw_code or "")
        raise
    registration, badge, failed = _badge_verdict(checkin_list.summit, code)
    registration, badge, failed = first_refusal(checkin_list, registration, badge, failed, at=at, exit=exit)
    if failed is not None:
        with transaction.atomic():
            ListEntry.objects.create(
                **refused_entry(checkin_list, failed, badge, staff=staff, desk=desk, at=at, exit=exit),
                client_id=client_id,
                offline=offline,
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
        exit=exit,
    )
    _log(checkin_list, staff, desk, result, code)
    return _finish(result, registration)


def log_action_name(outcome):
    if outcome == ScanOutcome.EXITED:
        return "badges.checkin.exited"
    return "badges.checkin.created" if outcome in ScanOutcome.green() else "badges.checkin.denied"


def _log(checkin_list, staff, desk, result, code):
    log_action(log_action_name(result.outcome), **audit_fields(checkin_list, staff, desk, result, code))


def audit_fields(checkin_list, staff, desk, result, code):
    return {
        "actor": staff,
        "summit": checkin_list.summit,
        "obj": result.registration,
        "outcome": result.outcome,
        "reason": result.message,
        "desk": desk,
        "code": _code_hint(code),
        "list": checkin_list.pk,
    }


def scan_with_list(*, summit, staff, list_id, desk="", code=None, registration_id=None, exit=False):
    """The desk's form with a list chosen: a badge code, or a registration picked by name;
    `exit` at the exit desk of a list that tracks exits."""
    checkin_list = checkin_list_of(summit, list_id)
    if checkin_list is None:
        raise ScanInputError("unknown_list", _("Choose one of this summit's check-in lists."))
    if registration_id:
        registration = Registration.objects.filter(summit=summit, pk=registration_id).first()
        if registration is None:
            raise ScanInputError("unknown_registration", _("No such registration at this summit."))
        code = badge_for(registration).secret
    if exit and not checkin_list.track_exits:
        raise ScanInputError("no_exits", _("This list does not record exits."))
    return scan_at_list(checkin_list=checkin_list, raw_code=code, staff=staff, desk=desk, exit=exit)
