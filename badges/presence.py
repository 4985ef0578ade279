"""Who is inside one list's entrance, and what the next scan there means. One pure decision for
the online desk (`lists.enter`, state read under a row lock) and the upload of an offline
desk's queue (`sync_batch`, state read for the whole batch at once), so the two never differ."""

from bisect import insort
from dataclasses import dataclass
from datetime import datetime

from .enums import ListKind, ScanOutcome


def outcomes_of(checkin_list):
    """(green, amber) of a list: a session's door admits, the others check in."""
    if checkin_list.kind == ListKind.SESSION:
        return ScanOutcome.ADMITTED, ScanOutcome.ALREADY_ADMITTED
    return ScanOutcome.CHECKED_IN, ScanOutcome.ALREADY_CHECKED_IN


@dataclass(order=True)
class Movement:
    at: datetime
    exit: bool
    desk: str = ""


class Presence:
    """One person at one list: the entry that counts (`first`, a ListEntry or one about to be
    stored) and, for lists that track exits, every entry and exit that let them in or out."""

    def __init__(self, first=None, movements=()):
        self.first = first
        self.movements = sorted(movements)

    def inside_since(self, at):
        """The entry that has the person inside at `at`, or None when out (or never in)."""
        last = None
        for movement in self.movements:
            if movement.at > at:
                break
            last = movement
        return None if last is None or last.exit else last

    def record(self, entry, decision, *, checkin_list):
        """Take a stored entry into account for the scans after it."""
        if decision.demote and "outcome" in demoted_fields(checkin_list):
            old = self.first
            self.movements = [m for m in self.movements if m.exit or m.at != old.scanned_at]
        if decision.first:
            self.first = entry
        if decision.outcome in ScanOutcome.green():
            insort(self.movements, Movement(entry.scanned_at, decision.outcome == ScanOutcome.EXITED, entry.desk))


@dataclass
class Decision:
    outcome: str
    first: bool = False
    # An offline scan earlier than the counted entry takes its place (the earliest wins).
    demote: bool = False
    conflict: bool = False
    # "Already checked in at {time} by {desk}": the entry the person is in by.
    since_at: datetime | None = None
    since_desk: str = ""


def decide(checkin_list, presence, *, at, offline=False, shown="", exit=False):
    """What a scan that passed the list's rules means for `presence` at `at`."""
    green, amber = outcomes_of(checkin_list)
    if exit:
        inside = presence.inside_since(at)
        return Decision(ScanOutcome.EXITED if inside else ScanOutcome.NOT_INSIDE)
    first = presence.first
    if first is None:
        return Decision(green, first=True)
    if offline and at < first.scanned_at:
        return Decision(green, first=True, demote=True)
    if checkin_list.allow_reentry:
        return Decision(green)
    since_at, since_desk = first.scanned_at, first.desk
    if checkin_list.track_exits:
        inside = presence.inside_since(at)
        if inside is None:
            return Decision(green)  # back in after leaving
        since_at, since_desk = inside.at, inside.desk
    return Decision(amber, conflict=offline and shown == green, since_at=since_at, since_desk=since_desk)


def demoted_fields(checkin_list):
    """What the counted entry becomes when an earlier offline scan takes its place."""
    if checkin_list.allow_reentry:
        return {"first": False}
    return {"first": False, "outcome": outcomes_of(checkin_list)[1], "conflict": True}
