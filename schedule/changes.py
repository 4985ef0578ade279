"""What changed between two snapshots: added, moved, renamed, cancelled (pure functions)."""

from dataclasses import dataclass, field

ADDED, MOVED, RENAMED, CANCELLED, REMOVED = "added", "moved", "renamed", "cancelled", "removed"


@dataclass
class Change:
    kind: str
    session_id: int
    new: dict | None = None  # the session as this release has it
    old: dict | None = None  # as the release before had it
    fields: list = field(default_factory=list)

    @property
    def record(self):
        """The session as last known: this release's version, or the last one for a removal."""
        return self.new or self.old


def _room_id(record):
    return record["room"]["id"] if record.get("room") else None


def diff_snapshots(old, new):
    """[Change, ...] from snapshot `old` (None: nothing released before) to `new`."""
    before = {r["id"]: r for r in (old or {}).get("sessions", [])}
    after = {r["id"]: r for r in new.get("sessions", [])}
    changes = []
    for session_id, record in after.items():
        previous = before.get(session_id)
        if previous is None:
            changes.append(Change(ADDED, session_id, new=record))
            continue
        if record["status"] == "cancelled" and previous["status"] != "cancelled":
            changes.append(Change(CANCELLED, session_id, new=record, old=previous))
            continue
        moved = [k for k in ("starts_at", "ends_at") if record[k] != previous[k]]
        if _room_id(record) != _room_id(previous):
            moved.append("room")
        if moved:
            changes.append(Change(MOVED, session_id, new=record, old=previous, fields=moved))
        if record["title"] != previous["title"]:
            changes.append(Change(RENAMED, session_id, new=record, old=previous))
    for session_id, record in before.items():
        if session_id not in after:
            changes.append(Change(REMOVED, session_id, old=record))
    order = {ADDED: 0, MOVED: 1, RENAMED: 2, CANCELLED: 3, REMOVED: 4}
    return sorted(changes, key=lambda c: ((c.new or c.old)["starts_at"], order[c.kind], c.session_id))
