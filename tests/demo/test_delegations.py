import io

import pytest
from django.core.management import call_command

from delegations.models import Delegation, ItineraryItem, Membership, Organisation, SiteVisit
from demo.delegations import IN_NAME, US_NAME

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Delegation, Membership, ItineraryItem, SiteVisit, Organisation)]


def test_seed_demo_grows_two_delegations_once_and_their_pages_render(client, settings):
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    us = Delegation.objects.get(name=US_NAME)
    assert Delegation.objects.filter(name=IN_NAME, home_country="IN").exists()
    cities = set(SiteVisit.objects.filter(item__delegation=us).values_list("trip__city", flat=True))
    assert cities == {"Bengaluru", "Hyderabad"}
    places = list(us.items.filter(kind="flight").order_by("starts_at").values_list("start_place", flat=True))
    assert places[:3] == ["Washington Dulles (IAD)", "Delhi (DEL)", "Bengaluru (BLR)"]
    client.force_login(us.lead)
    html = client.get(f"/delegations/{us.pk}/itinerary/").content.decode()
    assert "AI 104 Washington → New Delhi" in html and "America/New_York, UTC-05:00" in html
    assert "Site visit: Skyroot Aerospace" in html
