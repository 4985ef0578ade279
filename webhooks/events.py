"""The events other apps call, one plain function each. They only queue deliveries (sent by
the worker after the caller's transaction commits); none of them blocks on the network.

A payload never carries a restricted session's details: its id and "Closed session" only,
whoever the endpoint belongs to (a webhook receiver is a third party, eligible for nothing)."""

from django.utils import timezone

from .models import Event
from .queries import subscribed_endpoints
from .services import queue_delivery

CLOSED_TITLE = "Closed session"


def _emit(summit, event, data):
    endpoints = subscribed_endpoints(summit, event)
    if not endpoints:
        return []
    return [queue_delivery(endpoint, event, _payload(summit, event, data)) for endpoint in endpoints]


def _payload(summit, event, data):
    return {"type": event, "timestamp": timezone.now().isoformat(), "summit": summit.slug, "data": data}


def session_data(session):
    if session.is_restricted:
        return {"id": session.pk, "closed": True, "title": CLOSED_TITLE}
    tz = session.summit.tz
    return {
        "id": session.pk,
        "closed": False,
        "title": session.title,
        "status": session.status,
        "starts_at": session.starts_at.astimezone(tz).isoformat(),
        "ends_at": session.ends_at.astimezone(tz).isoformat(),
        "room": session.room.name if session.room_id else None,
        "speakers": [person.name for person in session.speakers.all()],
        "moderators": [person.name for person in session.moderators.all()],
        "sequence": session.sequence,
    }


def schedule_released(summit, *, version="", changes=None):
    """Call when the organizer releases the agenda: `version` is the release's name, `changes`
    an optional summary of counts ({"added": 2, "moved": 1, ...}), never session details."""
    return _emit(summit, Event.SCHEDULE_RELEASED, {"version": str(version), "changes": dict(changes or {})})


def session_changed(session):
    """Call when what a subscriber sees of `session` changes: created, edited, moved,
    cancelled, its people changed, or its room or a speaker renamed."""
    return _emit(session.summit, Event.SESSION_CHANGED, session_data(session))


def sessions_changed(summit, sessions):
    """`session_changed` for many sessions of `summit` (a rename touches all that name it):
    the subscribers are read once, and `sessions()` is called only if there are any."""
    endpoints = subscribed_endpoints(summit, Event.SESSION_CHANGED)
    if not endpoints:
        return []
    deliveries = []
    for session in sessions():
        session.summit = summit
        payload = _payload(summit, Event.SESSION_CHANGED, session_data(session))
        deliveries += [queue_delivery(endpoint, Event.SESSION_CHANGED, payload) for endpoint in endpoints]
    return deliveries


def registration_approved(registration):
    return _emit(
        registration.summit,
        Event.REGISTRATION_APPROVED,
        {
            "id": registration.pk,
            "email": registration.user.email,
            "badge_name": registration.badge_name,
            "organisation": registration.organisation,
            "category": registration.category.name,
        },
    )


def checkin_created(checkin):
    return _emit(
        checkin.summit,
        Event.CHECKIN_CREATED,
        {
            "id": checkin.pk,
            "registration": checkin.registration_id,
            "badge_name": checkin.registration.badge_name,
            "desk": checkin.desk,
            "at": checkin.created.astimezone(checkin.summit.tz).isoformat(),
        },
    )
