"""A release's schedule.json and schedule.xml are rendered once and read back: what is stored is
what the export served, a change of the summit renders them again, a new release gets its own,
and a closed session's details are never in a stored document."""

import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from schedule.models import ReleaseDocument
from schedule.services import release_schedule
from summits.agenda.scheduling import update_session
from summits.enums import Restriction
from tests.factories import SessionFactory, SpeakerFactory
from tests.schedule.helpers import events, validate_json, validate_xml

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cold(settings):
    settings.FEED_STATE_SECONDS = 0
    settings.FEED_CACHE_SECONDS = 0  # every request goes past the bytes cache


def get(client, summit, kind):
    response = client.get(reverse(f"schedule:schedule-{kind}", kwargs={"slug": summit.slug}))
    assert response.status_code == 200
    return response.content


def titles(body):
    return sorted(e["title"] for e in events(validate_json(body)).values())


@pytest.fixture
def released(summit, organizer):
    SessionFactory(summit=summit, title="Opening keynote", starts_at=datetime(2027, 2, 10, 4, tzinfo=UTC))
    release_schedule(summit=summit, version="1.0", actor=organizer)
    return summit


def test_each_kind_is_rendered_once_and_served_from_the_stored_document(client, released):
    first_json, first_xml = get(client, released, "json"), get(client, released, "xml")
    assert get(client, released, "json") == first_json and get(client, released, "xml") == first_xml
    stored = {d.kind: d.body.encode() for d in ReleaseDocument.objects.all()}
    assert stored == {"json": first_json, "xml": first_xml}
    validate_xml(first_xml)
    assert json.loads(first_json)["schedule"]["version"] == "1.0"


def test_live_edits_after_the_release_leave_the_stored_document_alone(client, released, organizer):
    before = get(client, released, "json")
    update_session(released.sessions.get(), actor=organizer, title="Renamed in the draft")
    assert get(client, released, "json") == before
    assert titles(before) == ["Opening keynote"]


def test_a_change_of_the_summit_renders_the_document_again(client, released):
    assert json.loads(get(client, released, "json"))["schedule"]["conference"]["title"] != "INDUS-X Delhi"
    released.name = "INDUS-X Delhi"
    released.save()
    assert json.loads(get(client, released, "json"))["schedule"]["conference"]["title"] == "INDUS-X Delhi"
    assert ReleaseDocument.objects.count() == 1  # replaced, not added


def test_a_new_release_gets_its_own_document(client, released, organizer):
    get(client, released, "json")
    SessionFactory(summit=released, title="Pitch hour", starts_at=datetime(2027, 2, 10, 6, tzinfo=UTC))
    assert titles(get(client, released, "json")) == ["Opening keynote"]
    release_schedule(summit=released, version="2.0", actor=organizer)
    assert titles(get(client, released, "json")) == ["Opening keynote", "Pitch hour"]
    assert sorted(d.release.version for d in ReleaseDocument.objects.all()) == ["1.0", "2.0"]


def test_stored_documents_keep_closed_sessions_closed(client, summit, organizer):
    closed = SessionFactory(
        summit=summit, title="Hypersonic roundtable", description="ITAR", restriction=Restriction.US_PERSONS
    )
    closed.speakers.add(SpeakerFactory(summit=summit, name="Dr. Hidden"))
    release_schedule(summit=summit, version="1.0", actor=organizer)
    get(client, summit, "json"), get(client, summit, "xml")
    for document in ReleaseDocument.objects.all():
        body = document.body.encode()
        assert b"Closed session" in body
        assert b"Hypersonic" not in body and b"ITAR" not in body and b"Hidden" not in body


def test_each_language_has_its_own_stored_document(client, released):
    """The summit's name follows the reader's language: a document stored for a Hindi reader
    is never served to an English one, nor the other way round."""
    released.name_hi = "इंडस-एक्स"
    released.save()

    def title(language):
        url = reverse("schedule:schedule-json", kwargs={"slug": released.slug})
        return json.loads(client.get(url, HTTP_ACCEPT_LANGUAGE=language).content)["schedule"]["conference"]["title"]

    assert [title("hi"), title("en"), title("hi"), title("en")] == ["इंडस-एक्स", released.name_en] * 2
    assert sorted(ReleaseDocument.objects.values_list("language", flat=True)) == ["en", "hi"]
