"""The leak crawl, for the API and webhooks: every API route fetched with the ineligible
attendee's token, their session, and anonymously (JSON and the browsable HTML), with the
restricted session's id in every id; and a webhook payload about the restricted session."""

import json

import pytest

from summits.agenda.scheduling import reschedule_session
from tests.api.helpers import bearer, token_for
from tests.summits import test_restricted_leaks as leaks
from tests.summits.test_restricted_leaks import SECRETS, assert_no_secret, summit_urls
from webhooks.models import Delivery
from webhooks.services import create_endpoint

pytestmark = pytest.mark.django_db

world = leaks.world  # the same three worlds (U.S. persons, countries, cleared) as the page crawl


def api_urls(summit, session):
    return [url for url in summit_urls(summit, session) if url.startswith("/api/") and "/tokens/" not in url]


def fetch(client, urls, **headers):
    statuses = {}
    for url in urls:
        for query in ("", "?format=json", "?format=api", "?limit=1000"):
            response = client.get(url + query, **headers)
            assert_no_secret(f"GET {url}{query} ({response.status_code})", response.content.decode("utf-8", "replace"))
            statuses[url + query] = response.status_code
    return statuses


def test_api_hides_the_restricted_session_from_the_ineligible_attendee_by_token_and_session(client, world):
    summit, restricted = world["summit"], world["restricted"]
    urls = api_urls(summit, restricted)
    assert len(urls) >= 14
    secret = token_for(world["outsider"].user, summit)
    statuses = fetch(client, urls, **bearer(secret))
    assert statuses[f"/api/summits/{summit.slug}/sessions/{restricted.pk}/"] == 200  # reached, and closed
    body = client.get(f"/api/summits/{summit.slug}/sessions/{restricted.pk}/", **bearer(secret)).json()
    assert (body["title"], body["closed"], body["speakers"]) == ("Closed session", True, [])
    client.force_login(world["outsider"].user)
    fetch(client, urls)


def test_api_hides_it_from_anonymous(client, world):
    fetch(client, api_urls(world["summit"], world["restricted"]))


def test_the_eligible_attendee_does_see_it_through_the_api(client, world):
    summit, restricted = world["summit"], world["restricted"]
    secret = token_for(world["eligible"].user, summit)
    body = client.get(f"/api/summits/{summit.slug}/sessions/{restricted.pk}/", **bearer(secret)).json()
    assert body["title"] == SECRETS["title"] and body["description"] == SECRETS["description"]


def test_webhook_payload_about_the_restricted_session_carries_no_detail(settings, world, organizer):
    settings.WEBHOOKS_ALLOW_PRIVATE, settings.WEBHOOKS_REQUIRE_HTTPS = True, False
    summit, restricted = world["summit"], world["restricted"]
    create_endpoint(summit=summit, url="http://127.0.0.1:9/h", events=["session.changed"], actor=organizer)
    reschedule_session(restricted, actor=organizer, description=SECRETS["description"] + " (updated)")
    payload = Delivery.objects.get().payload
    assert payload["data"] == {"id": restricted.pk, "closed": True, "title": "Closed session"}
    assert_no_secret("webhook payload", json.dumps(payload))


def test_meetings_the_released_agenda_and_a_door_scan_carry_no_detail(client, settings, world, organizer):
    """The ineligible attendee has a confirmed meeting and a request waiting; the agenda is
    released, then the restricted session is edited: every API route (meetings and meeting
    requests included) stays clean, and so does the webhook of the eligible attendee's scan
    at the restricted session's door (a list named after the session)."""
    from badges.enums import ListKind
    from badges.lists import create_checkin_list, scan_at_list
    from badges.services import badge_for
    from meetings.models import MeetingRequest, Profile
    from meetings.scheduling import publish_schedule
    from schedule.services import release_schedule
    from summits.agenda.signups import sign_up_for_session
    from tests.factories import RegistrationFactory
    from tests.meetings import helpers as h

    settings.WEBHOOKS_ALLOW_PRIVATE, settings.WEBHOOKS_REQUIRE_HTTPS = True, False
    summit, restricted, outsider = world["summit"], world["restricted"], world["outsider"]
    release_schedule(summit=summit, version="1.0", actor=organizer)
    reschedule_session(restricted, actor=organizer, description=SECRETS["description"] + " (v2)")
    Profile.objects.create(registration=outsider, summit=summit, opted_in=True, stage="startup", country="IN")
    seated = h.person(summit, "prime", badge_name="Seated Sam", category=outsider.category)
    sign_up_for_session(registration=seated, session=world["open"])  # a seat: busy times only
    t = h.tables(summit, 1)
    h.draft_meeting(h.accepted(outsider, seated), h.block(summit, t), t[0])
    publish_schedule(summit=summit, actor=organizer)
    MeetingRequest.objects.create(summit=summit, requester=RegistrationFactory(summit=summit), recipient=outsider)
    secret = token_for(outsider.user, summit)
    statuses = fetch(client, api_urls(summit, restricted), **bearer(secret))
    assert statuses[f"/api/summits/{summit.slug}/meetings/"] == 200
    assert client.get(f"/api/summits/{summit.slug}/meetings/", **bearer(secret)).json()["count"] == 1

    create_endpoint(summit=summit, url="http://127.0.0.1:9/h", events=["checkin.created"], actor=organizer)
    door = create_checkin_list(
        summit=summit, actor=organizer, name=SECRETS["title"], kind=ListKind.SESSION, session=restricted
    )
    result = scan_at_list(
        checkin_list=door, raw_code=badge_for(world["eligible"]).secret, staff=organizer, at=restricted.starts_at
    )
    assert result.outcome == "admitted"
    payload = Delivery.objects.get().payload
    assert payload["data"]["session"] == {"id": restricted.pk, "closed": True, "title": "Closed session"}
    assert_no_secret("list scan webhook payload", json.dumps(payload))
