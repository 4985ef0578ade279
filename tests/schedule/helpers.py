import json
import re
import uuid
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
from lxml import etree

SCHEMAS = Path(__file__).parent / "schemas"


def validate_json(body):
    """Validate against the C3VOC schedule JSON schema (with format checks); return the parsed data."""
    data = json.loads(body)
    schema = json.loads((SCHEMAS / "schedule.schema.json").read_text())
    jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER).validate(data)
    check_formats(data)
    return data


def _date_time(value):
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value), value  # with its offset
    datetime.fromisoformat(value)


def _uri(value):
    parts = urlsplit(value)
    assert parts.scheme in ("http", "https") and parts.netloc, value


def check_formats(data):
    """The schema's `format`s that jsonschema leaves unchecked for draft 6 (uuid, date, date-time,
    uri), checked here. An event's `start` is frab's "HH:MM" (as frab and pretalx write it, and
    as the XML schema requires), though this schema version calls it date-time."""
    conference = data["schedule"]["conference"]
    date.fromisoformat(conference["start"]), date.fromisoformat(conference["end"])
    _uri(conference["url"])
    for room in conference["rooms"]:
        uuid.UUID(room["guid"])
    for day in conference["days"]:
        date.fromisoformat(day["date"])
        _date_time(day["day_start"]), _date_time(day["day_end"])
    for event in events(data).values():
        uuid.UUID(event["guid"])
        _date_time(event["date"])
        _uri(event["url"])
        assert re.fullmatch(r"\d\d:\d\d", event["start"]), event["start"]


def validate_xml(body):
    """Validate against the frab schedule.xml XSD; return the root element."""
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))
    root = etree.fromstring(body)
    schema.assertValid(root)
    return root


def events(data):
    """{id: event} over every day and room of a schedule.json."""
    found = {}
    for day in data["schedule"]["conference"]["days"]:
        for room_events in day["rooms"].values():
            for event in room_events:
                found[event["id"]] = event
    return found
