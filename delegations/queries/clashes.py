"""Clashes on an itinerary: entries that overlap in time."""

from conclave.intervals import overlaps

from ..enums import ItemKind


def flag_clashes(entries):
    """Mark every pair of entries that overlap in time (hotel stays and cancelled sessions excepted)."""
    live = sorted(
        (e for e in entries if not e.cancelled and e.kind not in ItemKind.not_clashing()), key=lambda e: e.starts_at
    )
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            if b.starts_at >= a.ends_at:
                break
            if overlaps(a.starts_at, a.ends_at, b.starts_at, b.ends_at):
                a.clashes.append(clash_note(a, b))
                b.clashes.append(clash_note(b, a))
    return entries


def clash_note(entry, other):
    if entry.kind in ItemKind.travel() and entry.ends_at > other.starts_at >= entry.starts_at:
        minutes = int((entry.ends_at - other.starts_at).total_seconds() // 60)
        return f"Arrives {minutes} min after “{other.title}” starts"
    return f"Overlaps “{other.title}”"
