"""Only the lead, the summit's organizers and (read-only) active members see a delegation: 404 for anyone else."""

import pytest

from delegations.services import remove_member
from tests.factories import DelegationFactory, ItineraryItemFactory, SummitFactory, UserFactory

pytestmark = pytest.mark.django_db

READ_URLS = ["/delegations/{pk}/", "/delegations/{pk}/itinerary/", "/delegations/{pk}/itinerary.pdf"]
MANAGE_GET_URLS = ["/delegations/{pk}/itinerary/add/", "/delegations/{pk}/visits/add/"]
MANAGE_POST_URLS = [
    "/delegations/{pk}/invite/",
    "/delegations/{pk}/feed/rotate/",
    "/delegations/{pk}/itinerary/add/",
    "/delegations/{pk}/visits/add/",
]


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@example.org")


def test_an_outsider_gets_404_for_every_id_existing_or_not(client, delegation, outsider):
    other = DelegationFactory()  # someone else's delegation in another summit
    client.force_login(outsider)
    for pk in (delegation.pk, other.pk, other.pk + 1000):
        for url in READ_URLS + MANAGE_GET_URLS:
            assert client.get(url.format(pk=pk)).status_code == 404, url
        for url in MANAGE_POST_URLS:
            assert client.post(url.format(pk=pk), {"email": "x@example.org"}).status_code == 404, url


def test_the_lead_of_one_delegation_cannot_reach_another_by_changing_the_id(client, delegation, lead):
    other = DelegationFactory(summit=delegation.summit)
    item = ItineraryItemFactory(delegation=other)
    client.force_login(lead)
    assert client.get(f"/delegations/{other.pk}/itinerary/").status_code == 404
    assert client.post(f"/delegations/{other.pk}/itinerary/{item.pk}/delete/").status_code == 404
    # Its own delegation in the URL, the other's item id: still 404, and the item survives.
    assert client.post(f"/delegations/{delegation.pk}/itinerary/{item.pk}/delete/").status_code == 404
    assert client.get(f"/delegations/{delegation.pk}/itinerary/{item.pk}/edit/").status_code == 404
    item.refresh_from_db()


def test_an_organizer_of_another_summit_gets_404(client, delegation):
    stranger = UserFactory(is_staff=True)
    SummitFactory(organizers=[stranger])
    client.force_login(stranger)
    for url in READ_URLS:
        assert client.get(url.format(pk=delegation.pk)).status_code == 404


def test_members_read_but_cannot_manage(client, delegation, member):
    client.force_login(member.user)
    for url in READ_URLS:
        assert client.get(url.format(pk=delegation.pk)).status_code == 200, url
    for url in MANAGE_GET_URLS:
        assert client.get(url.format(pk=delegation.pk)).status_code == 404, url
    for url in MANAGE_POST_URLS:
        assert client.post(url.format(pk=delegation.pk), {"email": "x@example.org"}).status_code == 404, url


def test_a_removed_member_no_longer_sees_the_delegation(client, delegation, member, lead):
    remove_member(member, actor=lead)
    client.force_login(member.user)
    assert client.get(f"/delegations/{delegation.pk}/").status_code == 404


def test_the_lead_and_the_summits_organizers_manage(client, delegation, lead, organizer):
    for user in (lead, organizer):
        client.force_login(user)
        for url in READ_URLS + MANAGE_GET_URLS:
            assert client.get(url.format(pk=delegation.pk)).status_code == 200, (user, url)


def test_anonymous_visitors_are_sent_to_sign_in_the_same_way_for_any_id(client, delegation):
    for pk in (delegation.pk, delegation.pk + 1000):
        response = client.get(f"/delegations/{pk}/itinerary/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_organizer_page_lists_and_creates_delegations_and_is_404_to_others(client, summit, organizer, category):
    lead = UserFactory(email="new-lead@example.org")
    url = f"/summits/{summit.slug}/manage/delegations/"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(organizer)
    assert client.get(url).status_code == 200
    data = {
        "name": "Indian startup delegation",
        "lead_email": "nobody@example.org",
        "category": category.pk,
        "home_country": "IN",
        "destination_country": "US",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400 and "Nobody has an account with this address" in bad.content.decode()
    assert 'value="Indian startup delegation"' in bad.content.decode()
    assert client.post(url, {**data, "lead_email": lead.email}).status_code == 302
    html = client.get(url).content.decode()
    assert "Indian startup delegation" in html and "India → United States of America" in html
    duplicate = client.post(url, {**data, "lead_email": lead.email})
    assert duplicate.status_code == 400 and "already has a delegation" in duplicate.content.decode()
