"""Reads of the matchmaking app. A query returns rows, values or None; views decide the status."""

from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db.models import Count, Max, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format

from conclave.formfields import MAX_ID
from summits.enums import RegistrationStatus, SignupStatus
from summits.models import SessionSignup
from summits.registration.queries import own_registration

from .enums import MeetingStatus, RequestStatus, Stage
from .models import (
    Meeting,
    MeetingBlock,
    MeetingRequest,
    MeetingRules,
    MeetingTable,
    Profile,
    ScheduleRun,
    TechArea,
    Unavailability,
)


def approved_registration(user, summit):
    """The user's registration in `summit` if approved, else None: the directory's door."""
    registration = own_registration(user, summit)
    return registration if registration is not None and registration.is_approved else None


def rules_of(summit):
    return MeetingRules.objects.filter(summit=summit).first() or MeetingRules(summit=summit)


def areas_of(summit):
    return list(TechArea.objects.filter(summit=summit))


def profile_of(registration):
    return (
        Profile.objects.filter(registration=registration).prefetch_related("offer_areas", "seek_areas").first()
        if registration
        else None
    )


def _listed(summit):
    return (
        Profile.objects.filter(
            summit=summit, opted_in=True, registration__summit=summit, registration__status=RegistrationStatus.APPROVED
        )
        .select_related("registration__user")
        .prefetch_related(
            Prefetch("offer_areas", queryset=TechArea.objects.order_by("position", "name")),
            Prefetch("seek_areas", queryset=TechArea.objects.order_by("position", "name")),
        )
    )


def directory(summit, *, viewer, area=None, stage="", country=""):
    """Opted-in approved people of `summit` other than the viewer, filtered: three queries."""
    listed = _listed(summit).exclude(registration=viewer)
    if area:
        listed = listed.filter(Q(offer_areas=area) | Q(seek_areas=area)).distinct()
    if stage:
        listed = listed.filter(stage=stage)
    if country:
        listed = listed.filter(country=country)
    return list(listed)


def listed_profile(summit, registration_id):
    """An opted-in approved person of `summit` by registration id, or None."""
    if not 0 < registration_id <= MAX_ID:
        return None
    return _listed(summit).filter(registration_id=registration_id).first()


@dataclass(frozen=True)
class Suggestion:
    profile: object
    score: int
    you_seek: tuple  # area names you seek that they offer
    they_seek: tuple  # area names they seek that you offer


def suggestions(mine, others, *, limit=10):
    """People whose offers meet your seeks (and back), best first, with the reason."""
    if mine is None:
        return []
    my_offers = {a.name for a in mine.offer_areas.all()}
    my_seeks = {a.name for a in mine.seek_areas.all()}
    found = []
    for other in others:
        you_seek = tuple(sorted(my_seeks & {a.name for a in other.offer_areas.all()}))
        they_seek = tuple(sorted(my_offers & {a.name for a in other.seek_areas.all()}))
        if you_seek or they_seek:
            found.append(Suggestion(other, 2 * len(you_seek) + len(they_seek), you_seek, they_seek))
    found.sort(key=lambda s: (-s.score, s.profile.registration.badge_name, s.profile.pk))
    return found[:limit]


def requests_of(registration):
    """(sent, received) requests of the person, each with the other's registration. A sent
    request that was declined shows like an expired one: nobody sees who declined whom."""
    base = MeetingRequest.objects.select_related("requester", "recipient", "meeting__table")
    sent = list(base.filter(requester=registration).order_by("-created"))
    received = list(base.filter(recipient=registration, status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED]))
    for r in sent:
        r.shown_status = (
            RequestStatus.ACCEPTED.label
            if r.status == RequestStatus.ACCEPTED
            else RequestStatus.PENDING.label
            if r.status == RequestStatus.PENDING
            else RequestStatus.EXPIRED.label
        )
    return sent, received


def unavailability_of(registration):
    return list(Unavailability.objects.filter(registration=registration))


def tables_of(summit):
    return list(MeetingTable.objects.filter(summit=summit))


def blocks_of(summit):
    return list(MeetingBlock.objects.filter(summit=summit).prefetch_related("tables"))


def block_slots(block):
    """[(start, end)] of a block: slot, buffer, slot, ... (validated to fit exactly)."""
    step = timedelta(minutes=block.slot_minutes + block.buffer_minutes)
    length = timedelta(minutes=block.slot_minutes)
    out, start = [], block.starts_at
    while start + length <= block.ends_at:
        out.append((start, start + length))
        start += step
    return out


def accepted_requests(summit):
    return list(
        MeetingRequest.objects.filter(summit=summit, status=RequestStatus.ACCEPTED)
        .select_related("requester", "recipient", "requester__meeting_profile", "recipient__meeting_profile")
        .order_by("-priority", "created", "pk")
    )


def meetings_of_summit(summit):
    return list(
        Meeting.objects.filter(block__summit=summit).select_related(
            "table", "block", "request__requester", "request__recipient"
        )
    )


def confirmed_meetings(summit):
    """The summit's confirmed meetings with both parties, for its organizers (the API)."""
    return (
        Meeting.objects.filter(block__summit=summit, status=MeetingStatus.CONFIRMED)
        .select_related("table", "block", "request__requester__meeting_profile", "request__recipient__meeting_profile")
        .order_by("starts_at", "table__number", "pk")
    )


def latest_run(summit):
    return ScheduleRun.objects.filter(summit=summit).first()


def busy_times(summit, registrations, *, exclude_meetings_of=None):
    """{registration id: [(start, end, kind)]}: the times the scheduler must avoid for each person:
    sessions they hold a seat in (closed or not: only the time), their delegation's itinerary
    items (asked of the delegations app), their unavailable times."""
    ids = [r.pk for r in registrations]
    busy = {pk: [] for pk in ids}
    seats = SessionSignup.objects.filter(registration_id__in=ids, status=SignupStatus.CONFIRMED).values_list(
        "registration_id", "session__starts_at", "session__ends_at"
    )
    for pk, start, end in seats:
        busy[pk].append((start, end, "session"))
    for pk, start, end in Unavailability.objects.filter(registration_id__in=ids).values_list(
        "registration_id", "starts_at", "ends_at"
    ):
        busy[pk].append((start, end, "unavailable"))
    if apps.is_installed("delegations"):
        from delegations.queries import active_memberships, items_for_member

        for registration in registrations:
            memberships = active_memberships(registration.user, summit)
            for item in items_for_member(registration.user, summit, memberships):
                if item.kind == "hotel":  # a hotel stay does not keep anyone from a meeting
                    continue
                busy[registration.pk].append((item.starts_at, item.ends_at, "itinerary"))
    for pk in busy:
        busy[pk].sort()
    return busy


def meetings_for(registration, *, confirmed_only=True):
    """The person's meetings (confirmed, unless asked), each with `other` (the other person)."""
    if registration is None or registration.status not in RegistrationStatus.active():
        return []
    rows = Meeting.objects.filter(
        Q(request__requester=registration) | Q(request__recipient=registration)
    ).select_related(
        "table", "block__summit", "request__requester__meeting_profile", "request__recipient__meeting_profile"
    )
    if confirmed_only:
        rows = rows.filter(status=MeetingStatus.CONFIRMED)
    out = list(rows.order_by("starts_at", "pk"))
    for m in out:
        m.other = m.request.recipient if m.request.requester_id == registration.pk else m.request.requester
    return out


def meeting_markers(*, registration):
    """Change markers of the person's confirmed meetings as scalar subqueries (`registration` may
    be an OuterRef), for the private feed's state query. A person's meetings are all in one
    summit, so grouping by the summit gives one row."""
    from summits.calendar.feeds import aggregates

    mine = Meeting.objects.filter(status=MeetingStatus.CONFIRMED).filter(
        Q(request__requester=registration) | Q(request__recipient=registration)
    )
    return aggregates(
        mine,
        "block__summit",
        meetings_count=Count("pk"),
        meetings_ids=Sum("pk"),
        meetings_sequence=Sum("sequence"),
        meetings_updated=Max("updated"),
    )


def pending_count(registration):
    return MeetingRequest.objects.filter(recipient=registration, status=RequestStatus.PENDING).count()


def stage_choices():
    return Stage.choices


def expired_now(rules):
    return rules.request_deadline is not None and rules.request_deadline <= timezone.now()


@dataclass
class GridBlock:
    block: object
    slots: list  # [(start, end)]
    tables: list
    rows: list  # [(table, [meeting or None per slot])]


def grid_of(summit):
    """Per block: tables × slots with the meeting in each cell. Three queries."""
    meetings = {(m.table_id, m.starts_at): m for m in meetings_of_summit(summit)}
    out = []
    for block in blocks_of(summit):
        slots = block_slots(block)
        tables = sorted(block.tables.all(), key=lambda t: t.number)
        rows = [(t, [meetings.get((t.pk, s)) for s, _e in slots]) for t in tables]
        out.append(GridBlock(block, slots, tables, rows))
    return out


def slot_choices(summit):
    """(ISO start, label) of every slot of every block, for moving a meeting."""
    choices = []
    for block in blocks_of(summit):
        for start, _end in block_slots(block):
            local = start.astimezone(summit.tz)
            choices.append((start.isoformat(), f"{block.name} · {date_format(local, 'D d M H:i')}"))
    return choices


def table_plan(block):
    """[(table, [meeting...])] of one block, confirmed or not, for the printable plan."""
    meetings = list(
        Meeting.objects.filter(block=block)
        .select_related("table", "request__requester__meeting_profile", "request__recipient__meeting_profile")
        .order_by("table__number", "starts_at")
    )
    tables = sorted(block.tables.all(), key=lambda t: t.number)
    return [(t, [m for m in meetings if m.table_id == t.pk]) for t in tables]


def my_meetings(user, summit):
    """The signed-in person's confirmed meetings in `summit` (for My agenda, My itinerary), each
    with `other`: one query (the registration is joined, not read first)."""
    if not user.is_authenticated:
        return []
    active = RegistrationStatus.active()
    rows = (
        Meeting.objects.filter(block__summit=summit, status=MeetingStatus.CONFIRMED)
        .filter(
            Q(request__requester__user=user, request__requester__status__in=active)
            | Q(request__recipient__user=user, request__recipient__status__in=active)
        )
        .select_related("table", "block", "request__requester__meeting_profile", "request__recipient__meeting_profile")
        .order_by("starts_at", "pk")
    )
    out = list(rows)
    for m in out:
        mine = m.request.requester.user_id == user.pk
        m.other = m.request.recipient if mine else m.request.requester
    return out


def delegation_meetings(delegation):
    """Confirmed meetings of the delegation's active members (asked of the delegations app),
    each with `member` (the delegation's person) and `other`, for the booklet."""
    from delegations.queries import active_members_with_badge_names

    members = active_members_with_badge_names(delegation).values("user_id")  # a subquery: one query in all
    rows = (
        Meeting.objects.filter(block__summit=delegation.summit_id, status=MeetingStatus.CONFIRMED)
        .filter(Q(request__requester__user_id__in=members) | Q(request__recipient__user_id__in=members))
        .select_related("table", "block", "request__requester__meeting_profile", "request__recipient__meeting_profile")
        .order_by("starts_at", "table__number")
    )
    out = list(rows)
    users = {u for m in out for u in (m.request.requester.user_id, m.request.recipient.user_id)}
    if out:
        users = set(members.filter(user_id__in=users).values_list("user_id", flat=True))
    for m in out:
        a, b = m.request.requester, m.request.recipient
        m.member, m.other = (a, b) if a.user_id in users else (b, a)
    return out
