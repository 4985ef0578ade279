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
    """The summit-wide arrival, at the desk (`scope` "summit"; `id` is the arrival's)."""
    return _emit(
        checkin.summit,
        Event.CHECKIN_CREATED,
        {
            "id": checkin.pk,
            "scope": "summit",
            "list": None,
            "session": None,
            "registration": checkin.registration_id,
            "badge_name": checkin.registration.badge_name,
            "desk": checkin.desk,
            "at": checkin.created.astimezone(checkin.summit.tz).isoformat(),
            "offline": False,
        },
    )


def _who_at(session, checkin):
    """The session and the person of a check-in (a list entry or a door admission). At a
    restricted session's door: the session's id and "Closed session" only, and no person (who
    attends a closed session is one of its details)."""
    closed = session is not None and session.is_restricted
    return {
        "session": None
        if session is None
        else {"id": session.pk, "closed": closed, "title": CLOSED_TITLE if closed else session.title},
        "registration": None if closed else checkin.registration_id,
        "badge_name": None if closed else checkin.registration.badge_name,
    }


def door_admission_created(admission):
    """A person let in at a session's door scanned without a check-in list (`scope` "door"; `id`
    is the admission's), closed as a list's is at a restricted session's door."""
    summit = admission.session.summit
    return _emit(
        summit,
        Event.CHECKIN_CREATED,
        {
            "id": admission.pk,
            "scope": "door",
            "list": None,
            **_who_at(admission.session, admission),
            "desk": admission.desk,
            "at": admission.created.astimezone(summit.tz).isoformat(),
            "offline": False,
        },
    )


def list_entry_data(checkin_list, entry):
    """A check-in counted at a list (`scope` "list"; `id` is the list entry's): an entrance's
    day, a hall, or a session's door. At a restricted session's door the list's name is left
    out too (it may be the session's)."""
    session = checkin_list.session if checkin_list.session_id else None
    closed = session is not None and session.is_restricted
    return {
        "id": entry.pk,
        "scope": "list",
        "list": {"id": checkin_list.pk, "kind": checkin_list.kind, "name": None if closed else checkin_list.name},
        **_who_at(session, entry),
        "desk": entry.desk,
        "at": entry.scanned_at.astimezone(checkin_list.summit.tz).isoformat(),
        "offline": entry.offline,
    }


def list_checkins_created(checkin_list, entries):
    """`checkin.created` for each newly counted entry of a list (the first scan that lets a
    person in; not re-entries, exits or refusals): the subscribers are read once per call."""
    summit = checkin_list.summit
    endpoints = subscribed_endpoints(summit, Event.CHECKIN_CREATED) if entries else []
    deliveries = []
    for entry in entries:
        payload = _payload(summit, Event.CHECKIN_CREATED, list_entry_data(checkin_list, entry))
        deliveries += [queue_delivery(endpoint, Event.CHECKIN_CREATED, payload) for endpoint in endpoints]
    return deliveries


def _party(registration):
    """A side of a meeting as the organizer's table plan shows it: the name, and the
    organisation where the person chose to show it."""
    profile = getattr(registration, "meeting_profile", None)
    shown = profile is None or profile.show_organisation
    return {
        "registration": registration.pk,
        "name": registration.badge_name,
        "organisation": registration.organisation if shown else "",
    }


def meeting_data(meeting, summit):
    """`meeting` with table, block and both registrations (and their profiles) loaded. `request`
    stays the same when the scheduler moves a meeting (the feeds' UID uses it); `sequence` rises."""
    tz = summit.tz
    return {
        "id": meeting.pk,
        "request": meeting.request_id,
        "starts_at": meeting.starts_at.astimezone(tz).isoformat(),
        "ends_at": meeting.ends_at.astimezone(tz).isoformat(),
        "timezone": summit.timezone,
        "block": meeting.block.name,
        "table": meeting.table.name,
        "sequence": meeting.sequence,
        "parties": [_party(meeting.request.requester), _party(meeting.request.recipient)],
    }


def meetings_scheduled(summit, meetings):
    """Call when meetings of `summit` become confirmed (or a confirmed one moves): one delivery
    per meeting and endpoint. `meetings()` is called only if anyone subscribed."""
    endpoints = subscribed_endpoints(summit, Event.MEETING_SCHEDULED)
    if not endpoints:
        return []
    deliveries = []
    for meeting in meetings():
        payload = _payload(summit, Event.MEETING_SCHEDULED, meeting_data(meeting, summit))
        deliveries += [queue_delivery(endpoint, Event.MEETING_SCHEDULED, payload) for endpoint in endpoints]
    return deliveries
