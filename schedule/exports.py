"""frab / C3VOC schedule exports: sessions in, bytes out (schedule.xml and schedule.json).

Both are built from one plain structure (`schedule_data`). Exports are public and the same for
everyone, so they are built as an anonymous reader sees them: a restricted session appears as
"Closed session" with its time and room (as on the agenda and in the iCal feed, so apps keep
the room marked as taken) and without abstract, description, track or persons. Cancelled
sessions are left out (the format has no cancelled state; apps drop what disappears).
"""

import json
import uuid
import xml.etree.ElementTree as ET
from itertools import groupby

from summits.screening.eligibility import SessionAccess

CLOSED_TITLE = "Closed session"
# Session kinds as frab event types.
TYPES = {
    "plenary": "talk",
    "roundtable": "discussion",
    "workshop": "workshop",
    "pitch": "talk",
    "education": "workshop",
    "networking": "meeting",
    "break": "other",
}


def acronym(summit):
    """The C3VOC acronym pattern allows lower-case letters, digits and underscores."""
    return summit.slug.lower().replace("-", "_")


def _guid(site_url, path):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{site_url}{path}"))


def _duration(session):
    minutes = int((session.ends_at - session.starts_at).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _event(session, *, summit, visible, site_url, room_name):
    local = session.starts_at.astimezone(summit.tz)
    path = f"/summits/{summit.slug}/sessions/{session.pk}/"
    people = [p.name for p in session.speakers.all()] + [p.name for p in session.moderators.all()] if visible else []
    return {
        "id": session.pk,
        "guid": _guid(site_url, path),
        "date": local.isoformat(),
        "start": local.strftime("%H:%M"),
        "duration": _duration(session),
        "room": room_name,
        "slug": f"{acronym(summit)}-{session.pk}",
        "url": f"{site_url}{path}",
        "title": session.title if visible else CLOSED_TITLE,
        "subtitle": "",
        "track": (session.track.name if session.track else "") if visible else "",
        "type": TYPES.get(session.kind, "other") if visible else "other",
        "language": "en",
        "abstract": session.description if visible else "",
        "description": "",
        "persons": [{"name": name} for name in people],
        "links": [],
    }


def schedule_data(summit, sessions, *, version, site_url):
    """The `schedule` object of the C3VOC JSON format, days in the summit's zone."""
    access = SessionAccess()  # anonymous: exports are public
    tz = summit.tz
    shown = [s for s in sessions if not s.is_cancelled]
    rooms = {}
    for session in sorted(shown, key=lambda s: (s.room.position if s.room else -1, s.room.name if s.room else "")):
        name = session.room.name if session.room else summit.venue
        rooms.setdefault(name, _guid(site_url, f"/summits/{summit.slug}/rooms/{session.room_id or 0}"))
    days = []
    by_day = groupby(sorted(shown, key=lambda s: s.starts_at), key=lambda s: s.starts_at.astimezone(tz).date())
    for index, (day, items) in enumerate(by_day, start=1):
        items = list(items)
        day_rooms = {name: [] for name in rooms}
        for session in items:
            room_name = session.room.name if session.room else summit.venue
            visible = access.can_see(session)
            day_rooms[room_name].append(
                _event(session, summit=summit, visible=visible, site_url=site_url, room_name=room_name)
            )
        days.append(
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": min(s.starts_at for s in items).astimezone(tz).isoformat(),
                "day_end": max(s.ends_at for s in items).astimezone(tz).isoformat(),
                "rooms": {name: events for name, events in day_rooms.items() if events},
            }
        )
    tracks = sorted({s.track.name: s.track.colour for s in shown if s.track and access.can_see(s)}.items())
    return {
        "version": version,
        "base_url": f"{site_url}/summits/{summit.slug}/",
        "conference": {
            "acronym": acronym(summit),
            "title": summit.name,
            "start": summit.start_date.isoformat(),
            "end": summit.end_date.isoformat(),
            "daysCount": (summit.end_date - summit.start_date).days + 1,
            "timeslot_duration": "00:15",
            "time_zone_name": summit.timezone,
            "url": f"{site_url}/summits/{summit.slug}/agenda/",
            "tracks": [{"name": name, "color": colour} for name, colour in tracks],
            "rooms": [{"name": name, "guid": guid} for name, guid in rooms.items()],
            "days": days,
        },
    }


def schedule_json(data):
    return json.dumps(
        {"$schema": "https://c3voc.de/schedule/schema.json", "schedule": data}, ensure_ascii=False
    ).encode()


def _sub(parent, tag, text="", **attrs):
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    element.text = str(text)
    return element


def schedule_xml(data):
    root = ET.Element("schedule")
    _sub(root, "version", data["version"])
    conference = data["conference"]
    head = ET.SubElement(root, "conference")
    for key in ("acronym", "title", "start", "end"):
        _sub(head, key, conference[key])
    _sub(head, "days", conference["daysCount"])
    _sub(head, "timeslot_duration", conference["timeslot_duration"])
    for day in conference["days"]:
        day_element = ET.SubElement(
            root, "day", index=str(day["index"]), date=day["date"], start=day["day_start"], end=day["day_end"]
        )
        for room_name, events in day["rooms"].items():
            room = ET.SubElement(day_element, "room", name=room_name)
            for event in events:
                element = ET.SubElement(room, "event", id=str(event["id"]), guid=event["guid"])
                for key in ("date", "start", "duration", "room", "slug", "title", "subtitle", "track", "type"):
                    _sub(element, key, event[key])
                _sub(element, "language", event["language"])
                _sub(element, "abstract", event["abstract"])
                _sub(element, "description", event["description"])
                persons = ET.SubElement(element, "persons")
                for person in event["persons"]:
                    _sub(persons, "person", person["name"])
                ET.SubElement(element, "links")
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
