"""The delegation feed's UIDs take their host from summits.calendar.ical.uid_host, as session UIDs do."""

import icalendar
import pytest
from django.core.cache import cache

from tests.factories import ItineraryItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("site_url", "host"),
    [
        ("https://conclave.example.org", "conclave.example.org"),  # as before: unchanged
        ("", "conclave.invalid"),  # no host: was "conclave", now the reserved .invalid name
    ],
)
def test_item_uids_carry_the_site_host(client, delegation, settings, site_url, host):
    settings.SITE_URL = site_url
    cache.clear()
    item = ItineraryItemFactory(delegation=delegation)
    body = client.get(f"/delegations/feed/{delegation.feed_token}.ics").content
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]
    assert uids == [f"delegation-item-{item.pk}@{host}"]
