"""Helpers shared by the summits tests (plain functions; fixtures live in conftest.py)."""

from datetime import UTC, datetime, time

import icalendar
import vobject
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from summits.enums import Restriction, SignupStatus
from summits.models import SessionSignup
from tests.factories import CategoryFactory, RegistrationFactory, RoomFactory, SessionFactory, SpeakerFactory


def admin_change_data(obj, user, **changes):
    """The POST body of `obj`'s admin change form as it stands, with `changes` applied.
    Date-times are split as the admin's widgets post them, in the active zone."""
    model_admin = admin.site._registry[type(obj)]
    request = RequestFactory().post("/admin/")
    request.user = user
    form_class = model_admin.get_form(request, obj, change=True)
    form = form_class(instance=obj)
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if value is None:
            continue
        if hasattr(value, "all"):
            value = [o.pk for o in value.all()]
        elif isinstance(value, list):
            value = [getattr(v, "pk", getattr(v, "code", v)) for v in value]
        elif hasattr(value, "pk"):
            value = value.pk
        data[name] = value
    data.update(changes)
    for name in ("starts_at", "ends_at"):
        if name in data and hasattr(data[name], "strftime"):
            # The admin reads wall times in the active zone.
            moment = timezone.localtime(data.pop(name))
            data[f"{name}_0"], data[f"{name}_1"] = f"{moment:%Y-%m-%d}", f"{moment:%H:%M:%S}"
    return {k: v for k, v in data.items() if v is not False}


# ---------------------------------------------------------------- feeds


def unfold(body):
    return body.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")


def parse_both(body):
    """{uid: facts} from icalendar and from vobject; the two must agree on every fact."""
    cal = icalendar.Calendar.from_ical(body)
    by_icalendar = {}
    for event in cal.events:
        by_icalendar[str(event["UID"])] = {
            "summary": str(event["SUMMARY"]),
            "start": event.start.astimezone(UTC),
            "end": event.end.astimezone(UTC),
            "start_tzid": event["DTSTART"].params.get("TZID"),
            "end_tzid": event["DTEND"].params.get("TZID"),
            "sequence": int(event["SEQUENCE"]),
            "status": str(event["STATUS"]),
            "location": str(event.get("LOCATION", "")),
            "description": str(event.get("DESCRIPTION", "")),
            "url": str(event.get("URL", "")),
        }
    # vobject keeps the first VTIMEZONE it met for a TZID for the whole process; each
    # document must be read with its own (ours cover only the feed's dates).
    vtimezones = vars(vobject.icalendar)["__tzidMap"]
    vtimezones.clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)
    parsed = vobject.readOne(body.decode("utf-8"))
    by_vobject = {}
    for event in parsed.vevent_list if hasattr(parsed, "vevent_list") else []:
        by_vobject[event.uid.value] = {
            "summary": event.summary.value,
            "start": event.dtstart.value.astimezone(UTC),
            "end": event.dtend.value.astimezone(UTC),
            # vobject reads the time through our VTIMEZONE (not the IANA data) and keeps the name aside.
            "start_tzid": _vobject_tzid(event.dtstart),
            "end_tzid": _vobject_tzid(event.dtend),
            "sequence": int(event.sequence.value),
            "status": event.status.value,
            "location": event.location.value if hasattr(event, "location") else "",
            "description": event.description.value if hasattr(event, "description") else "",
            "url": event.url.value if hasattr(event, "url") else "",
        }
    assert by_icalendar == by_vobject
    return by_icalendar


def _vobject_tzid(prop):
    """The TZID vobject kept aside for a time, None for a time written in UTC."""
    return prop.params["X-VOBJ-ORIGINAL-TZID"][0] if "X-VOBJ-ORIGINAL-TZID" in prop.params else None


def get_feed(client, summit, **headers):
    return client.get(reverse("summits:agenda-feed", kwargs={"slug": summit.slug}), headers=headers)


SECRET_TITLE = "Hypersonic propulsion export review"
SECRET_TEXT = "Classified thermal shielding data"
SECRET_SPEAKER = "Dr Quentin Zephyrsmith"


def closed_session(summit, **kwargs):
    room = RoomFactory(summit=summit, name="Vault room")
    session = SessionFactory(
        summit=summit,
        room=room,
        title=SECRET_TITLE,
        description=SECRET_TEXT,
        restriction=Restriction.US_PERSONS,
        **kwargs,
    )
    session.speakers.add(SpeakerFactory(summit=summit, name=SECRET_SPEAKER))
    return session


def assert_redacted(body, session):
    for secret in (SECRET_TITLE, SECRET_TEXT, SECRET_SPEAKER, "Hypersonic", "Zephyrsmith", "thermal"):
        assert secret.encode() not in body
        assert secret.encode() not in unfold(body)
    event = parse_both(body)[f"session-{session.pk}@testserver"]
    assert event["summary"] == "Closed session"
    assert event["location"] == "Vault room, BIEC, Bengaluru"
    assert event["start"] == session.starts_at.astimezone(UTC)
    assert event["end"] == session.ends_at.astimezone(UTC)
    assert event["description"] == (
        "This session is open to eligible attendees only.\n\nhttp://testserver" + session.get_absolute_url()
    )


def signup(registration, session, status=SignupStatus.CONFIRMED):
    return SessionSignup.objects.create(registration=registration, session=session, status=status)


def feed_path(token):
    return reverse("summits:personal-feed", kwargs={"slug": token.registration.summit.slug, "token": token.token})


def url(name, summit, *args):
    return reverse(f"summits:{name}", args=[summit.slug, *args])


def at(summit, hour, minute=0):
    """`hour`:`minute` on the summit's first day, in its zone."""
    return datetime.combine(summit.start_date, time(hour, minute), tzinfo=summit.tz)


def attendee_of(summit, **fields):
    return RegistrationFactory(summit=summit, category=CategoryFactory(summit=summit), **fields)


def queries_of_page(client, path):
    """How many SQL queries a GET of `path` runs (it must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)
