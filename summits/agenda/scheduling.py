"""Changing sessions. Every edit goes through here so SEQUENCE rises when calendars must update.

`update_session` and `cancel_session` are the low-level verbs (feeds rely on their SEQUENCE
rule); `create_session` and `reschedule_session` add the agenda builder's checks: valid
input, conflicts (saved only with `save_anyway=True`), and telling signed-up attendees.
"""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from conclave.content_language import original_value
from webhooks import events as webhook_events

from ..audit import log_action
from ..enums import SessionStatus, SignupStatus
from ..errors import ConflictError, ScheduleError
from ..models import Room, Session, SessionSignup
from .conflicts import Slot, conflicts_for_proposal

# Changes a subscribed calendar must show; each one raises the session's SEQUENCE.
CALENDAR_FIELDS = {"title", "starts_at", "ends_at", "room", "room_id", "status", "description"}
CALENDAR_FIELDS |= {"title_hi", "description_hi"}  # the Hindi versions show in Hindi calendars
# Changes that move a session in time or space: attendees are told.
MOVE_FIELDS = {"starts_at", "ends_at", "room"}
SESSION_FIELDS = {
    "title",
    "kind",
    "track",
    "room",
    "starts_at",
    "ends_at",
    "description",
    "title_hi",  # the Hindi versions (conclave/content_language.py)
    "description_hi",
    "capacity",
    "needs_signup",
    "restriction",
    "allowed_countries",
}


def update_session(session, *, actor=None, notify=True, **changes):
    """Apply `changes` to the session; bump `sequence` if any calendar-visible field changed.
    `notify=False`: the caller fires the webhook itself, once it has changed the people too."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        changed = {name for name, value in changes.items() if original_value(session, name) != value}
        if not changed:
            return session
        for name, value in changes.items():
            setattr(session, name, value)
        fields = sorted(changed | {"updated"})
        if changed & CALENDAR_FIELDS:
            session.sequence = F("sequence") + 1
            fields.append("sequence")
        session.save(update_fields=fields)
        session.refresh_from_db()
        log_action("summits.session.updated", actor=actor, summit=session.summit, obj=session, fields=sorted(changed))
        if notify:
            webhook_events.session_changed(session)
    return session


def save_room_or_speaker(obj, *, actor=None):
    """Save a room or a speaker. A new name or organisation changes what calendars show for
    every session that names it (LOCATION, DESCRIPTION), so those sessions' SEQUENCE rises
    and their feeds' ETags change."""
    shown = ["name", "name_hi"] if isinstance(obj, Room) else ["name", "organisation", "title"]
    with transaction.atomic():
        before = type(obj).objects.filter(pk=obj.pk).values(*shown).first() if obj.pk else None
        obj.save()
        if before is None or all(before[f] == original_value(obj, f) for f in shown):
            return obj
        if isinstance(obj, Room):
            sessions = Session.objects.filter(room=obj)
        else:
            sessions = Session.objects.filter(Q(speakers=obj) | Q(moderators=obj))
        ids = list(sessions.values_list("pk", flat=True).distinct())
        Session.objects.filter(pk__in=ids).update(sequence=F("sequence") + 1, updated=timezone.now())
        log_action(
            f"summits.{obj._meta.model_name}.renamed", actor=actor, summit=obj.summit, obj=obj, sessions=len(ids)
        )
        # The room or the person is part of what subscribers see of each of those sessions.
        webhook_events.sessions_changed(obj.summit, lambda: _with_people(Session.objects.filter(pk__in=ids)))
    return obj


def _with_people(sessions):
    """Sessions with what a session.changed payload reads (room, speakers, moderators)."""
    return sessions.select_related("room").prefetch_related("speakers", "moderators").order_by("starts_at", "pk")


def cancel_session(session, *, actor=None):
    """A cancelled session stays in the data (and in feeds, as cancelled).

    Its seats are freed: every confirmed or waitlisted sign-up becomes `session_cancelled`
    (so personal agendas and feeds still show the session, as cancelled) and each
    attendee is emailed.
    """
    from .tasks import send_signup_email

    with transaction.atomic():
        session = update_session(session, actor=actor, status=SessionStatus.CANCELLED)
        signups = list(
            SessionSignup.objects.select_for_update().filter(session=session, status__in=SignupStatus.active())
        )
        SessionSignup.objects.filter(pk__in=[s.pk for s in signups]).update(status=SignupStatus.SESSION_CANCELLED)
        log_action(
            "summits.session.cancelled", actor=actor, summit=session.summit, obj=session, signups_freed=len(signups)
        )
        for signup in signups:
            send_signup_email.enqueue(signup.pk, "session_cancelled")
    return session


def check_session_values(summit, values):
    """Raise ScheduleError if `values` (room, track, speakers, moderators, times) do not fit `summit`."""
    room = values.get("room")
    if room is not None and room.summit_id != summit.pk:
        raise ScheduleError("wrong_room", _("Choose one of this summit's rooms."), field="room")
    track = values.get("track")
    if track is not None and track.summit_id != summit.pk:
        raise ScheduleError("wrong_track", _("Choose one of this summit's tracks."), field="track")
    for group in ("speakers", "moderators"):
        if any(person.summit_id != summit.pk for person in values.get(group) or ()):
            message = (
                _("Choose speakers of this summit.") if group == "speakers" else _("Choose moderators of this summit.")
            )
            raise ScheduleError(f"wrong_{group}", message, field=group)
    if values["ends_at"] <= values["starts_at"]:
        raise ScheduleError("ends_before_start", _("The session must end after it starts."), field="end_time")


def _check_conflicts(summit, *, session_id, values, save_anyway):
    proposal = Slot(
        id=session_id,
        title=values["title"],
        starts_at=values["starts_at"],
        ends_at=values["ends_at"],
        room=values.get("room"),
        capacity=values.get("capacity"),
        people={
            **{p.pk: (p.name, "speaker") for p in values.get("speakers") or ()},
            **{p.pk: (p.name, "moderator") for p in values.get("moderators") or ()},
        },
    )
    conflicts = conflicts_for_proposal(summit, proposal)
    if conflicts and not save_anyway:
        raise ConflictError(conflicts)
    return conflicts


def _people_ids(session):
    people = [session.speakers, session.moderators]
    return [sorted(group.values_list("pk", flat=True)) for group in people]


def restriction_differs(session, changes):
    """Whether `changes` alter who may attend `session` (its restriction or allowed countries)."""
    if "restriction" in changes and changes["restriction"] != session.restriction:
        return True
    if "allowed_countries" in changes:
        return {str(c) for c in changes["allowed_countries"]} != {c.code for c in session.allowed_countries}
    return False


def create_session(*, summit, actor, speakers=(), moderators=(), save_anyway=False, **fields):
    """A new session from the agenda builder. Conflicts raise ConflictError unless `save_anyway`."""
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise TypeError(f"Unknown session fields: {sorted(unknown)}")
    values = {**fields, "speakers": list(speakers), "moderators": list(moderators)}
    check_session_values(summit, values)
    with transaction.atomic():
        conflicts = _check_conflicts(summit, session_id=None, values=values, save_anyway=save_anyway)
        session = Session.objects.create(summit=summit, **fields)
        session.speakers.set(values["speakers"])
        session.moderators.set(values["moderators"])
        log_action(
            "summits.session.created",
            actor=actor,
            summit=summit,
            obj=session,
            saved_with_conflicts=[c.message for c in conflicts],
        )
        webhook_events.session_changed(session)
    return session


def reschedule_session(session, *, actor, speakers=None, moderators=None, save_anyway=False, **changes):
    """Edit, move or resize a session: re-checks conflicts, keeps sign-ups, tells the attendees.

    A larger capacity fills the new seats from the waiting list.
    """
    from ..screening.services import release_ineligible_for_session
    from .signups import promote_from_waitlist
    from .tasks import send_signup_email

    unknown = set(changes) - SESSION_FIELDS
    if unknown:
        raise TypeError(f"Unknown session fields: {sorted(unknown)}")
    if session.is_cancelled:
        raise ScheduleError("cancelled", _("This session is cancelled; it can no longer be changed."))
    values = {name: getattr(session, name) for name in ("title", "starts_at", "ends_at", "room", "capacity", "track")}
    values["speakers"] = list(speakers) if speakers is not None else list(session.speakers.all())
    values["moderators"] = list(moderators) if moderators is not None else list(session.moderators.all())
    values.update(changes)
    check_session_values(session.summit, values)
    with transaction.atomic():
        conflicts = _check_conflicts(session.summit, session_id=session.pk, values=values, save_anyway=save_anyway)
        before = Session.objects.select_for_update().get(pk=session.pk)
        moved = {name for name in MOVE_FIELDS if name in changes and getattr(before, name) != changes[name]}
        restriction_changed = restriction_differs(before, changes)
        people_before = _people_ids(before)
        session = update_session(before, actor=actor, notify=False, **changes)
        if speakers is not None:
            session.speakers.set(values["speakers"])
        if moderators is not None:
            session.moderators.set(values["moderators"])
        if session.updated != before.updated or _people_ids(session) != people_before:
            webhook_events.session_changed(session)  # once, with the people as they are now
        if conflicts:
            log_action(
                "summits.session.saved_with_conflicts",
                actor=actor,
                summit=session.summit,
                obj=session,
                conflicts=[c.message for c in conflicts],
            )
        if moved:
            signup_ids = list(
                SessionSignup.objects.filter(session=session, status__in=SignupStatus.active()).values_list(
                    "pk", flat=True
                )
            )
            log_action(
                "summits.session.moved",
                actor=actor,
                summit=session.summit,
                obj=session,
                fields=sorted(moved),
                attendees_told=len(signup_ids),
            )
            for signup_id in signup_ids:
                send_signup_email.enqueue(signup_id, "session_moved")
        if "capacity" in changes or "room" in changes:
            promote_from_waitlist(session)
    if restriction_changed:
        # After the session lock is let go: the release locks registrations, then the session.
        release_ineligible_for_session(session, actor=actor)
    return session
