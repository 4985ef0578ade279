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
