"""Schedule conflicts: what clashes with what.

The checks run on plain `Slot`s in memory, so the agenda builder (one proposed change)
and the conflicts page (a whole summit) use the same rules, and the number of queries
never depends on the number of sessions.

Kinds: two sessions in one room at once; a speaker or moderator in two places at once;
a session outside the summit's days; a session outside its room's opening hours
(local time of the summit); a session with more seats than its room; a session on a delegation's itinerary that
overlaps another fixed commitment of that delegation (a flight, a site visit, a meal,
another session; hotel stays excepted).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.db import models
from django.db.models import Prefetch
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from conclave.intervals import overlaps
from conclave.timezones import wall_clock

from ..enums import SessionStatus
from ..models import Room, Session, Speaker


class ConflictKind(models.TextChoices):
    ROOM = "room", _("Room double-booked")
    PERSON = "person", _("Speaker or moderator double-booked")
    OUTSIDE_DAYS = "outside_days", _("Outside the summit's days")
    ROOM_HOURS = "room_hours", _("Outside the room's opening hours")
    CAPACITY = "capacity", _("More seats than the room holds")
    DELEGATION = "delegation", _("Clashes with a delegation's fixed commitment")


@dataclass(frozen=True)
class Slot:
    """What the conflict rules need to know about one session (saved or proposed)."""

    id: int | None
    title: str
    starts_at: datetime
    ends_at: datetime
    room: Room | None = None
    capacity: int | None = None
    # speaker id -> (name, role) where role is "speaker" or "moderator"
    people: dict = field(default_factory=dict)

    @classmethod
    def from_session(cls, session):
        """From a session whose room, speakers and moderators are already loaded."""
        people = {s.pk: (s.name, "speaker") for s in session.speakers.all()}
        people.update({m.pk: (m.name, "moderator") for m in session.moderators.all()})
        return cls(
            id=session.pk,
            title=session.title,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            room=session.room,
            capacity=session.capacity,
            people=people,
        )


# The role a person has in a session, as a conflict message names it.
ROLE_LABELS = {
    "speaker": pgettext_lazy("role in a session", "speaker"),
    "moderator": pgettext_lazy("role in a session", "moderator"),
}


@dataclass(frozen=True)
class Conflict:
    kind: str
    session: Slot
    message: str
    other: Slot | None = None
    person: str = ""

    @property
    def kind_label(self):
        return ConflictKind(self.kind).label

    @property
    def session_ids(self):
        return {self.session.id} | ({self.other.id} if self.other else set())


def _hm(value, tz):
    return wall_clock(value.astimezone(tz))


def _slot_conflicts(slot, summit):
    """Conflicts of one session on its own: days, opening hours, capacity."""
    tz = summit.tz
    found = []
    local_start = slot.starts_at.astimezone(tz)
    # A session ending at midnight belongs to the day it started.
    local_last = (slot.ends_at - timedelta(microseconds=1)).astimezone(tz)
    if local_start.date() < summit.start_date or local_last.date() > summit.end_date:
        found.append(
            Conflict(
                ConflictKind.OUTSIDE_DAYS,
                slot,
                gettext("“%(title)s” is on %(day)s, outside the summit's days (%(first)s–%(last)s).")
                % {
                    "title": slot.title,
                    "day": date_format(local_start, "l d F Y"),
                    "first": date_format(summit.start_date, "d F"),
                    "last": date_format(summit.end_date, "d F Y"),
                },
            )
        )
    room = slot.room
    if room is not None and (room.opens_at or room.closes_at):
        local_end = slot.ends_at.astimezone(tz)
        spans_days = local_last.date() != local_start.date()
        too_early = room.opens_at is not None and local_start.time().replace(tzinfo=None) < room.opens_at
        too_late = room.closes_at is not None and (spans_days or local_end.time().replace(tzinfo=None) > room.closes_at)
        if too_early or too_late or spans_days:
            opens = room.opens_at.strftime("%H:%M") if room.opens_at else "00:00"
            closes = room.closes_at.strftime("%H:%M") if room.closes_at else "24:00"
            found.append(
                Conflict(
                    ConflictKind.ROOM_HOURS,
                    slot,
                    gettext("“%(title)s” runs %(start)s–%(end)s but %(room)s is open %(opens)s–%(closes)s (%(zone)s).")
                    % {
                        "title": slot.title,
                        "start": _hm(slot.starts_at, tz),
                        "end": _hm(slot.ends_at, tz),
                        "room": room.name,
                        "opens": opens,
                        "closes": closes,
                        "zone": summit.timezone,
                    },
                )
            )
    if room is not None and room.capacity is not None and slot.capacity is not None and slot.capacity > room.capacity:
        found.append(
            Conflict(
                ConflictKind.CAPACITY,
                slot,
                gettext("“%(title)s” has %(seats)s seats but %(room)s holds %(capacity)s.")
                % {"title": slot.title, "seats": slot.capacity, "room": room.name, "capacity": room.capacity},
            )
        )
    return found


def _pair_conflicts(a, b, summit):
    """Conflicts between two sessions that overlap in time."""
    same_room = a.room is not None and b.room is not None and a.room.pk == b.room.pk
    shared = a.people.keys() & b.people.keys()
    if not same_room and not shared:
        return []
    tz = summit.tz
    start, end = max(a.starts_at, b.starts_at), min(a.ends_at, b.ends_at)
    when = f"{date_format(start.astimezone(tz), 'd M')} {_hm(start, tz)}–{_hm(end, tz)}"
    found = []
    if same_room:
        found.append(
            Conflict(
                ConflictKind.ROOM,
                a,
                gettext("“%(first)s” and “%(second)s” are both in %(room)s on %(when)s.")
                % {"first": a.title, "second": b.title, "room": a.room.name, "when": when},
                other=b,
            )
        )
    for person_id in sorted(shared):
        name, role_a = a.people[person_id]
        role_b = b.people[person_id][1]
        found.append(
            Conflict(
                ConflictKind.PERSON,
                a,
                gettext("%(name)s is in “%(first)s” (%(first_role)s) and “%(second)s” (%(second_role)s) on %(when)s.")
                % {
                    "name": name,
                    "first": a.title,
                    "first_role": ROLE_LABELS[role_a],
                    "second": b.title,
                    "second_role": ROLE_LABELS[role_b],
                    "when": when,
                },
                other=b,
                person=name,
            )
        )
    return found


def find_conflicts(slots, summit, *, focus=None):
    """Every conflict among `slots`; with `focus` (a Slot), only those that involve it."""
    slots = sorted(slots, key=lambda s: (s.starts_at, s.ends_at, s.id or 0))
    found = []
    for index, a in enumerate(slots):
        if focus is None or a is focus:
            found.extend(_slot_conflicts(a, summit))
        for b in slots[index + 1 :]:
            if not overlaps(a.starts_at, a.ends_at, b.starts_at, b.ends_at):
                break  # sorted by start: no later slot overlaps `a` either
            if focus is not None and focus is not a and focus is not b:
                continue
            # A proposed change is named first: "the session you are saving clashes with ...".
            found.extend(_pair_conflicts(b, a, summit) if focus is b else _pair_conflicts(a, b, summit))
    return found


def _commitment_conflicts(summit, slots, *, focus=None):
    """Sessions on a delegation's itinerary that overlap the delegation's other fixed items.

    Two queries whatever the number of sessions. The delegations app is optional here:
    summits does not depend on it at import time."""
    if not apps.is_installed("delegations"):
        return []
    Item = apps.get_model("delegations", "ItineraryItem")
    checked = [focus] if focus is not None else slots
    by_id = {slot.id: slot for slot in checked if slot.id is not None}
    if not by_id:
        return []
    links = Item.objects.filter(kind="session", session_id__in=by_id).values_list(
        "session_id", "delegation_id", "delegation__name"
    )
    delegations = {}
    for session_id, delegation_id, name in links:
        delegations.setdefault(delegation_id, (name, set()))[1].add(session_id)
    if not delegations:
        return []
    items = (
        Item.objects.filter(delegation_id__in=delegations)
        .exclude(kind="hotel")
        .exclude(session__status=SessionStatus.CANCELLED)
        .values(
            "delegation_id",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "session_id",
            "session__title",
            "session__starts_at",
            "session__ends_at",
        )
    )
    kind_labels = dict(Item._meta.get_field("kind").choices)
    tz = summit.tz
    found = []
    for item in items:
        name, session_ids = delegations[item["delegation_id"]]
        if item["session_id"]:
            # A session's time is the session's own (proposed, if it is the one being moved).
            other = by_id.get(item["session_id"])
            start = other.starts_at if other else item["session__starts_at"]
            end = other.ends_at if other else item["session__ends_at"]
        else:
            start, end = item["starts_at"], item["ends_at"]
        title = item["title"] or item["session__title"] or kind_labels.get(item["kind"], item["kind"])
        for session_id in sorted(session_ids):
            slot = by_id[session_id]
            if item["session_id"] == session_id or not overlaps(start, end, slot.starts_at, slot.ends_at):
                continue
            if item["session_id"] in by_id and focus is None and item["session_id"] < session_id:
                continue  # two sessions of one delegation: report the pair once
            a, b = max(start, slot.starts_at), min(end, slot.ends_at)
            found.append(
                Conflict(
                    ConflictKind.DELEGATION,
                    slot,
                    gettext(
                        "“%(title)s” is on the itinerary of %(delegation)s, which has “%(item)s” (%(kind)s) on %(when)s."
                    )
                    % {
                        "title": slot.title,
                        "delegation": name,
                        "item": title,
                        "kind": str(kind_labels.get(item["kind"], item["kind"])).lower(),
                        "when": f"{date_format(a.astimezone(tz), 'd M')} {_hm(a, tz)}–{_hm(b, tz)}",
                    },
                )
            )
    return found


def schedule_sessions(summit):
    """Scheduled (not cancelled) sessions with what the conflict rules need: four queries."""
    return (
        Session.objects.filter(summit=summit)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("room")
        .prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.only("pk", "name")),
            Prefetch("moderators", queryset=Speaker.objects.only("pk", "name")),
        )
    )


def summit_conflicts(summit, sessions=None):
    """All open conflicts of a summit. Pass already loaded sessions to save the queries."""
    if sessions is None:
        sessions = schedule_sessions(summit)
    slots = [Slot.from_session(s) for s in sessions if s.status != SessionStatus.CANCELLED]
    return find_conflicts(slots, summit) + _commitment_conflicts(summit, slots)


def conflicts_for_proposal(summit, proposal):
    """Conflicts a proposed session (a Slot; id None for a new one) would have with the saved schedule."""
    others = (
        schedule_sessions(summit)
        .filter(starts_at__lt=proposal.ends_at, ends_at__gt=proposal.starts_at)
        .exclude(pk=proposal.id)
    )
    slots = [Slot.from_session(s) for s in others]
    return find_conflicts([proposal, *slots], summit, focus=proposal) + _commitment_conflicts(
        summit, [proposal], focus=proposal
    )


def conflicts_by_session(conflicts):
    """{session_id: [conflict, ...]} for marking sessions in the grid."""
    by_session = {}
    for conflict in conflicts:
        for session_id in conflict.session_ids:
            by_session.setdefault(session_id, []).append(conflict)
    return by_session
