"""A release's snapshot: sessions as plain JSON, and back to (unsaved) Session objects.

Restored sessions carry the same attributes the live ones do where the public agenda, the
feeds and the exports read them (room, track, speakers, moderators, `feed_people`), so every
reader, and SessionAccess before it, treats them alike. Ids are the live sessions' ids.
"""

from datetime import datetime

from conclave.content_language import original_value
from summits.models import Room, Session, Speaker, Track

SNAPSHOT_FORMAT = 1


def _people(people):
    return [[p.pk, p.name, p.title, p.organisation] for p in sorted(people, key=lambda p: (p.name, p.pk))]


def session_record(session):
    """The English originals and their Hindi versions (None: none), whatever language the
    release was made in; readers of a restored session see their language (summits.translation)."""
    room, track = session.room, session.track
    return {
        "id": session.pk,
        "title": original_value(session, "title"),
        "title_hi": session.title_hi,
        "description_hi": session.description_hi,
        "kind": session.kind,
        "status": session.status,
        "restriction": session.restriction,
        "allowed_countries": [c.code for c in session.allowed_countries],
        "needs_signup": session.needs_signup,
        "capacity": session.capacity,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "description": original_value(session, "description"),
        "sequence": session.sequence,
        "updated": session.updated.isoformat(),
        "room": room
        and {
            "id": room.pk,
            "name": original_value(room, "name"),
            "name_hi": room.name_hi,
            "position": room.position,
            "capacity": room.capacity,
        },
        "track": track and {"id": track.pk, "name": track.name, "colour": track.colour},
        "speakers": _people(session.speakers.all()),
        "moderators": _people(session.moderators.all()),
    }


def build_snapshot(sessions):
    """`sessions` with room, track, speakers and moderators loaded."""
    return {"format": SNAPSHOT_FORMAT, "sessions": [session_record(s) for s in sessions]}


def _prefetched(model, objects):
    queryset = model.objects.all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    return queryset


def _speakers(rows, summit):
    return [Speaker(pk=pk, summit=summit, name=name, title=title, organisation=org) for pk, name, title, org in rows]


def restore_session(record, summit):
    session = Session(
        pk=record["id"],
        summit=summit,
        title=record["title"],
        title_hi=record.get("title_hi"),  # releases made before Hindi versions existed have none
        description_hi=record.get("description_hi"),
        kind=record["kind"],
        status=record["status"],
        restriction=record["restriction"],
        allowed_countries=record["allowed_countries"],
        needs_signup=record["needs_signup"],
        capacity=record["capacity"],
        starts_at=datetime.fromisoformat(record["starts_at"]),
        ends_at=datetime.fromisoformat(record["ends_at"]),
        description=record["description"],
        sequence=record["sequence"],
        updated=datetime.fromisoformat(record["updated"]),
    )
    room, track = record["room"], record["track"]
    session.room = room and Room(
        pk=room["id"],
        summit=summit,
        name=room["name"],
        name_hi=room.get("name_hi"),
        position=room["position"],
        capacity=room["capacity"],
    )
    session.track = track and Track(pk=track["id"], summit=summit, name=track["name"], colour=track["colour"])
    speakers, moderators = _speakers(record["speakers"], summit), _speakers(record["moderators"], summit)
    session._prefetched_objects_cache = {
        "speakers": _prefetched(Speaker, speakers),
        "moderators": _prefetched(Speaker, moderators),
    }
    session.feed_people = tuple(
        sorted((p.name, p.title, p.organisation) for p in group) for group in (speakers, moderators)
    )
    session._state.adding = False
    return session


def restore_sessions(snapshot, summit):
    return [restore_session(record, summit) for record in snapshot.get("sessions", [])]
