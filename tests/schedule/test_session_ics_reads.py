"""A single-session .ics of a released summit, and its 304, read only that session's record of
the release: the rest of the snapshot (every other session) is neither sent nor decoded."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.db.models import JSONField
from django.urls import reverse

from schedule.queries import latest_release, released_versions
from schedule.services import release_schedule
from summits.agenda.scheduling import update_session
from summits.enums import Restriction
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

START = datetime(2027, 2, 10, 4, 0, tzinfo=UTC)


@pytest.fixture
def released(summit, organizer):
    sessions = [
        SessionFactory(summit=summit, title=f"Released talk {n}", starts_at=START + timedelta(hours=n))
        for n in range(30)
    ]
    release_schedule(summit=summit, version="1.0", actor=organizer)
    return sessions


@pytest.fixture
def decoded(monkeypatch):
    """Every JSON value read from the database, as decoded."""
    values, original = [], JSONField.from_db_value

    def spy(self, value, expression, connection):
        values.append(original(self, value, expression, connection))
        return values[-1]

    monkeypatch.setattr(JSONField, "from_db_value", spy)
    return values


def released_titles(values):
    """The session titles in the decoded values (records, lists of them, or whole snapshots)."""
    if isinstance(values, dict):
        return [values["title"]] if "title" in values and "id" in values else released_titles(list(values.values()))
    if isinstance(values, list):
        return [title for value in values for title in released_titles(value)]
    return []


def ics(client, session, **headers):
    return client.get(reverse("summits:session-ics", kwargs={"slug": session.summit.slug, "pk": session.pk}), **headers)


def test_a_session_ics_and_its_304_decode_that_session_only(client, released, decoded, django_assert_num_queries):
    talk = released[7]
    update_session(talk, title="Renamed in the draft")
    response = ics(client, talk)
    [event] = icalendar.Calendar.from_ical(response.content).events
    assert str(event["SUMMARY"]) == "Released talk 7"  # the release's title, not the draft's
    # summit, session with speakers and moderators, the latest release with the one record
    with django_assert_num_queries(5):
        assert ics(client, talk, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert released_titles(decoded) == ["Released talk 7", "Released talk 7"]


def test_a_closed_session_picked_from_the_release_stays_closed(client, summit, organizer, decoded):
    closed = SessionFactory(summit=summit, title="Hypersonic roundtable", restriction=Restriction.US_PERSONS)
    SessionFactory(summit=summit, title="Open talk")
    release_schedule(summit=summit, version="1.0", actor=organizer)
    update_session(closed, restriction=Restriction.OPEN)
    response = ics(client, closed)
    [event] = icalendar.Calendar.from_ical(response.content).events
    assert str(event["SUMMARY"]) == "Closed session" and b"Hypersonic" not in response.content
    assert released_titles(decoded) == ["Hypersonic roundtable"]


def test_picked_records_match_the_whole_snapshot(summit, released):
    """Picked by the database, or taken from a snapshot already read: the same sessions."""
    wanted = [released[0], released[12], released[29]]
    picked = released_versions(summit, wanted)
    whole_summit = type(summit).objects.get(pk=summit.pk)
    assert len(latest_release(whole_summit).snapshot["sessions"]) == 30  # read whole, as the agenda page does
    whole = released_versions(whole_summit, wanted)
    assert {pk: (s.title, s.starts_at, s.live) for pk, s in picked.items()} == {
        pk: (s.title, s.starts_at, s.live) for pk, s in whole.items()
    }
    assert sorted(picked) == sorted(s.pk for s in wanted)
    assert latest_release(summit).pk == latest_release(whole_summit).pk  # remembered, no second query
