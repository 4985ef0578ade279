"""The Django admin shows staff only the delegations of summits they organize."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import DelegationFactory, ItineraryItemFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_organizer(organizer):
    organizer.user_permissions.add(*Permission.objects.filter(content_type__app_label="delegations"))
    return organizer


def test_staff_see_only_their_summits_delegations_items_and_members(client, staff_organizer, delegation):
    ours_item = ItineraryItemFactory(delegation=delegation, title="Our dinner")
    MembershipFactory(delegation=delegation, user__email="ours@example.org")
    theirs = DelegationFactory(name="Someone else's delegation")
    ItineraryItemFactory(delegation=theirs, title="Their dinner")
    MembershipFactory(delegation=theirs, user__email="theirs@example.org")
    client.force_login(staff_organizer)
    html = client.get("/admin/delegations/delegation/").content.decode()
    assert delegation.name in html and "Someone else" not in html
    html = client.get("/admin/delegations/itineraryitem/").content.decode()
    assert "Our dinner" in html and "Their dinner" not in html
    html = client.get("/admin/delegations/membership/").content.decode()
    assert "ours@example.org" in html and "theirs@example.org" not in html
    assert client.get(f"/admin/delegations/delegation/{theirs.pk}/change/").status_code == 302  # "doesn't exist"
    assert client.get(f"/admin/delegations/itineraryitem/{ours_item.pk}/change/").status_code == 200
