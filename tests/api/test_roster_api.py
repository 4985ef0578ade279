"""Roster writes through the API: the delegation's lead and the summit's organizers invite, change
roles and remove members through the roster page's services (mail, audit, freed items); a lead
of another delegation, a member, and another summit's organizer get 404 and change nothing."""

import pytest

from delegations.enums import RosterRole
from delegations.models import Invitation, Membership
from summits.models import AuditEntry
from tests.api.helpers import bearer, token_for
from tests.factories import (
    CategoryFactory,
    DelegationFactory,
    ItineraryItemFactory,
    MembershipFactory,
    RegistrationFactory,
    SummitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def send(client, method, url, data, secret):
    return getattr(client, method)(url, data, content_type="application/json", **bearer(secret))


@pytest.fixture
def lead(db):
    return UserFactory(email="lead@example.org")


@pytest.fixture
def delegation(summit, category, lead):
    RegistrationFactory(summit=summit, user=lead, category=category)
    return DelegationFactory(summit=summit, category=category, lead=lead, name="U.S. industry")


@pytest.fixture
def member(delegation, category):
    user = UserFactory(email="maya@example.org", first_name="Maya", last_name="Member")
    RegistrationFactory(summit=delegation.summit, user=user, category=category)
    return MembershipFactory(delegation=delegation, user=user)


def members_url(summit, delegation, member=None):
    url = f"/api/summits/{summit.slug}/delegations/{delegation.pk}/members/"
    return f"{url}{member.pk}/" if member else url


def test_the_lead_lists_invites_and_the_invitee_is_mailed(client, summit, delegation, lead, member, mailoutbox):
    secret = token_for(lead, summit)
    listed = client.get(members_url(summit, delegation), **bearer(secret)).json()
    assert [(m["email"], m["name"], m["role"]) for m in listed] == [("maya@example.org", "Maya Member", "member")]
    response = send(client, "post", members_url(summit, delegation), {"email": "Ravi@Example.org"}, secret)
    assert response.status_code == 201, response.content
    assert (response.json()["email"], response.json()["status"]) == ("ravi@example.org", "pending")
    assert Invitation.objects.get().category == delegation.category
    assert [m.to for m in mailoutbox] == [["ravi@example.org"]]
    assert AuditEntry.objects.filter(action__endswith="invitation.sent", actor=lead).count() == 1
    again = send(client, "post", members_url(summit, delegation), {"email": "ravi@example.org"}, secret)
    assert again.status_code == 409 and again.json()["code"] == "already_invited"


@pytest.mark.parametrize(
    ("data", "field"),
    [({"email": "not an address"}, "email"), ({"email": "a@b.org", "role": "king"}, "role"), ({}, "email")],
)
def test_bad_invitations_are_400_at_the_field(client, summit, delegation, lead, data, field):
    response = send(client, "post", members_url(summit, delegation), data, token_for(lead, summit))
    assert response.status_code == 400 and field in response.json()
    assert not Invitation.objects.exists()


def test_another_summits_category_is_refused(client, summit, delegation, lead):
    theirs = CategoryFactory(summit=SummitFactory())
    data = {"email": "a@b.org", "category": theirs.pk}
    response = send(client, "post", members_url(summit, delegation), data, token_for(lead, summit))
    assert response.status_code == 400 and "category" in response.json()
    assert not Invitation.objects.exists()


def test_the_lead_changes_a_role_and_removes_a_member_whose_items_are_freed(client, summit, delegation, lead, member):
    item = ItineraryItemFactory(delegation=delegation, everyone=False)
    item.participants.add(member)
    secret = token_for(lead, summit)
    response = send(client, "patch", members_url(summit, delegation, member), {"role": RosterRole.LIAISON}, secret)
    assert response.status_code == 200 and response.json()["role"] == RosterRole.LIAISON
    bad = send(client, "patch", members_url(summit, delegation, member), {"role": "king"}, secret)
    assert bad.status_code == 400 and "role" in bad.json()
    gone = send(client, "delete", members_url(summit, delegation, member), {"reason": "Visa refused"}, secret)
    assert gone.status_code == 204
    member.refresh_from_db()
    assert member.left_at is not None and member.left_reason == "Visa refused" and not item.participants.exists()
    assert send(client, "delete", members_url(summit, delegation, member), {}, secret).status_code == 404


def test_an_organizer_manages_any_roster_of_their_summit(client, summit, delegation, organizer, member):
    response = send(client, "delete", members_url(summit, delegation, member), {}, token_for(organizer, summit))
    assert response.status_code == 204


def test_a_lead_cannot_touch_someone_elses_roster(client, summit, category, delegation, member):
    other_lead = UserFactory()
    RegistrationFactory(summit=summit, user=other_lead, category=category)
    DelegationFactory(summit=summit, category=category, lead=other_lead)
    secret = token_for(other_lead, summit)
    assert client.get(members_url(summit, delegation), **bearer(secret)).status_code == 404
    assert send(client, "post", members_url(summit, delegation), {"email": "x@y.org"}, secret).status_code == 404
    assert send(client, "patch", members_url(summit, delegation, member), {"role": "head"}, secret).status_code == 404
    assert send(client, "delete", members_url(summit, delegation, member), {}, secret).status_code == 404
    # A member reads the roster page, but may not change it through the API either.
    member_secret = token_for(member.user, summit)
    assert send(client, "delete", members_url(summit, delegation, member), {}, member_secret).status_code == 404
    member.refresh_from_db()
    assert (member.role, member.left_at) == (RosterRole.MEMBER, None) and not Invitation.objects.exists()


def test_another_summits_organizer_and_delegation_are_404(client, summit, delegation, lead, member):
    stranger = UserFactory(is_staff=True)
    other = SummitFactory(organizers=[stranger])
    assert (
        send(client, "delete", members_url(summit, delegation, member), {}, token_for(stranger, other)).status_code
        == 404
    )
    theirs = DelegationFactory(summit=other, category=CategoryFactory(summit=other), lead=lead)
    their_member = MembershipFactory(delegation=theirs, user=UserFactory())
    # The lead's token is scoped to this summit: their delegation in the other summit is 404 here.
    url = f"/api/summits/{summit.slug}/delegations/{theirs.pk}/members/{their_member.pk}/"
    assert send(client, "delete", url, {}, token_for(lead, summit)).status_code == 404
    # A member of another delegation under this delegation's address: 404.
    assert (
        send(client, "delete", members_url(summit, delegation, their_member), {}, token_for(lead, summit)).status_code
        == 404
    )
    assert Membership.objects.filter(left_at__isnull=False).count() == 0


def test_a_read_token_cannot_write(client, summit, delegation, lead, member):
    secret = token_for(lead, summit, scope="read")
    assert send(client, "delete", members_url(summit, delegation, member), {}, secret).status_code == 403
    assert client.get(members_url(summit, delegation), **bearer(secret)).status_code == 200
