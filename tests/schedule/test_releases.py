"""Releases: the public agenda, feeds and changelog show the latest release, not the draft."""

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from django.urls import reverse

from schedule.errors import ReleaseError
from schedule.models import ScheduleRelease
from schedule.queries import published_sessions
from schedule.services import release_schedule
from summits.agenda.scheduling import cancel_session, update_session
from summits.agenda.signups import sign_up_for_session
from summits.calendar import tokens as feed_tokens
from summits.enums import Restriction
from summits.models import AuditEntry
from tests.factories import RegistrationFactory, RoomFactory, SessionFactory, SpeakerFactory, SummitFactory, roundtable

pytestmark = pytest.mark.django_db

START = datetime(2027, 2, 10, 4, 0, tzinfo=UTC)  # 09:30 in Kolkata


@pytest.fixture(autouse=True)
def exact_markers(settings):
    settings.FEED_STATE_SECONDS = 0


@pytest.fixture
def summit():
    return SummitFactory(timezone="Asia/Kolkata", start_date=date(2027, 2, 10), end_date=date(2027, 2, 11))


@pytest.fixture
def keynote(summit):
    session = SessionFactory(
        summit=summit, title="Opening keynote", room=RoomFactory(summit=summit, name="Main hall"), starts_at=START
    )
    session.speakers.add(SpeakerFactory(summit=summit, name="Asha Rao"))
    return session


def agenda_html(client, summit):
    return client.get(reverse("summits:agenda", kwargs={"slug": summit.slug})).content.decode()


def feed_summaries(client, summit):
    body = client.get(reverse("summits:agenda-feed", kwargs={"slug": summit.slug})).content
    return sorted(str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(body).events)


def test_a_summit_never_released_shows_its_live_agenda(client, summit, keynote):
    update_session(keynote, title="Live title")
    assert "Live title" in agenda_html(client, summit)
    assert feed_summaries(client, summit) == ["Live title"]


def test_once_released_the_public_sees_the_release_not_the_draft(client, summit, keynote, organizer):
    release_schedule(summit=summit, version="1.0", actor=organizer)
    update_session(keynote, title="Draft title")
    SessionFactory(summit=summit, title="Draft-only session", starts_at=START + timedelta(hours=3))
    html = agenda_html(client, summit)
    assert "Opening keynote" in html and "Asha Rao" in html and "Main hall" in html
    assert "Draft title" not in html and "Draft-only session" not in html
    assert feed_summaries(client, summit) == ["Opening keynote"]
    release_schedule(summit=summit, version="1.1", actor=organizer)
    assert "Draft title" in agenda_html(client, summit)
    assert feed_summaries(client, summit) == ["Draft title", "Draft-only session"]


def test_a_release_keeps_session_ids_and_is_audited(summit, keynote, organizer):
    release = release_schedule(summit=summit, version=" 1.0 ", actor=organizer, comment="First")
    assert (release.version, release.comment, release.released_by) == ("1.0", "First", organizer)
    assert [s.pk for s in published_sessions(summit)] == [keynote.pk]
    entry = AuditEntry.objects.get(action="schedule.release.created")
    assert (entry.summit, entry.actor, entry.data) == (
        summit,
        organizer,
        {"version": "1.0", "sessions": 1, "changes": 1},
    )


@pytest.mark.parametrize(("version", "code"), [("", "version_required"), ("   ", "version_required")])
def test_a_release_needs_a_name(summit, organizer, version, code):
    with pytest.raises(ReleaseError) as error:
        release_schedule(summit=summit, version=version, actor=organizer)
    assert error.value.code == code and error.value.field == "version"


def test_a_version_name_is_used_once(summit, organizer):
    release_schedule(summit=summit, version="1.0", actor=organizer)
    with pytest.raises(ReleaseError) as error:
        release_schedule(summit=summit, version="1.0", actor=organizer)
    assert error.value.code == "version_taken"
    assert ScheduleRelease.objects.count() == 1


def test_personal_feed_shows_released_times_but_live_seats(client, summit, keynote, organizer):
    registration = RegistrationFactory(summit=summit)
    talk = roundtable(summit, title="Roundtable as released", starts_at=START + timedelta(hours=2))
    sign_up_for_session(registration=registration, session=talk)
    release_schedule(summit=summit, version="1.0", actor=organizer)
    update_session(talk, title="Roundtable draft title")
    token = feed_tokens.renew_feed_token(registration, actor=registration.user)
    url = reverse("summits:personal-feed", kwargs={"slug": summit.slug, "token": token.token})
    events = icalendar.Calendar.from_ical(client.get(url).content).events
    assert [str(e["SUMMARY"]) for e in events] == ["Roundtable as released"]


# --- the release page (organizers)


def release_url(summit):
    return reverse("schedule:release", kwargs={"slug": summit.slug})


def test_release_page_is_404_to_anyone_but_organizers(client, summit, attendee):
    assert client.get(release_url(summit)).status_code in (302, 404)
    client.force_login(attendee)
    assert client.get(release_url(summit)).status_code == 404


def test_organizer_releases_from_the_page(client, summit, keynote, organizer):
    client.force_login(organizer)
    page = client.get(release_url(summit)).content.decode()
    assert "Added" in page and "Opening keynote" in page
    response = client.post(release_url(summit), {"version": "1.0", "comment": "Final"})
    assert response.status_code == 302
    assert response["Location"] == reverse("schedule:changelog", kwargs={"slug": summit.slug})
    assert ScheduleRelease.objects.get().version == "1.0"
    assert "Nothing changed since the last release." in client.get(release_url(summit)).content.decode()


def test_bad_input_keeps_what_was_typed_and_stores_nothing(client, summit, organizer):
    client.force_login(organizer)
    release_schedule(summit=summit, version="1.0", actor=organizer)
    response = client.post(release_url(summit), {"version": "1.0", "comment": "Typed comment"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "A release named “1.0” exists already." in html and "Typed comment" in html
    assert client.post(release_url(summit), {"version": "", "comment": "x"}).status_code == 400
    assert ScheduleRelease.objects.count() == 1


# --- the changelog


def changelog_html(client, summit):
    return client.get(reverse("schedule:changelog", kwargs={"slug": summit.slug})).content.decode()


def test_changelog_lists_added_moved_renamed_and_cancelled(client, summit, keynote, organizer):
    other = SessionFactory(summit=summit, title="Pitch hour", starts_at=START + timedelta(hours=4))
    release_schedule(summit=summit, version="1.0", actor=organizer)
    update_session(keynote, starts_at=START + timedelta(hours=1), ends_at=START + timedelta(hours=2))
    update_session(other, title="Pitch hour, renamed")
    SessionFactory(summit=summit, title="Late addition", starts_at=START + timedelta(hours=6))
    release_schedule(summit=summit, version="1.1", actor=organizer)
    cancel_session(other)
    release_schedule(summit=summit, version="1.2", actor=organizer)
    html = " ".join(changelog_html(client, summit).split())
    assert html.index("Version 1.2") < html.index("Version 1.1") < html.index("Version 1.0")
    v12, v11 = html[html.index("Version 1.2") : html.index("Version 1.1")], html[html.index("Version 1.1") :]
    assert "Cancelled</strong>:" in v12 and "Pitch hour, renamed" in v12
    assert "Moved</strong>:" in v11 and "from Wed 10 Feb, 09:30–10:30" in v11 and "to Wed 10 Feb, 10:30–11:30" in v11
    assert "formerly “Pitch hour”" in v11
    assert "Added</strong>:" in v11 and "Late addition" in v11


def test_changelog_shows_closed_sessions_as_closed_to_those_who_may_not_see_them(client, summit, organizer):
    secret = SessionFactory(
        summit=summit, title="Hypersonic review", restriction=Restriction.US_PERSONS, starts_at=START
    )
    release_schedule(summit=summit, version="1.0", actor=organizer)
    update_session(
        secret,
        title="Hypersonic review, renamed",
        starts_at=START + timedelta(hours=1),
        ends_at=START + timedelta(hours=2),
    )
    release_schedule(summit=summit, version="1.1", actor=organizer)
    html = changelog_html(client, summit)
    assert "Hypersonic" not in html
    assert html.count("Closed session") == 2  # added, moved; the rename is left out
    client.force_login(organizer)
    assert "formerly “Hypersonic review”" in changelog_html(client, summit)


def test_an_open_session_made_restricted_hides_its_old_title_too(client, summit, organizer):
    session = SessionFactory(summit=summit, title="Was public once", starts_at=START)
    release_schedule(summit=summit, version="1.0", actor=organizer)
    update_session(session, restriction=Restriction.US_PERSONS)
    release_schedule(summit=summit, version="1.1", actor=organizer)
    assert "Was public once" not in changelog_html(client, summit)
    assert "Was public once" not in agenda_html(client, summit)


@pytest.mark.parametrize("count", [1, 20])
def test_released_agenda_and_changelog_query_counts_are_fixed(
    client, summit, organizer, django_assert_num_queries, count
):
    for n in range(count):
        SessionFactory(summit=summit, starts_at=START + timedelta(hours=n)).speakers.add(SpeakerFactory(summit=summit))
    release_schedule(summit=summit, version="1.0", actor=organizer)
    with django_assert_num_queries(3):  # summit, the latest release's id; its snapshot to render the rows
        agenda_html(client, summit)
    with django_assert_num_queries(2):  # then the rows are cached: summit, the latest release's id
        agenda_html(client, summit)
    with django_assert_num_queries(2):  # summit, releases
        changelog_html(client, summit)


def test_session_page_shows_the_release_and_keeps_live_seats(client, summit, keynote, organizer):
    release_schedule(summit=summit, version="1.0", actor=organizer)
    update_session(keynote, title="Draft title")
    html = client.get(reverse("summits:session", kwargs={"slug": summit.slug, "pk": keynote.pk})).content.decode()
    assert "Opening keynote" in html and "Asha Rao" in html and "Draft title" not in html


def test_session_page_of_a_session_restricted_since_hides_the_released_details(client, summit, organizer):
    session = SessionFactory(summit=summit, title="Open when released", restriction=Restriction.OPEN)
    release_schedule(summit=summit, version="1.0", actor=organizer)
    update_session(session, restriction=Restriction.US_PERSONS)
    html = client.get(reverse("summits:session", kwargs={"slug": summit.slug, "pk": session.pk})).content.decode()
    assert "Open when released" not in html and "Closed session" in html
