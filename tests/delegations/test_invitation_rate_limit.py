"""The delegation invitation link is rate limited per client address, like team invitation
links: someone guessing tokens gets 429 with Retry-After, and so does the right token after a flood."""

import pytest

from delegations.models import Membership
from delegations.services import invite_member
from ops import ratelimit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# A fixed moment 15 s into a minute: the window is this test's own, so counts of other tests
# in the same minute cannot leak in, and Retry-After is exact.
NOW = 60 * 29_000_000 + 15


@pytest.fixture
def fixed_clock(monkeypatch):
    monkeypatch.setattr(ratelimit.time, "time", lambda: NOW)


def unknown(n):
    return f"/delegations/invitations/{'A' * 30}{n:02d}/"


def test_a_flood_of_guessed_links_gets_429_with_retry_after(client, settings, fixed_clock):
    settings.DELEGATION_INVITATION_RATE_LIMIT = "3/m"
    responses = [client.get(unknown(n)) for n in range(5)]
    assert [r.status_code for r in responses] == [404, 404, 404, 429, 429]
    assert responses[3]["Retry-After"] == "45"
    assert responses[3].content.decode() == "Too many requests. Please wait a moment and try again.\n"


def test_after_the_flood_the_right_link_waits_too_and_nothing_is_accepted(
    client, settings, fixed_clock, delegation, lead
):
    settings.DELEGATION_INVITATION_RATE_LIMIT = "3/m"
    invitation = invite_member(delegation, email="vikram@example.org", actor=lead)
    client.force_login(UserFactory(email="vikram@example.org"))
    for n in range(3):
        client.get(unknown(n))
    url = f"/delegations/invitations/{invitation.token}/"
    assert client.get(url).status_code == 429
    refused = client.post(url, {"badge_name": "Vikram"})
    assert refused.status_code == 429 and refused["Retry-After"] == "45"
    assert not Membership.objects.filter(delegation=delegation, user__email="vikram@example.org").exists()


def test_the_limit_is_per_client_address(client, settings, fixed_clock, delegation, lead):
    settings.DELEGATION_INVITATION_RATE_LIMIT = "3/m"
    invitation = invite_member(delegation, email="vikram@example.org", actor=lead)
    for n in range(4):
        client.get(unknown(n), REMOTE_ADDR="203.0.113.7")
    assert client.get(unknown(9), REMOTE_ADDR="203.0.113.7").status_code == 429
    page = client.get(f"/delegations/invitations/{invitation.token}/", REMOTE_ADDR="198.51.100.2")
    assert page.status_code == 200 and delegation.name in page.content.decode()


def test_the_default_limit_is_thirty_a_minute(client, fixed_clock):
    codes = [client.get(unknown(n % 100)).status_code for n in range(31)]
    assert codes == [404] * 30 + [429]
