"""Changing sessions. Every edit goes through here so SEQUENCE rises when calendars must update."""

from django.db import transaction
from django.db.models import F

from .audit import log_action
from .enums import SessionStatus
from .models import Session

# Changes a subscribed calendar must show; each one raises the session's SEQUENCE.
CALENDAR_FIELDS = {"title", "starts_at", "ends_at", "room", "room_id", "status", "description"}


def update_session(session, *, actor=None, **changes):
    """Apply `changes` to the session; bump `sequence` if any calendar-visible field changed."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        changed = {name for name, value in changes.items() if getattr(session, name) != value}
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
    return session


def cancel_session(session, *, actor=None):
    """A cancelled session stays in the data (and in feeds, as cancelled)."""
    session = update_session(session, actor=actor, status=SessionStatus.CANCELLED)
    log_action("summits.session.cancelled", actor=actor, summit=session.summit, obj=session)
    return session
