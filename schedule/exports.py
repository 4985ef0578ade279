"""frab / C3VOC schedule exports: sessions in, bytes out (schedule.xml and schedule.json).

Both are built from one plain structure (`schedule_data`). Exports are public and the same for
everyone, so they are built as an anonymous reader sees them: a restricted session appears as
"Closed session" with its time and room (as on the agenda and in the iCal feed, so apps keep
the room marked as taken) and without abstract, description, track or persons. Cancelled
sessions are left out (the format has no cancelled state; apps drop what disappears).
"""

import hashlib
import json
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime
from itertools import groupby

from django_countries.fields import Country

from summits.enums import Restriction, SessionStatus
from summits.screening.eligibility import SessionAccess

CLOSED_TITLE = "Closed session"
_NAMESPACE = uuid.NAMESPACE_URL.bytes
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
    """uuid.uuid5(NAMESPACE_URL, site_url + path), written out: the same value, a fifth of the
    cost (uuid.UUID's checks dominate a 500-session export)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE + f"{site_url}{path}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _duration(starts_at, ends_at):
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _room_name(record, summit):
    return record["room"]["name"] if record["room"] else summit.venue


def _event(record, *, summit, visible, site_url, starts_at, ends_at):
    local = starts_at.astimezone(summit.tz)
    path = f"/summits/{summit.slug}/sessions/{record['id']}/"
    people = [p[1] for p in record["speakers"]] + [p[1] for p in record["moderators"]] if visible else []
    track = record["track"]
    return {
        "id": record["id"],
        "guid": _guid(site_url, path),
        "date": local.isoformat(),
        "start": f"{local.hour:02d}:{local.minute:02d}",
        "duration": _duration(starts_at, ends_at),
        "room": _room_name(record, summit),
        "slug": f"{acronym(summit)}-{record['id']}",
        "url": f"{site_url}{path}",
        "title": record["title"] if visible else CLOSED_TITLE,
        "subtitle": "",
        "track": (track["name"] if track else "") if visible else "",
        "type": TYPES.get(record["kind"], "other") if visible else "other",
        "language": "en",
        "abstract": record["description"] if visible else "",
        "description": "",
        "persons": [{"name": name} for name in people],
        "links": [],
    }


class _Shown:
    """What SessionAccess reads of a session, from a snapshot record (no model instance)."""

    def __init__(self, record):
        self.pk = record["id"]
        self.restriction = record["restriction"]
        self.is_restricted = record["restriction"] != Restriction.OPEN
        self.allowed_countries = [Country(code=code) for code in record["allowed_countries"]]


def schedule_data(summit, records, *, version, site_url):
    """The `schedule` object of the C3VOC JSON format from snapshot records (see snapshot.py),
    days in the summit's zone."""
    access = SessionAccess()  # anonymous: exports are public
    tz = summit.tz
    shown = []
    for record in records:
        if record["status"] == SessionStatus.CANCELLED:
            continue
        starts_at, ends_at = datetime.fromisoformat(record["starts_at"]), datetime.fromisoformat(record["ends_at"])
        shown.append((starts_at, ends_at, record, access.can_see(_Shown(record))))
    shown.sort(key=lambda item: (item[0], item[2]["room"]["position"] if item[2]["room"] else -1, item[2]["id"]))
    rooms = {}
    for _, _, record, _ in sorted(shown, key=lambda i: i[2]["room"]["position"] if i[2]["room"] else -1):
        name = _room_name(record, summit)
        if name not in rooms:
            rooms[name] = _guid(site_url, f"/summits/{summit.slug}/rooms/{_room_id(record)}")
    days = []
    for index, (day, items) in enumerate(groupby(shown, key=lambda i: i[0].astimezone(tz).date()), start=1):
        items = list(items)
        day_rooms = {name: [] for name in rooms}
        for starts_at, ends_at, record, visible in items:
            event = _event(
                record, summit=summit, visible=visible, site_url=site_url, starts_at=starts_at, ends_at=ends_at
            )
            day_rooms[event["room"]].append(event)
        days.append(
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": min(i[0] for i in items).astimezone(tz).isoformat(),
                "day_end": max(i[1] for i in items).astimezone(tz).isoformat(),
                "rooms": {name: events for name, events in day_rooms.items() if events},
            }
        )
    tracks = sorted(
        {r["track"]["name"]: r["track"]["colour"] for _, _, r, visible in shown if r["track"] and visible}.items()
    )
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


def _room_id(record):
    return record["room"]["id"] if record["room"] else 0


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
