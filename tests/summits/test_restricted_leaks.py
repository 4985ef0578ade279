"""Try to break export control: fetch every page and JSON answer of the project as an
ineligible person and look for any trace of the restricted session.

The URL list is read from the URL configuration, so pages added later (feeds, badges,
exports) are fetched too, with the restricted session's id in every integer argument.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import get_resolver

from summits.agenda.scheduling import cancel_session, reschedule_session, update_session
from summits.agenda.signups import screen_attendee, sign_up_for_session
from summits.enums import Restriction, SignupStatus
from summits.models import SessionSignup
from tests.crawl import fill, walk
from tests.factories import (
    CategoryFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
    roundtable,
)

pytestmark = pytest.mark.django_db

SECRETS = {
    "title": "Hypersonic Glide Vehicle Roundtable",
    "description": "Thrust-vectoring details under ITAR Category IV",
    "speaker": "Dr. Secretive Speakerson",
    "moderator": "Col. Hidden Moderatorova",
    "attendee": "Eligible Evelyn Quartermain",
}


def summit_urls(summit, session):
    values = {"slug": summit.slug, "pk": session.pk}
    urls = []
    for route, _ in walk(get_resolver().url_patterns):
        if route.startswith("admin/") or route.startswith("accounts/"):
            continue
        url = fill(route, values)
        if url is not None:
            urls.append(url)
    return sorted(set(urls))


@pytest.fixture(params=[Restriction.US_PERSONS, Restriction.COUNTRIES, Restriction.CLEARED])
def world(request, summit, organizer):
    category = CategoryFactory(summit=summit)
    restricted = roundtable(
        summit,
        title=SECRETS["title"],
        description=SECRETS["description"],
        restriction=request.param,
        allowed_countries=["US"] if request.param == Restriction.COUNTRIES else [],
        capacity=1,
    )
    restricted.speakers.add(SpeakerFactory(summit=summit, name=SECRETS["speaker"]))
    restricted.moderators.add(SpeakerFactory(summit=summit, name=SECRETS["moderator"]))
    eligible = RegistrationFactory(
        summit=summit, category=category, badge_name=SECRETS["attendee"], is_us_person=True, country_of_citizenship="US"
    )
    outsider = RegistrationFactory(summit=summit, category=category, is_us_person=False, country_of_citizenship="IN")
    if request.param == Restriction.CLEARED:
        screen_attendee(session=restricted, registration=eligible, granted=True, reason="Vetted", actor=organizer)
        screen_attendee(session=restricted, registration=outsider, granted=False, reason="No", actor=organizer)
    sign_up_for_session(registration=eligible, session=restricted)
    # An open session at the same time, that the outsider has signed up for (my agenda, overlaps).
    open_session = roundtable(summit, title="Open plenary on startups", starts_at=restricted.starts_at)
    sign_up_for_session(registration=outsider, session=open_session)
    # A second restricted session moved onto the outsider's open one, to tempt the overlap messages.
    return {
        "summit": summit,
        "restricted": restricted,
        "eligible": eligible,
        "outsider": outsider,
        "open": open_session,
    }


def assert_no_secret(where, body):
    for label, secret in SECRETS.items():
        assert secret not in body, f"{label} of the restricted session leaks in {where}"
    for fragment in ("Hypersonic", "Thrust-vectoring", "Secretive", "Moderatorova", "Quartermain"):
        assert fragment not in body, f"'{fragment}' leaks in {where}"


def fetch_all(client, summit, session):
    fetched = 0
    for url in summit_urls(summit, session):
        for query in ("", "?q=Glide", "?format=json"):  # a search term the echo cannot trip
            response = client.get(url + query, follow=True)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert_no_secret(f"GET {url}{query} ({response.status_code})", body.decode("utf-8", "replace"))
            fetched += 1
    return fetched


def test_every_page_and_json_hides_the_restricted_session_from_an_ineligible_attendee(client, world):
    client.force_login(world["outsider"].user)
    fetched = fetch_all(client, world["summit"], world["restricted"])
    assert fetched >= 30
    # And the pages that show it say "Closed session" with its time and room.
    page = client.get(f"/summits/{world['summit'].slug}/sessions/{world['restricted'].pk}/").content.decode()
    assert "Closed session" in page and world["restricted"].room.name in page
    agenda = client.get(f"/summits/{world['summit'].slug}/agenda/").content.decode()
    assert "Closed session" in agenda


def test_anonymous_and_strangers_see_nothing_either(client, world):
    fetch_all(client, world["summit"], world["restricted"])
    client.force_login(UserFactory())
    fetch_all(client, world["summit"], world["restricted"])


def test_the_eligible_attendee_does_see_it(client, world):
    """The positive control: without it the leak tests could pass on a broken page."""
    client.force_login(world["eligible"].user)
    page = client.get(f"/summits/{world['summit'].slug}/sessions/{world['restricted'].pk}/").content.decode()
    assert SECRETS["title"] in page and SECRETS["speaker"] in page and SECRETS["description"] in page


def test_signup_refusal_and_its_page_do_not_name_the_session(client, world):
    client.force_login(world["outsider"].user)
    response = client.post(f"/summits/{world['summit'].slug}/sessions/{world['restricted'].pk}/signup/", follow=True)
    body = response.content.decode()
    assert "This session is open to eligible attendees only." in body
    assert_no_secret("sign-up refusal", body)
    assert not SessionSignup.objects.filter(registration=world["outsider"], session=world["restricted"]).exists()


def test_attendee_who_lost_eligibility_loses_the_seat_and_no_page_or_mail_names_it(client, summit, organizer):
    category = CategoryFactory(summit=summit)
    session = roundtable(summit, title=SECRETS["title"], description=SECRETS["description"])
    session.speakers.add(SpeakerFactory(summit=summit, name=SECRETS["speaker"]))
    outsider = RegistrationFactory(summit=summit, category=category, is_us_person=False)
    other = roundtable(summit, title="Open table", starts_at=session.starts_at + timedelta(hours=2))
    sign_up_for_session(registration=outsider, session=session)
    sign_up_for_session(registration=outsider, session=other)
    # The organizer restricts it afterwards: the seat is released (the person is told
    # without the session's name), and the other session moves onto that time.
    mail.outbox.clear()
    reschedule_session(session, actor=organizer, restriction=Restriction.US_PERSONS)
    assert SessionSignup.objects.get(registration=outsider, session=session).status == SignupStatus.CANCELLED
    assert [m.subject for m in mail.outbox] == [f"{summit.name}: session places released"]
    reschedule_session(other, actor=organizer, starts_at=session.starts_at, ends_at=session.ends_at, save_anyway=True)
    client.force_login(outsider.user)
    fetch_all(client, summit, session)
    agenda = client.get(f"/summits/{summit.slug}/me/agenda/").content.decode()
    assert "Open table" in agenda and "Closed session" not in agenda and "Overlaps" not in agenda
    cancel_session(session, actor=organizer)
    for message in mail.outbox:
        assert_no_secret(f"mail {message.subject!r}", message.subject + message.body)


def test_organizer_csv_and_stats_are_404_for_the_ineligible(client, world):
    client.force_login(world["outsider"].user)
    slug, pk = world["summit"].slug, world["restricted"].pk
    for path in ("stats/", "attendees.csv", ""):
        assert client.get(f"/summits/{slug}/manage/agenda/sessions/{pk}/{path}").status_code == 404


def test_every_url_pattern_is_fetched(summit):
    """Every route outside admin/accounts becomes a URL the leak tests fetch."""
    session = SessionFactory(summit=summit)
    routes = [r for r, _ in walk(get_resolver().url_patterns) if not r.startswith(("admin/", "accounts/"))]
    urls = summit_urls(summit, session)
    assert len(urls) == len(set(routes))
    assert f"/summits/{summit.slug}/sessions/{session.pk}/" in urls
    assert f"/summits/{summit.slug}/me/agenda/" in urls


def test_waitlisted_outsider_is_never_promoted_into_a_restricted_session(world, organizer):
    restricted = world["restricted"]
    if restricted.restriction != Restriction.CLEARED:
        pytest.skip("only clearances change after sign-up")
    late = RegistrationFactory(summit=world["summit"], category=world["eligible"].category)
    screen_attendee(session=restricted, registration=late, granted=True, reason="ok", actor=organizer)
    waiting = sign_up_for_session(registration=late, session=restricted)
    assert waiting.status == SignupStatus.WAITLISTED
    screen_attendee(session=restricted, registration=late, granted=False, reason="Revoked", actor=organizer)
    waiting.refresh_from_db()
    assert waiting.status == SignupStatus.CANCELLED


def test_overlap_refusal_does_not_name_a_session_the_person_can_no_longer_see(summit, organizer):
    from summits.errors import SignupError

    category = CategoryFactory(summit=summit)
    secret = roundtable(summit, title=SECRETS["title"])
    registration = RegistrationFactory(summit=summit, category=category, is_us_person=False)
    sign_up_for_session(registration=registration, session=secret)
    # The low-level verb, which releases nothing (the agenda builder's path releases the seat):
    # a seat the person can no longer see must still not be named.
    update_session(secret, actor=organizer, restriction=Restriction.US_PERSONS)
    with pytest.raises(SignupError) as error:
        sign_up_for_session(registration=registration, session=roundtable(summit, starts_at=secret.starts_at))
    assert error.value.code == "overlap"
    assert error.value.message.startswith("You are already signed up for a closed session at that time")


def test_released_and_renamed_restricted_session_stays_closed_on_every_page(client, world, organizer):
    """Schedule releases (schedule/): the changelog, schedule.json/.xml and the released agenda."""
    from schedule.services import release_schedule

    restricted = world["restricted"]
    release_schedule(summit=world["summit"], version="1.0", actor=organizer)
    update_session(restricted, actor=organizer, title=SECRETS["title"] + " II", starts_at=restricted.starts_at)
    reschedule_session(
        restricted,
        actor=organizer,
        starts_at=restricted.starts_at + timedelta(hours=1),
        ends_at=restricted.ends_at + timedelta(hours=1),
        save_anyway=True,
    )
    release_schedule(summit=world["summit"], version="1.1", actor=organizer)
    for path in ("changelog/", "schedule.json", "schedule.xml"):
        assert client.get(f"/summits/{world['summit'].slug}/{path}").status_code == 200
    fetch_all(client, world["summit"], restricted)
    client.force_login(world["outsider"].user)
    fetch_all(client, world["summit"], restricted)
    assert "Closed session" in client.get(f"/summits/{world['summit'].slug}/changelog/").content.decode()
