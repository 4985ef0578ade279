"""Issue 18: the public agenda's rows are rendered once per version of the agenda; each person
gets the forms they may see, a change shows at once, and the closed form carries no details."""

import pytest

from summits.agenda.page_cache import agenda_rows
from summits.agenda.scheduling import update_session
from summits.calendar.feeds import feed_cache
from summits.enums import Restriction
from tests.factories import RegistrationFactory, SessionFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    feed_cache().clear()


def agenda(client, summit):
    response = client.get(f"/summits/{summit.slug}/agenda/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("count", [1, 40])
def test_cached_agenda_costs_the_summit_and_the_version_only(client, summit, django_assert_num_queries, count):
    for _ in range(count):
        SessionFactory(summit=summit).speakers.add(SpeakerFactory(summit=summit))
    # summit, version (the latest schedule release: none, so 3 aggregates of the live agenda);
    # then (cold) sessions and their speakers
    with django_assert_num_queries(7):
        agenda(client, summit)
    with django_assert_num_queries(5):  # summit, version
        html = agenda(client, summit)
    assert html.count('class="session session-plenary"') == count


def test_a_change_to_a_session_shows_at_once(client, summit, organizer):
    session = SessionFactory(summit=summit, title="Counter-drone systems")
    speaker = SpeakerFactory(summit=summit, name="Priya Joshi")
    assert "Counter-drone systems" in agenda(client, summit)

    update_session(session, title="Undersea sensing", actor=organizer)
    html = agenda(client, summit)
    assert "Undersea sensing" in html and "Counter-drone systems" not in html

    session.speakers.add(speaker)  # a link touches no session row
    assert "Priya Joshi" in agenda(client, summit)


def test_closed_session_details_never_reach_the_ineligible(client, summit):
    secret = SessionFactory(
        summit=summit, title="Hypersonics export roundtable", description="ITAR", restriction=Restriction.US_PERSONS
    )
    secret.speakers.add(SpeakerFactory(summit=summit, name="Colonel Secret"))
    eligible = RegistrationFactory(summit=summit, is_us_person=True)
    ineligible = RegistrationFactory(summit=summit)

    client.force_login(eligible.user)
    assert "Hypersonics export roundtable" in agenda(client, summit)  # fills the cache with both forms
    client.force_login(ineligible.user)
    html = agenda(client, summit)
    assert "Closed session" in html
    assert "Hypersonics" not in html and "Colonel Secret" not in html and "U.S. persons only" not in html

    [(_, [(_, row, closed)])] = agenda_rows(summit)
    assert "Hypersonics" in row
    assert "Hypersonics" not in closed and "Colonel Secret" not in closed and "ITAR" not in closed
    assert "Closed session" in closed

    client.force_login(UserFactory())  # no registration at all
    assert "Hypersonics" not in agenda(client, summit)
    client.logout()
    assert "Hypersonics" not in agenda(client, summit)


def test_clearances_are_read_only_for_an_agenda_with_a_session_that_needs_one(client, summit, organizer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from summits.models import SessionClearance

    SessionFactory(summit=summit, title="Open plenary")
    cleared, other = RegistrationFactory(summit=summit), RegistrationFactory(summit=summit)
    client.force_login(cleared.user)
    with CaptureQueriesContext(connection) as queries:
        assert "Open plenary" in agenda(client, summit)
    assert not [q for q in queries if "sessionclearance" in q["sql"]]

    SessionFactory(summit=summit, title="Cleared-only briefing", restriction=Restriction.CLEARED)
    SessionClearance.objects.create(
        session=summit.sessions.get(title="Cleared-only briefing"),
        registration=cleared,
        granted=True,
        reason="vetted",
        decided_by=organizer,
    )
    assert "Cleared-only briefing" in agenda(client, summit)
    client.force_login(other.user)
    html = agenda(client, summit)
    assert "Cleared-only briefing" not in html and "Closed session" in html
