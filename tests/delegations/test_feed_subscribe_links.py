"""The roster's delegation feed offers the same subscribe links as a personal feed."""

from urllib.parse import quote

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_roster_offers_webcal_google_and_outlook_links_for_the_delegation_feed(client, delegation, lead):
    client.force_login(lead)
    page = client.get(f"/delegations/{delegation.pk}/").content.decode()
    path = reverse("delegations:feed", args=[delegation.feed_token])
    assert "Subscribe to the itinerary" in page
    assert f'href="webcal://testserver{path}"' in page
    assert "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F" in page
    assert "https://outlook.live.com/calendar/0/addfromweb?url=" in page
    assert quote(delegation.name) in page
    assert 'id="feed-url-delegation"' in page
