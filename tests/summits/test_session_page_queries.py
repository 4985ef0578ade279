"""A session page reads no more than it shows: speakers only for the live session it shows,
a clearance only for a session that needs one (issue 18: every query of a busy page counts)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schedule.services import release_schedule
from summits.enums import Restriction
from summits.models import SessionClearance
from tests.factories import SpeakerFactory, roundtable
from tests.summits.helpers import attendee_of, url

pytestmark = pytest.mark.django_db


def page(client, summit, session):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("session", summit, session.pk))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries]


def with_speakers(session, count):
    for _ in range(count):
        session.speakers.add(SpeakerFactory(summit=session.summit))
    session.moderators.add(SpeakerFactory(summit=session.summit, name="Moderator Mehta"))


def test_a_live_open_session_costs_the_same_whatever_its_speakers_and_asks_no_clearance(client, summit):
    client.force_login(attendee_of(summit).user)
    few, many = roundtable(summit), roundtable(summit)
    with_speakers(few, 1)
    with_speakers(many, 6)
    html, few_queries = page(client, summit, few)
    assert "Moderator Mehta" in html
    html, many_queries = page(client, summit, many)
    assert html.count("Acme Defence") == 6 + 1 and "Moderator Mehta" in html  # six speakers, one moderator
    assert len(many_queries) == len(few_queries)
    assert not [q for q in many_queries if "sessionclearance" in q]


def test_a_released_session_shows_the_release_speakers_without_reading_the_live_ones(client, summit, organizer):
    session = roundtable(summit, title="Released table")
    with_speakers(session, 2)
    release_schedule(summit=summit, version="1.0", actor=organizer)
    session.speakers.add(SpeakerFactory(summit=summit, name="Added After Release"))
    client.force_login(attendee_of(summit).user)
    html, queries = page(client, summit, session)
    assert "Moderator Mehta" in html and "Released table" in html
    assert "Added After Release" not in html
    assert not [q for q in queries if "session_speakers" in q or "session_moderators" in q]


def test_a_cleared_session_opens_to_the_cleared_attendee_only(client, summit, organizer):
    session = roundtable(summit, title="Cleared-only table", restriction=Restriction.CLEARED)
    cleared, other = attendee_of(summit), attendee_of(summit)
    SessionClearance.objects.create(
        session=session, registration=cleared, granted=True, reason="ok", decided_by=organizer
    )
    client.force_login(cleared.user)
    assert "Cleared-only table" in page(client, summit, session)[0]
    client.force_login(other.user)
    html = page(client, summit, session)[0]
    assert "Cleared-only table" not in html and "Closed session" in html


def test_a_session_closed_in_the_release_stays_closed_when_the_live_row_opens(client, summit, organizer):
    session = roundtable(summit, title="Closed in the release", restriction=Restriction.CLEARED)
    release_schedule(summit=summit, version="1.0", actor=organizer)
    session.restriction = Restriction.OPEN
    session.save()
    cleared, other = attendee_of(summit), attendee_of(summit)
    SessionClearance.objects.create(
        session=session, registration=cleared, granted=True, reason="ok", decided_by=organizer
    )
    client.force_login(other.user)
    html = page(client, summit, session)[0]
    assert "Closed in the release" not in html and "Closed session" in html
    client.force_login(cleared.user)
    assert "Closed in the release" in page(client, summit, session)[0]
