"""Clashes on an itinerary: entries that overlap in time, and, for the lead, the delegation's items
that overlap the sessions its members signed up for. Notes are sentences a person reads."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conclave.intervals import overlaps

from ..enums import ItemKind


def flag_clashes(entries):
    """Mark every pair of entries that overlap in time (hotel stays and cancelled sessions excepted)."""
    live = _clashing(entries)
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            if b.starts_at >= a.ends_at:
                break
            if overlaps(a.starts_at, a.ends_at, b.starts_at, b.ends_at):
                a.clashes.append(clash_note(a, b))
                b.clashes.append(clash_note(b, a))
    return entries


def _clashing(entries):
    return sorted(
        (e for e in entries if not e.cancelled and e.kind not in ItemKind.not_clashing()), key=lambda e: e.starts_at
    )


def duration_words(minutes):
    """845 → "14 h 5 min"; 120 → "2 h"; 45 → "45 min"."""
    hours, mins = divmod(int(minutes), 60)
    if hours and mins:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": mins}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": mins}


def clash_note(entry, other):
    if entry.kind in ItemKind.travel() and entry.ends_at > other.starts_at >= entry.starts_at:
        minutes = (entry.ends_at - other.starts_at).total_seconds() // 60
        return _("Arrives %(duration)s after “%(title)s” starts") % {
            "duration": duration_words(minutes),
            "title": other.title,
        }
    return _("Overlaps “%(title)s”") % {"title": other.title}


def flag_member_session_clashes(entries, signups, member_names, access):
    """For the lead: mark each item that overlaps sessions its people signed up for, in one note
    ("Overlaps 2 sessions members signed up for: “Counter-drone systems” (Maya Member) and a closed
    session"). `signups` are the members' confirmed sign-ups (with their sessions), `member_names`
    {user_id: name} of the delegation's active members. A session `access` may not see is only
    "a closed session", with nobody named."""
    everyone = set(member_names)
    for entry in _clashing(entries):
        item = entry.item
        if item is None:
            continue
        people = everyone if item.everyone else {m.user_id for m in item.participants.all()}
        clashing = {}  # session -> user ids, in the order met
        for signup in signups:
            session, user_id = signup.session, signup.registration.user_id
            if user_id not in people or session.pk == item.session_id or session.is_cancelled:
                continue
            if overlaps(entry.starts_at, entry.ends_at, session.starts_at, session.ends_at):
                clashing.setdefault(session, []).append(user_id)
        if clashing:
            entry.clashes.append(_sessions_note(clashing, member_names, access))
    return entries


def _sessions_note(clashing, member_names, access):
    names = []
    for session, user_ids in sorted(clashing.items(), key=lambda pair: (pair[0].starts_at, pair[0].pk)):
        if not access.can_see(session):
            names.append(_("a closed session"))
            continue
        who = ", ".join(member_names[user_id] for user_id in user_ids)
        names.append(_("“%(title)s” (%(who)s)") % {"title": session.title, "who": who})
    listed = (
        names[0]
        if len(names) == 1
        else _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
    )
    return ngettext(
        "Overlaps %(count)d session members signed up for: %(sessions)s",
        "Overlaps %(count)d sessions members signed up for: %(sessions)s",
        len(names),
    ) % {"count": len(names), "sessions": listed}
