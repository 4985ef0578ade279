"""A person's private feed: secret URL, revoke-and-renew, their sessions, closed sessions by eligibility."""

import hmac
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.core.cache import cache
from django.urls import reverse

import conclave.tokens
from summits.agenda.scheduling import cancel_session, update_session
from summits.calendar import feeds
from summits.calendar import tokens as feed_tokens
from summits.calendar.feeds import feed_cache
from summits.enums import RegistrationStatus, Restriction, SignupStatus
from summits.models import AuditEntry, FeedToken, SessionClearance
from tests.factories import (
    DelegationFactory,
    ItineraryItemFactory,
    MembershipFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
)
from tests.summits.helpers import (
    SECRET_SPEAKER,
    SECRET_TEXT,
    SECRET_TITLE,
    assert_redacted,
    closed_session,
    feed_path,
    parse_both,
    signup,
    unfold,
)


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.FEED_STATE_SECONDS = 0  # exact answers after every change; the reuse has its own test
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token(registration):
    return feed_tokens.renew_feed_token(registration, actor=registration.user)


def test_token_is_long_random_and_issued_with_an_audit_entry(registration):
    first = feed_tokens.renew_feed_token(registration, actor=registration.user)
    assert len(first.token) == 48
    assert first.token.replace("-", "").replace("_", "").isalnum()
    assert AuditEntry.objects.filter(action="summits.feed_token.issued").count() == 1
    second = feed_tokens.renew_feed_token(registration, actor=registration.user)
    assert second.selector != first.selector and second.verifier != first.verifier
    assert AuditEntry.objects.filter(action="summits.feed_token.renewed").count() == 1
    assert FeedToken._meta.get_field("selector").unique


def test_feed_lists_only_confirmed_signups_in_full(client, summit, registration, token):
    mine = SessionFactory(summit=summit, title="Startup pitches")
    mine.speakers.add(SpeakerFactory(summit=summit, name="Priya Nair"))
    waiting = SessionFactory(summit=summit, title="Waiting one")
    dropped = SessionFactory(summit=summit, title="Dropped one")
    SessionFactory(summit=summit, title="Not mine")
    signup(registration, mine)
    signup(registration, waiting, SignupStatus.WAITLISTED)
    signup(registration, dropped, SignupStatus.CANCELLED)
    # Someone else's seat does not show in my feed.
    signup(RegistrationFactory(summit=summit), SessionFactory(summit=summit, title="Theirs"))

    response = client.get(feed_path(token))  # no login: calendar apps cannot log in

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-cache"
    events = parse_both(response.content)
    assert list(events) == [f"session-{mine.pk}@testserver"]
    assert events[f"session-{mine.pk}@testserver"]["summary"] == "Startup pitches"
    assert events[f"session-{mine.pk}@testserver"]["description"].startswith("Speaker: Priya Nair, Acme Defence\n")
    cal = icalendar.Calendar.from_ical(response.content)
    assert str(cal["X-WR-CALNAME"]) == f"{summit.name} · my agenda"
    assert str(cal["X-WR-TIMEZONE"]) == summit.timezone


def test_move_and_cancel_of_my_session_show_in_my_feed(client, summit, registration, token):
    session = SessionFactory(summit=summit)
    signup(registration, session)
    uid = f"session-{session.pk}@testserver"
    etag = client.get(feed_path(token))["ETag"]

    moved = update_session(
        session, starts_at=session.starts_at + timedelta(days=1), ends_at=session.ends_at + timedelta(days=1)
    )
    response = client.get(feed_path(token), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert parse_both(response.content)[uid]["sequence"] == 1
    assert parse_both(response.content)[uid]["start"] == moved.starts_at.astimezone(UTC)

    cancel_session(session)
    event = parse_both(client.get(feed_path(token)).content)[uid]
    assert event["status"] == "CANCELLED"
    assert event["sequence"] == 2


def test_ineligible_person_sees_their_closed_session_as_closed(client, summit, registration, token):
    session = closed_session(summit)  # U.S. persons only; this attendee is not one
    signup(registration, session)

    assert_redacted(client.get(feed_path(token)).content, session)


def test_eligible_person_sees_their_closed_session_in_full(client, summit, category):
    person = RegistrationFactory(summit=summit, category=category, is_us_person=True, country_of_citizenship="US")
    session = closed_session(summit)
    signup(person, session)
    token = feed_tokens.renew_feed_token(person)

    body = unfold(client.get(feed_path(token)).content)

    event = parse_both(client.get(feed_path(token)).content)[f"session-{session.pk}@testserver"]
    assert event["summary"] == SECRET_TITLE
    assert SECRET_SPEAKER.encode() in body and SECRET_TEXT.encode() in body


def test_clearance_by_an_organizer_opens_the_session_and_moves_the_etag(client, summit, registration, organizer):
    session = SessionFactory(summit=summit, title=SECRET_TITLE, restriction=Restriction.CLEARED)
    signup(registration, session)
    token = feed_tokens.renew_feed_token(registration)
    first = client.get(feed_path(token))
    assert parse_both(first.content)[f"session-{session.pk}@testserver"]["summary"] == "Closed session"

    SessionClearance.objects.create(session=session, registration=registration, decided_by=organizer)
    second = client.get(feed_path(token), headers={"if-none-match": first["ETag"]})

    assert second.status_code == 200
    assert parse_both(second.content)[f"session-{session.pk}@testserver"]["summary"] == SECRET_TITLE


def test_a_new_signup_moves_the_etag(client, summit, registration, token):
    first = client.get(feed_path(token))
    signup(registration, SessionFactory(summit=summit))
    assert client.get(feed_path(token), headers={"if-none-match": first["ETag"]}).status_code == 200


def test_private_feed_answers_304_to_its_etag_and_to_if_modified_since(client, summit, registration, token):
    signup(registration, SessionFactory(summit=summit))
    first = client.get(feed_path(token))

    by_etag = client.get(feed_path(token), headers={"if-none-match": first["ETag"]})
    by_date = client.get(feed_path(token), headers={"if-modified-since": first["Last-Modified"]})

    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag["ETag"] == first["ETag"]


def not_found_body(client, path):
    response = client.get(path)
    assert response.status_code == 404
    return response.content


def test_wrong_revoked_and_malformed_tokens_are_the_same_silent_404(client, summit, registration, token):
    good = token.token
    slug = summit.slug
    wrong_verifier = good[:16] + ("A" if good[16] != "A" else "B") + good[17:]
    unknown = "x" * 48
    bodies = {
        not_found_body(client, f"/summits/{slug}/me/calendar/{wrong_verifier}.ics"),
        not_found_body(client, f"/summits/{slug}/me/calendar/{unknown}.ics"),
        not_found_body(client, f"/summits/{slug}/me/calendar/{good[:20]}.ics"),
        not_found_body(client, f"/summits/other-summit/me/calendar/{good}.ics"),
    }
    feed_tokens.renew_feed_token(registration)
    bodies.add(not_found_body(client, f"/summits/{slug}/me/calendar/{good}.ics"))
    assert len(bodies) == 1
    [body] = bodies
    assert registration.badge_name.encode() not in body and b"revoked" not in body.lower()


@pytest.mark.parametrize("malformed", ["", "x" * 47, "x" * 49, "x" * 47 + "=", "x" * 47 + "é", "x" * 47 + "."])
def test_a_malformed_token_is_refused_without_a_query(summit, malformed, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert feed_tokens.find_live_token(malformed) is None


def test_a_token_issued_before_the_shared_scheme_still_opens_its_feed(client, summit, registration):
    """Stored selector and verifier as the old code minted them (token_urlsafe 12 + 24 bytes)."""
    row = FeedToken.objects.create(registration=registration, selector="Ab-_cdEF0123ghIJ", verifier="k" * 16 + "-_" * 8)
    response = client.get(f"/summits/{summit.slug}/me/calendar/{row.selector}{row.verifier}.ics")
    assert response.status_code == 200


def test_verifier_is_compared_in_constant_time(client, registration, token, monkeypatch):
    calls = []
    original = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(conclave.tokens.hmac, "compare_digest", spy)
    assert client.get(feed_path(token)).status_code == 200
    assert calls == [(token.verifier.encode(), token.verifier.encode())]


def test_renew_button_revokes_the_old_url_at_once(client, summit, registration, token):
    old_path = feed_path(token)
    assert client.get(old_path).status_code == 200  # and is now in the cache
    client.force_login(registration.user)

    response = client.post(reverse("summits:personal-feed-renew", kwargs={"slug": summit.slug}))

    assert response.status_code == 302
    assert response["Location"] == f"/summits/{summit.slug}/me/#calendar-feed"
    assert client.get(old_path).status_code == 404
    new = FeedToken.objects.get(registration=registration, revoked_at__isnull=True)
    assert client.get(feed_path(new)).status_code == 200
    page = client.get(reverse("summits:me", kwargs={"slug": summit.slug})).content.decode()
    assert f"http://testserver/summits/{summit.slug}/me/calendar/{new.token}.ics" in page
    assert token.token not in page
    assert "Revoke this link and make a new one" in page


def test_my_summit_offers_to_create_the_link_first(client, summit, registration):
    client.force_login(registration.user)
    page = client.get(reverse("summits:me", kwargs={"slug": summit.slug})).content.decode()
    assert "Create my private calendar link" in page
    client.post(reverse("summits:personal-feed-renew", kwargs={"slug": summit.slug}))
    token = FeedToken.objects.get(registration=registration)
    page = client.get(reverse("summits:me", kwargs={"slug": summit.slug})).content.decode()
    assert f"webcal://testserver/summits/{summit.slug}/me/calendar/{token.token}.ics" in page


def test_renew_needs_login_and_own_active_registration(client, summit, registration):
    url = reverse("summits:personal-feed-renew", kwargs={"slug": summit.slug})
    assert client.post(url).status_code == 302  # to the login page
    assert not FeedToken.objects.exists()
    client.force_login(UserFactory())  # registered for nothing
    assert client.post(url).status_code == 404
    client.force_login(registration.user)
    assert client.get(url).status_code == 405


def test_cancelled_registration_feed_is_empty(client, summit, registration, token):
    signup(registration, SessionFactory(summit=summit))
    registration.status = RegistrationStatus.CANCELLED
    registration.save()
    assert parse_both(client.get(feed_path(token)).content) == {}


def test_personal_feed_events_is_the_merge_point_for_other_areas(summit, registration):
    from summits.screening.eligibility import SessionAccess

    session = SessionFactory(summit=summit)
    signup(registration, session)
    events = feeds.personal_feed_events(registration, SessionAccess.for_registration(registration))
    assert [e.uid for e in events] == [f"session-{session.pk}@testserver"]


@pytest.mark.parametrize("count", [1, 20])
def test_private_feed_runs_a_fixed_number_of_queries(
    client, summit, registration, token, count, django_assert_num_queries
):
    delegation = DelegationFactory(summit=summit)
    MembershipFactory(delegation=delegation, user=registration.user)
    for _ in range(count):
        session = SessionFactory(summit=summit)
        session.speakers.add(SpeakerFactory(summit=summit))
        signup(registration, session)
        ItineraryItemFactory(delegation=delegation)
    signup(registration, closed_session(summit))
    # token (a few columns), change markers (itinerary's included), the registration with its summit,
    # sessions with rooms and clearances, their people; then the itinerary
    # (delegations.queries.itinerary_events_for), fixed too.
    with django_assert_num_queries(ITINERARY_QUERIES + 5):
        response = client.get(feed_path(token))
    assert len(icalendar.Calendar.from_ical(response.content).events) == 2 * count + 1
    with django_assert_num_queries(2):
        assert client.get(feed_path(token), headers={"if-none-match": response["ETag"]}).status_code == 304
    with django_assert_num_queries(2):
        assert client.get(feed_path(token)).status_code == 200


@pytest.mark.parametrize("count", [1, 20])
def test_private_feed_of_someone_on_no_delegation_is_five_queries(
    client, summit, registration, token, count, django_assert_num_queries
):
    for _ in range(count):
        signup(registration, SessionFactory(summit=summit))
    with django_assert_num_queries(5):
        response = client.get(feed_path(token))
    assert len(icalendar.Calendar.from_ical(response.content).events) == count


ITINERARY_QUERIES = 7


def test_delegation_itinerary_joins_the_private_feed_and_moves_the_etag(client, summit, registration, token):
    delegation = DelegationFactory(summit=summit, name="US startups")
    membership = MembershipFactory(delegation=delegation, user=registration.user)
    flight = ItineraryItemFactory(
        delegation=delegation,
        kind="flight",
        title="IAD → BLR",
        start_tz="America/New_York",
        end_tz="Asia/Kolkata",
        starts_at=datetime(2027, 2, 8, 23, 0, tzinfo=UTC),
        ends_at=datetime(2027, 2, 9, 16, 30, tzinfo=UTC),
        start_place="IAD",
        end_place="BLR",
    )
    first = client.get(feed_path(token))
    events = parse_both(first.content)
    event = events[f"delegation-item-{flight.pk}@testserver"]
    assert (event["start_tzid"], event["end_tzid"]) == ("America/New_York", "Asia/Kolkata")
    assert (event["start"], event["end"]) == (flight.starts_at, flight.ends_at)
    assert "IAD → BLR" in event["summary"]
    cal = icalendar.Calendar.from_ical(first.content)
    assert sorted(tz["TZID"] for tz in cal.timezones) == ["America/New_York", "Asia/Kolkata"]

    flight.starts_at += timedelta(hours=1)
    flight.sequence += 1
    flight.save()
    second = client.get(feed_path(token), headers={"if-none-match": first["ETag"]})
    assert second.status_code == 200
    assert parse_both(second.content)[f"delegation-item-{flight.pk}@testserver"]["sequence"] == 1

    membership.left_at = membership.joined_at + timedelta(days=1)
    membership.save()
    third = client.get(feed_path(token), headers={"if-none-match": second["ETag"]})
    assert third.status_code == 200
    assert f"delegation-item-{flight.pk}@testserver" not in parse_both(third.content)


def test_a_poll_reads_only_what_moves_the_etag_and_a_build_the_whole_registration_row(
    client, summit, registration, token
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fresh = type(registration).objects.select_related("summit").get(pk=registration.pk)
    found = feed_tokens.find_live_token(token.token)
    assert found == feed_tokens.FeedPoll(
        registration_id=fresh.pk,
        registration_updated=fresh.updated,
        registration_status=fresh.status,
        summit_id=summit.pk,
        user_id=fresh.user_id,
    )
    with CaptureQueriesContext(connection) as queries:
        etag = client.get(feed_path(token))["ETag"]
        client.get(feed_path(token), headers={"if-none-match": etag})
    token_reads = [q["sql"] for q in queries if "summits_feedtoken" in q["sql"]]
    assert len(token_reads) == 2 and all('"badge_name"' not in sql for sql in token_reads)
    # The build alone reads the registration, whole: eligibility may read any of its fields.
    [build_read] = [q["sql"] for q in queries if '"badge_name"' in q["sql"]]
    assert "summits_feedtoken" not in build_read


def test_change_markers_are_reused_but_a_revoked_token_is_refused_at_once(
    client, summit, registration, token, settings, django_assert_num_queries
):
    settings.FEED_STATE_SECONDS = 5
    signup(registration, SessionFactory(summit=summit))
    etag = client.get(feed_path(token))["ETag"]

    with django_assert_num_queries(1):  # the token only
        assert client.get(feed_path(token), headers={"if-none-match": etag}).status_code == 304
    signup(registration, SessionFactory(summit=summit))
    assert client.get(feed_path(token), headers={"if-none-match": etag}).status_code == 304  # markers reused
    feed_cache().clear()  # FEED_STATE_SECONDS later
    assert client.get(feed_path(token), headers={"if-none-match": etag}).status_code == 200

    feed_tokens.renew_feed_token(registration)
    assert client.get(feed_path(token)).status_code == 404  # markers still fresh, token refused


def test_a_change_to_the_registration_row_moves_the_etag_at_once(client, summit, registration, token, settings):
    """Eligibility reads the registration row (a screener's verification included): a change to it
    is seen on the next poll, in the same second, even while the other change markers are reused."""
    settings.FEED_STATE_SECONDS = 5
    signup(registration, closed_session(summit))
    first = client.get(feed_path(token))
    registration.refresh_from_db()
    registration.save()  # what any verification, status or fact change does to the row
    second = client.get(feed_path(token), headers={"if-none-match": first["ETag"]})
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
