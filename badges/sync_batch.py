"""An offline desk's upload decided as one batch: the same rules and answers as one scan at a
time (`lists.scan_at_list`), read and written in a fixed number of queries whatever the
number of scans. Badges, revoked secrets, the door's rules, the counted entries and the exits
of everyone in the batch are read at once; the scans are decided in time order in memory
(`presence.decide`); entries, arrivals and audit entries are written in bulk."""

from django.db import IntegrityError
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from summits.audit import log_actions
from summits.enums import RegistrationStatus
from summits.models import AcknowledgementVersion
from summits.screening.acknowledgements import AcknowledgementError, accept_acknowledgement
from webhooks import events as webhook_events

from .checkin import _badge_verdict, _code_or_error, _finish, badge_verdict
from .door_rules import door_refusals
from .enums import ListKind
from .errors import ScanInputError
from .lists import MOVEMENTS, answer_for, audit_fields, first_refusal, log_action_name, refused_entry
from .models import Badge, Checkin, CheckinList, ListEntry, RevokedSecret, SessionAdmission
from .presence import Movement, Presence, decide, demoted_fields


class BatchRace(Exception):
    """A desk online wrote one of the batch's people at the same moment: decide one by one."""


def _lookup(codes):
    """{code: (badge, revoked secret or None)} in two queries."""
    related = ("registration__category", "registration__summit")
    found = {b.secret: (b, None) for b in Badge.objects.select_related(*related).filter(secret__in=codes)}
    rest = [c for c in codes if c not in found]
    if rest:
        for revoked in RevokedSecret.objects.select_related(*(f"badge__{r}" for r in related)).filter(secret__in=rest):
            found[revoked.secret] = (revoked.badge, revoked)
    return found


def accept_paper_acknowledgement(checkin_list, staff, scan, verdict=None):
    """The acknowledgement signed on paper at an offline door, recorded at its scan's turn (as
    the online desk's button records it before checking the door again): None, or why not."""
    session = checkin_list.session
    if verdict is None:
        try:
            verdict = _badge_verdict(checkin_list.summit, _code_or_error(scan.code))
        except ScanInputError:
            return _unknown_acknowledgement()
    registration, _badge, failed = verdict
    version = None
    if failed is None and session is not None and session.acknowledgement_id is not None:
        version = AcknowledgementVersion.objects.filter(
            pk=scan.acknowledgement, acknowledgement_id=session.acknowledgement_id
        ).first()
    if version is None:
        return _unknown_acknowledgement()
    try:
        accept_acknowledgement(registration=registration, version=version, session=session, staff=staff, desk=scan.desk)
    except AcknowledgementError as error:
        return error.message
    return None


def _unknown_acknowledgement():
    return _("The acknowledgement signed on paper is not this door's: have it signed again.")


def _verdicts(summit, scans, refusals=None):
    """({client_id: code}, {client_id: badge_verdict}) of the scans; junk codes go to `refusals`."""
    codes = {}
    for scan in scans:
        try:
            codes[scan.client_id] = _code_or_error(scan.code)
        except ScanInputError as error:
            if refusals is not None:
                refusals[scan.client_id] = {"stored": "refused", "code": error.code, "message": error.message}
    found = _lookup(set(codes.values()))
    verdicts = {client_id: badge_verdict(summit, *found.get(code, (None, None))) for client_id, code in codes.items()}
    return codes, verdicts


def _presences(checkin_list, registration_ids):
    """{registration_id: Presence} of the batch's people, their counted entries locked."""
    presences = {pk: Presence() for pk in registration_ids}
    for entry in ListEntry.objects.select_for_update().filter(
        checkin_list=checkin_list, registration_id__in=registration_ids, first=True
    ):
        presences[entry.registration_id].first = entry
    if checkin_list.track_exits:
        for registration_id, at, exit, desk in ListEntry.objects.filter(
            checkin_list=checkin_list, registration_id__in=registration_ids, outcome__in=MOVEMENTS
        ).values_list("registration_id", "scanned_at", "exit", "desk"):
            presences[registration_id].movements.append(Movement(at, exit, desk))
        for presence in presences.values():
            presence.movements.sort()
    return presences


def _mark_arrivals(checkin_list, arrivals):
    """The summit's arrivals (entrance lists) or the door's admissions (session lists) of the
    batch's new counted entries, the earliest kept: three queries at most. Stamped with each
    counted entry's own time in one UPDATE (bulk_update's CASE per row grows with the batch)."""
    if checkin_list.kind == ListKind.ENTRANCE:
        model, scope = Checkin, {}
    elif checkin_list.kind == ListKind.SESSION:
        model, scope = SessionAdmission, {"session_id": checkin_list.session_id}
    else:
        return
    existing = {row.registration_id: row for row in model.objects.filter(registration_id__in=list(arrivals), **scope)}
    new, moved = [], []
    for registration_id, entry in arrivals.items():
        row = existing.get(registration_id)
        if row is None:
            row = model(registration_id=registration_id, desk=entry.desk, staff_id=entry.staff_id, **scope)
            if model is Checkin:
                row.summit_id, row.badge_id = checkin_list.summit_id, entry.badge_id
            new.append(row)
        elif row.created > entry.scanned_at:
            moved.append(registration_id)
    model.objects.bulk_create(new)
    moved += [row.registration_id for row in new]
    if moved:
        counted = ListEntry.objects.filter(
            checkin_list=checkin_list, registration_id=OuterRef("registration_id"), first=True
        )
        model.objects.filter(registration_id__in=moved, **scope).update(
            created=Subquery(counted.values("scanned_at")[:1]),
            desk=Subquery(counted.values("desk")[:1]),
            staff_id=Subquery(counted.values("staff_id")[:1]),
        )


def decide_batch(*, checkin_list, staff, scans):
    """{client_id: answer} for `scans` (QueuedScan, in time order, none stored yet). Runs in the
    caller's savepoint. Raises BatchRace when a concurrent write got in the way; the caller
    rolls back and goes one by one."""
    answers, audit = {}, []
    codes, verdicts = _verdicts(checkin_list.summit, scans, answers)
    ack_refusals = {}
    approved = {
        r.pk: r
        for r, _b, failed in verdicts.values()
        if r is not None and failed is None and r.status == RegistrationStatus.APPROVED
    }
    door_refused = None
    if checkin_list.session_id is not None:
        door_refused = set(door_refusals(checkin_list.session, approved.values()))
    CheckinList.objects.select_for_update().filter(pk=checkin_list.pk).exists()
    presences = _presences(checkin_list, list(approved))
    entries, demoted, arrivals = [], [], {}
    counted = []  # newly counted entries: each is a check-in for webhook subscribers
    acknowledged = set()  # people whose paper acknowledgement came in this batch: asked one by one
    for scan in scans:
        if scan.client_id not in codes:
            continue
        verdict = verdicts[scan.client_id]
        if scan.acknowledgement:
            refusal = accept_paper_acknowledgement(checkin_list, staff, scan, verdict)
            if refusal is None:
                acknowledged.add(verdict[0].pk)
            else:
                ack_refusals[scan.client_id] = refusal
        door = None if verdict[0] is not None and verdict[0].pk in acknowledged else door_refused
        registration, badge, failed = first_refusal(
            checkin_list, *verdict, at=scan.at, exit=scan.exit, door_refused=door
        )
        common = {"client_id": scan.client_id, "offline": True}
        if failed is not None:
            entry = ListEntry(
                **refused_entry(checkin_list, failed, badge, staff=staff, desk=scan.desk, at=scan.at, exit=scan.exit),
                **common,
            )
            result = failed
        else:
            presence = presences[registration.pk]
            decision = decide(checkin_list, presence, at=scan.at, offline=True, shown=scan.shown, exit=scan.exit)
            if decision.demote:
                demoted.append(presence.first)
            entry = ListEntry(
                checkin_list=checkin_list,
                registration=registration,
                badge=badge,
                staff=staff,
                desk=scan.desk,
                scanned_at=scan.at,
                exit=scan.exit,
                outcome=decision.outcome,
                first=decision.first,
                conflict=decision.conflict,
                **common,
            )
            if decision.first:
                arrivals[registration.pk] = entry
            if decision.first and not decision.demote:
                counted.append(entry)
            result = answer_for(checkin_list, registration, decision, entry)
            presence.record(entry, decision, checkin_list=checkin_list)
        entries.append(entry)
        _finish(result, result.registration)
        audit.append(
            (
                log_action_name(result.outcome),
                audit_fields(checkin_list, staff, scan.desk, result, codes[scan.client_id]),
            )
        )
        answers[scan.client_id] = {"stored": "new", "outcome": result.outcome, "message": result.message}
        if scan.client_id in ack_refusals:
            answers[scan.client_id]["acknowledgement"] = ack_refusals[scan.client_id]
    try:
        stored = [e for e in demoted if e.pk is not None]
        if stored:
            ListEntry.objects.filter(pk__in=[e.pk for e in stored]).update(**demoted_fields(checkin_list))
        for pending in (e for e in demoted if e.pk is None):
            for name, value in demoted_fields(checkin_list).items():
                setattr(pending, name, value)
        ListEntry.objects.bulk_create(entries)
        _mark_arrivals(checkin_list, arrivals)
    except IntegrityError as error:
        raise BatchRace from error
    webhook_events.list_checkins_created(checkin_list, counted)
    log_actions(audit)
    return answers
