"""Matchmaking writes: profiles, requests and answers, unavailable times, the organizer's
taxonomy, rules, tables and blocks. The schedule's writes are in `scheduling.py`."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summits.audit import log_action
from summits.enums import RegistrationStatus

from .enums import RequestStatus
from .errors import MeetingError
from .models import MeetingBlock, MeetingRequest, MeetingRules, MeetingTable, Profile, TechArea, Unavailability
from .queries import rules_of


@transaction.atomic
def save_profile(*, registration, form):
    """Save the person's profile from a valid ProfileForm (off by default: `opted_in`)."""
    if registration.status != RegistrationStatus.APPROVED:
        raise MeetingError("not_approved", _("Only approved registrants can have a profile."))
    profile = form.save(commit=False)
    profile.registration = registration
    profile.summit = registration.summit
    profile.save()
    form.save_m2m()
    log_action("meetings.profile.saved", actor=registration.user, summit=registration.summit, obj=profile)
    return profile


@transaction.atomic
def send_request(*, requester, recipient, message="", priority=2):
    """Ask `recipient` for a meeting. Both must be approved, in the same summit, opted in."""
    if recipient is None or requester.pk == recipient.pk:
        raise MeetingError("self", _("You cannot ask yourself for a meeting."), field="recipient")
    if recipient.summit_id != requester.summit_id:
        raise MeetingError("other_summit", _("This person is not at this summit."), field="recipient")
    if requester.status != RegistrationStatus.APPROVED or recipient.status != RegistrationStatus.APPROVED:
        raise MeetingError("not_approved", _("Meetings are for approved registrants."), field="recipient")
    if not Profile.objects.filter(registration=requester, opted_in=True).exists():
        raise MeetingError("not_opted_in_self", _("List yourself in the directory first."), field="recipient")
    if not Profile.objects.filter(registration=recipient, opted_in=True).exists():
        raise MeetingError("not_opted_in", _("This person is not in the directory."), field="recipient")
    rules = rules_of(requester.summit)
    if rules.request_deadline and rules.request_deadline <= timezone.now():
        raise MeetingError("deadline_passed", _("The deadline for meeting requests has passed."))
    pair = MeetingRequest.objects.select_for_update().filter(
        requester__in=[requester, recipient], recipient__in=[requester, recipient]
    )
    if pair.exists():
        raise MeetingError("duplicate", _("There is already a request between you and this person."), field="recipient")
    try:
        with transaction.atomic():
            request = MeetingRequest.objects.create(
                summit=requester.summit, requester=requester, recipient=recipient, message=message, priority=priority
            )
    except IntegrityError as error:
        raise MeetingError("duplicate", _("There is already a request between you and this person.")) from error
    log_action("meetings.request.sent", actor=requester.user, summit=requester.summit, obj=request)
    from .tasks import send_request_email

    transaction.on_commit(lambda: send_request_email.enqueue(request.pk))
    return request


@transaction.atomic
def answer_request(*, request, by, accept):
    """The recipient accepts or declines. A decline is recorded without the pair in the audit
    log and is shown to the requester like an expiry: nobody sees who declined whom."""
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    if request.recipient_id != by.pk:
        raise MeetingError("not_yours", _("This request is not addressed to you."))
    if request.status != RequestStatus.PENDING:
        raise MeetingError("answered", _("This request has already been answered."))
    rules = rules_of(by.summit)
    if rules.request_deadline and rules.request_deadline <= timezone.now():
        request.status = RequestStatus.EXPIRED
        request.save(update_fields=["status", "updated"])
        raise MeetingError("expired", _("This request has expired."))
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "responded_at", "updated"])
    if accept:
        log_action("meetings.request.accepted", actor=by.user, summit=by.summit, obj=request)
        from .tasks import send_accepted_email

        transaction.on_commit(lambda: send_accepted_email.enqueue(request.pk))
    else:
        log_action("meetings.request.answered", summit=by.summit)
    return request


@transaction.atomic
def expire_requests(*, summit):
    """Pending requests past the organizer's deadline expire. Returns how many."""
    rules = rules_of(summit)
    if not rules.request_deadline or rules.request_deadline > timezone.now():
        return 0
    n = MeetingRequest.objects.filter(summit=summit, status=RequestStatus.PENDING).update(
        status=RequestStatus.EXPIRED, updated=timezone.now()
    )
    if n:
        log_action("meetings.request.expired", summit=summit, count=n)
    return n


@transaction.atomic
def add_unavailability(*, registration, starts_at, ends_at, note=""):
    if ends_at <= starts_at:
        raise MeetingError("order", _("The end must be after the start."), field="ends_at")
    item = Unavailability.objects.create(registration=registration, starts_at=starts_at, ends_at=ends_at, note=note)
    log_action("meetings.unavailability.added", actor=registration.user, summit=registration.summit, obj=item)
    return item


@transaction.atomic
def remove_unavailability(*, registration, pk):
    deleted, _n = Unavailability.objects.filter(registration=registration, pk=pk).delete()
    return bool(deleted)


@transaction.atomic
def save_rules(*, summit, actor, request_deadline, min_per_startup, max_per_person):
    rules, _created = MeetingRules.objects.get_or_create(summit=summit)
    rules.request_deadline = request_deadline
    rules.min_per_startup = min_per_startup
    rules.max_per_person = max_per_person
    rules.save()
    log_action("meetings.rules.saved", actor=actor, summit=summit, obj=rules)
    return rules


@transaction.atomic
def set_areas(*, summit, actor, names):
    """The taxonomy becomes `names` (in order): new ones are added, missing ones removed."""
    names = [n.strip() for n in names if n.strip()]
    TechArea.objects.filter(summit=summit).exclude(name__in=names).delete()
    for position, name in enumerate(dict.fromkeys(names)):
        TechArea.objects.update_or_create(summit=summit, name=name, defaults={"position": position})
    log_action("meetings.areas.saved", actor=actor, summit=summit, count=len(names))


@transaction.atomic
def set_tables(*, summit, actor, count, reserved):
    """Tables 1..count; `reserved` maps a table number to a stage (or "")."""
    MeetingTable.objects.filter(summit=summit, number__gt=count).delete()
    for number in range(1, count + 1):
        MeetingTable.objects.update_or_create(
            summit=summit, number=number, defaults={"reserved_stage": reserved.get(number, "")}
        )
    log_action("meetings.tables.saved", actor=actor, summit=summit, count=count)


@transaction.atomic
def create_block(*, summit, actor, name, starts_at, ends_at, slot_minutes, buffer_minutes, tables):
    """A meeting block on the summit's days; its slots must fill it exactly; it may not overlap
    another block that uses any of the same tables."""
    if ends_at <= starts_at:
        raise MeetingError("order", _("The block must end after it starts."), field="end")
    first, last = (t.astimezone(summit.tz).date() for t in (starts_at, ends_at - timedelta(microseconds=1)))
    if first < summit.start_date or last > summit.end_date:
        raise MeetingError("outside_summit", _("The block must lie within the summit's days."), field="day")
    if slot_minutes <= 0:
        raise MeetingError("slot", _("A slot lasts at least one minute."), field="slot_minutes")
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    if (minutes + buffer_minutes) % (slot_minutes + buffer_minutes) or (ends_at - starts_at).total_seconds() % 60:
        raise MeetingError(
            "slot_length",
            _("Slots of %(slot)d minutes with %(buffer)d-minute buffers do not fill the %(minutes)d-minute block.")
            % {"slot": slot_minutes, "buffer": buffer_minutes, "minutes": minutes},
            field="slot_minutes",
        )
    tables = list(tables)
    if not tables:
        raise MeetingError("no_tables", _("Choose at least one table."), field="tables")
    clash = (
        MeetingBlock.objects.select_for_update()
        .filter(summit=summit, starts_at__lt=ends_at, ends_at__gt=starts_at, tables__in=tables)
        .first()
    )
    if clash is not None:
        raise MeetingError(
            "overlap", _("This block overlaps “%(name)s” on the same tables.") % {"name": clash.name}, field="start"
        )
    block = MeetingBlock.objects.create(
        summit=summit,
        name=name,
        starts_at=starts_at,
        ends_at=ends_at,
        slot_minutes=slot_minutes,
        buffer_minutes=buffer_minutes,
    )
    block.tables.set(tables)
    log_action("meetings.block.created", actor=actor, summit=summit, obj=block)
    return block
