"""The schedule's writes: build the scheduler's input from the database, run it, keep the
result (or keep the previous schedule on a time-out), move or pin a meeting by hand, publish."""

from dataclasses import dataclass
from datetime import UTC, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conclave.intervals import overlaps
from summits.audit import log_action
from webhooks import events as webhook_events

from . import scheduler
from .enums import MeetingStatus, RunStatus
from .errors import MeetingError
from .models import Meeting, MeetingRules, ScheduleRun
from .queries import accepted_requests, block_slots, blocks_of, busy_times, meetings_of_summit, rules_of, tables_of


@dataclass
class Built:
    problem: scheduler.Problem
    slot_blocks: list  # slot index -> block
    requests: dict  # request id -> MeetingRequest


def stage_of(registration):
    profile = getattr(registration, "meeting_profile", None)
    return profile.stage if profile is not None else None


def build_problem(summit, *, keep_confirmed=True):
    rules = rules_of(summit)
    tables = {t.name: (t.reserved_stage or None) for t in tables_of(summit)}
    slots, slot_blocks, index = [], [], {}
    for block in blocks_of(summit):
        names = tuple(t.name for t in sorted(block.tables.all(), key=lambda t: t.number))
        for start, end in block_slots(block):
            index[block.pk, start] = len(slots)
            slots.append(scheduler.Slot(start, end, names))
            slot_blocks.append(block)
    accepted = accepted_requests(summit)
    people = {}
    for r in accepted:
        people[r.requester_id], people[r.recipient_id] = r.requester, r.recipient
    busy = busy_times(summit, list(people.values()))
    caps = {}
    for pk, registration in people.items():
        profile = getattr(registration, "meeting_profile", None)
        own = profile.meeting_cap if profile is not None else None
        limits = [x for x in (own, rules.max_per_person) if x is not None]
        caps[pk] = min(limits) if limits else None
    fixed, previous = {}, {}
    for m in meetings_of_summit(summit):
        i = index.get((m.block_id, m.starts_at))
        if i is None:
            continue
        previous[m.request_id] = (i, m.table.name)
        if m.pinned or (keep_confirmed and m.status == MeetingStatus.CONFIRMED):
            fixed[m.request_id] = (i, m.table.name)
    problem = scheduler.Problem(
        slots=slots,
        requests=[scheduler.Request(r.pk, r.requester_id, r.recipient_id, r.priority) for r in accepted],
        busy={pk: [(s, e) for s, e, _kind in spans] for pk, spans in busy.items()},
        caps=caps,
        tables=tables,
        stages={pk: stage_of(reg) for pk, reg in people.items()},
        fixed=fixed,
        previous=previous,
        min_per_startup=rules.min_per_startup,
    )
    return Built(problem, slot_blocks, {r.pk: r for r in accepted})


def as_json(built, result):
    """The command's --json object: the input and the result, so anyone can check it."""
    p = built.problem
    iso = _iso
    persons = sorted({x for r in p.requests for x in (r.a, r.b)})
    return {
        "slots": [{"start": iso(s.start), "end": iso(s.end), "tables": list(s.tables)} for s in p.slots],
        "requests": [{"id": r.id, "a": r.a, "b": r.b, "priority": r.priority} for r in p.requests],
        "busy": {str(x): [[iso(s), iso(e)] for s, e in p.busy.get(x, [])] for x in persons},
        "caps": {str(x): p.caps.get(x) for x in persons},
        "tables": [{"name": name, "stage": stage} for name, stage in p.tables.items()],
        "placed": [
            {"request": rid, "start": iso(p.slots[i].start), "end": iso(p.slots[i].end), "table": t}
            for rid, (i, t) in sorted(result.placed.items(), key=lambda kv: (kv[1][0], kv[1][1], kv[0]))
        ],
        "unplaced": [{"request": rid, "reason": why} for rid, why in sorted(result.unplaced.items())],
        "bound": result.bound,
        "objective": result.objective,
    }


def _iso(value):
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def run_schedule(*, summit, keep_confirmed=True, time_limit=20.0, actor=None, run=None, on_progress=None):
    """Solve and keep the result. Returns (built, result); a time-out without any solution
    keeps the previous schedule (result.status == "TIMEOUT")."""
    from .services import expire_requests

    expire_requests(summit=summit)
    built = build_problem(summit, keep_confirmed=keep_confirmed)
    result = scheduler.solve(built.problem, time_limit=time_limit, progress=on_progress)
    if result.status != "TIMEOUT":
        apply_result(summit=summit, built=built, result=result, actor=actor)
    return built, result


@transaction.atomic
def apply_result(*, summit, built, result, actor=None):
    """Meetings become what the result says: kept ones stay, moved ones get a new SEQUENCE
    and go back to draft until published, dropped ones go."""
    p = built.problem
    old = {m.request_id: m for m in Meeting.objects.select_for_update().filter(block__summit=summit)}
    tables = {t.name: t for t in tables_of(summit)}
    keep, create = set(), []
    for rid, (i, table) in result.placed.items():
        prev = old.get(rid)
        if prev is not None and p.previous.get(rid) == (i, table):
            keep.add(prev.pk)
            continue
        slot = p.slots[i]
        create.append(
            Meeting(
                request_id=rid,
                block=built.slot_blocks[i],
                table=tables[table],
                starts_at=slot.start,
                ends_at=slot.end,
                status=MeetingStatus.DRAFT,
                sequence=(prev.sequence + 1) if prev is not None else 0,
            )
        )
    Meeting.objects.filter(block__summit=summit).exclude(pk__in=keep).delete()
    Meeting.objects.bulk_create(create)
    log_action(
        "meetings.schedule.applied",
        actor=actor,
        summit=summit,
        placed=len(result.placed),
        moved=len(result.moved),
        objective=result.objective,
        bound=result.bound,
    )


def summary_of(result):
    return {
        "placed": len(result.placed),
        "unplaced": len(result.unplaced),
        "objective": result.objective,
        "bound": result.bound,
        "gap": round(result.gap, 4),
        "greedy": result.greedy,
        "without_meeting": len(result.without_meeting),
        "table_changes": result.table_changes,
        "moved": result.moved,
        "status": result.status,
        "seconds": round(result.seconds, 2),
        "reasons": sorted({why for why in result.unplaced.values()}),
    }


def start_run(*, summit, actor, keep_confirmed=True, time_limit=20):
    """Queue a scheduler run on the worker; the page follows its progress."""
    run = ScheduleRun.objects.create(summit=summit, keep_confirmed=keep_confirmed, time_limit=time_limit)
    log_action("meetings.schedule.queued", actor=actor, summit=summit, obj=run)
    from .tasks import schedule_meetings_job

    transaction.on_commit(lambda: schedule_meetings_job.enqueue(run.pk))
    return run


def perform_run(*, run_id):
    run = ScheduleRun.objects.select_related("summit").get(pk=run_id)
    run.status, run.progress = RunStatus.RUNNING, 5
    run.save(update_fields=["status", "progress"])

    def progress(value):
        ScheduleRun.objects.filter(pk=run.pk).update(progress=value)

    try:
        _built, result = run_schedule(
            summit=run.summit,
            keep_confirmed=run.keep_confirmed,
            time_limit=run.time_limit,
            run=run,
            on_progress=progress,
        )
    except Exception:
        ScheduleRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, finished=timezone.now())
        raise
    status = RunStatus.TIMED_OUT if result.status == "TIMEOUT" else RunStatus.DONE
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=status, progress=100, summary=summary_of(result), finished=timezone.now()
    )


@transaction.atomic
def move_meeting(*, meeting, starts_at, table, actor, pin=True):
    """Move (and pin) a meeting by hand, with the scheduler's checks."""
    meeting = Meeting.objects.select_for_update().select_related("request", "block").get(pk=meeting.pk)
    summit = meeting.block.summit
    block = next(
        (
            b
            for b in blocks_of(summit)
            if any(s == starts_at for s, _e in block_slots(b)) and table in list(b.tables.all())
        ),
        None,
    )
    if block is None:
        raise MeetingError("no_slot", _("That table has no slot at that time."), field="slot")
    ends_at = starts_at + timedelta(minutes=block.slot_minutes)
    if (
        Meeting.objects.filter(table=table, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(pk=meeting.pk)
        .exists()
    ):
        raise MeetingError("table_taken", _("That table is taken at that time."), field="table")
    request = meeting.request
    stages = {stage_of(request.requester), stage_of(request.recipient)}
    if table.reserved_stage and table.reserved_stage not in stages:
        raise MeetingError("reserved", _("That table is reserved for another stage."), field="table")
    people = [request.requester, request.recipient]
    busy = busy_times(summit, people)
    for person in people:
        if any(overlaps(s, e, starts_at, ends_at) for s, e, _k in busy[person.pk]):
            raise MeetingError("busy", _("%(name)s is busy at that time.") % {"name": person.badge_name}, field="slot")
    others = Meeting.objects.filter(
        request__requester__in=people, starts_at__lt=ends_at, ends_at__gt=starts_at
    ) | Meeting.objects.filter(request__recipient__in=people, starts_at__lt=ends_at, ends_at__gt=starts_at)
    if others.exclude(pk=meeting.pk).exists():
        raise MeetingError("double_booked", _("One of them has another meeting at that time."), field="slot")
    changed = (meeting.starts_at, meeting.table_id) != (starts_at, table.pk)
    meeting.block, meeting.table, meeting.starts_at, meeting.ends_at = block, table, starts_at, ends_at
    meeting.pinned = pin or meeting.pinned
    meeting.sequence += 1 if changed else 0
    meeting.save()
    log_action("meetings.meeting.moved", actor=actor, summit=summit, obj=meeting, pinned=meeting.pinned)
    if changed and meeting.status == MeetingStatus.CONFIRMED:  # a draft is announced when published
        webhook_events.meetings_scheduled(summit, lambda: _with_parties(Meeting.objects.filter(pk=meeting.pk)))
    return meeting


def _with_parties(meetings):
    return meetings.select_related(
        "table", "block", "request__requester__meeting_profile", "request__recipient__meeting_profile"
    ).order_by("starts_at", "table__number")


@transaction.atomic
def publish_schedule(*, summit, actor):
    """Every draft meeting becomes confirmed (the one place a meeting does): subscribers hear
    of each (`meeting.scheduled`), after the commit like the mails."""
    drafts = Meeting.objects.select_for_update().filter(block__summit=summit, status=MeetingStatus.DRAFT)
    ids = list(drafts.values_list("pk", flat=True))
    n = Meeting.objects.filter(pk__in=ids).update(status=MeetingStatus.CONFIRMED, updated=timezone.now())
    webhook_events.meetings_scheduled(summit, lambda: _with_parties(Meeting.objects.filter(pk__in=ids)))
    rules, _created = MeetingRules.objects.get_or_create(summit=summit)
    rules.published_at = timezone.now()
    rules.save()
    log_action("meetings.schedule.published", actor=actor, summit=summit, count=n)
    from .tasks import send_schedule_emails

    transaction.on_commit(lambda: send_schedule_emails.enqueue(summit.pk))
    return n
