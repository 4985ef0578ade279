"""The roster: invitations by email, accepting (which registers for the summit), removal with history."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from delegations.enums import InvitationStatus
from delegations.errors import DelegationError
from delegations.models import Invitation, Membership
from delegations.queries import roster
from delegations.services import (
    accept_invitation,
    add_itinerary_item,
    invite_member,
    remove_member,
    replace_member,
    revoke_invitation,
)
from summits.enums import RegistrationStatus
from summits.models import AuditEntry, Registration, SessionClearance
from tests.factories import CategoryFactory, ItineraryItemFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

DETAILS = {"badge_name": "Vikram Rao", "organisation": "Tonbo Imaging", "country_of_citizenship": "IN"}


def test_the_invitation_mail_links_to_a_secret_acceptance_page(delegation, lead):
    invitation = invite_member(delegation, email="Vikram@Example.org", role="liaison", actor=lead)
    assert invitation.email == "vikram@example.org"
    [message] = mail.outbox
    assert message.to == ["vikram@example.org"]
    assert message.subject == f"You are invited to join U.S. industry delegation at {delegation.summit.name}"
    link = re.search(r"http://testserver(/delegations/invitations/[^/\s]+/)", message.body).group(1)
    assert link == f"/delegations/invitations/{invitation.token}/"
    assert len(invitation.token) >= 32
    assert AuditEntry.objects.filter(action="delegations.invitation.sent").count() == 1


def test_accepting_registers_for_the_summit_in_the_chosen_category_through_the_registration_service(
    delegation, lead, summit
):
    startup = CategoryFactory(summit=summit, name="Startup / SME", kind="startup")
    invitation = invite_member(delegation, email="vikram@example.org", category=startup, actor=lead)
    user = UserFactory(email="vikram@example.org")
    membership = accept_invitation(invitation, user=user, details=DETAILS)
    registration = Registration.objects.get(user=user, summit=summit)
    assert (registration.category, registration.status, registration.badge_name) == (
        startup,
        RegistrationStatus.APPROVED,
        "Vikram Rao",
    )
    assert (membership.delegation, membership.role, membership.left_at) == (delegation, "member", None)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.membership) == (InvitationStatus.ACCEPTED, membership)
    # register_attendee's own audit entry and mail prove it was not reimplemented.
    assert AuditEntry.objects.filter(action="summits.registration.created", object_id=str(registration.pk)).exists()
    assert [m.subject for m in mail.outbox][-1] == f"{summit.name}: your registration is approved"


def test_accepting_when_already_registered_keeps_that_registration(delegation, lead, registration, attendee):
    invitation = invite_member(delegation, email=attendee.email, actor=lead)
    accept_invitation(invitation, user=attendee)
    assert Registration.objects.filter(user=attendee).count() == 1
    assert Membership.objects.filter(user=attendee, delegation=delegation, left_at=None).exists()


def test_an_invitation_cannot_be_accepted_from_another_account(delegation, lead):
    invitation = invite_member(delegation, email="vikram@example.org", actor=lead)
    stranger = UserFactory(email="someone-else@example.org")
    with pytest.raises(DelegationError) as excinfo:
        accept_invitation(invitation, user=stranger, details=DETAILS)
    assert excinfo.value.code == "wrong_account"
    assert not Membership.objects.exists() and not Registration.objects.filter(user=stranger).exists()


def test_an_unverified_address_does_not_count(delegation, lead):
    invitation = invite_member(delegation, email="vikram@example.org", actor=lead)
    user = UserFactory(email="vikram@example.org", verified=False)
    with pytest.raises(DelegationError) as excinfo:
        accept_invitation(invitation, user=user, details=DETAILS)
    assert excinfo.value.code == "wrong_account"


def test_a_revoked_or_used_invitation_cannot_be_accepted(delegation, lead):
    invitation = invite_member(delegation, email="vikram@example.org", actor=lead)
    revoke_invitation(invitation, actor=lead)
    with pytest.raises(DelegationError) as excinfo:
        accept_invitation(invitation, user=UserFactory(email="vikram@example.org"), details=DETAILS)
    assert excinfo.value.code == "not_pending"


def test_registration_refusals_from_the_summit_are_passed_on_and_nothing_is_kept(delegation, lead, summit):
    summit.registration_closes = datetime.now(UTC) - timedelta(minutes=1)
    summit.registration_opens = summit.registration_closes - timedelta(days=10)
    summit.save()
    invitation = invite_member(delegation, email="vikram@example.org", actor=lead)
    with pytest.raises(DelegationError) as excinfo:
        accept_invitation(invitation, user=UserFactory(email="vikram@example.org"), details=DETAILS)
    assert excinfo.value.code == "closed"
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING and not Membership.objects.exists()


def test_inviting_someone_already_on_the_roster_or_already_invited_is_refused(delegation, lead, member):
    with pytest.raises(DelegationError) as excinfo:
        invite_member(delegation, email=member.user.email, actor=lead)
    assert excinfo.value.code == "already_member"
    invite_member(delegation, email="new@example.org", actor=lead)
    with pytest.raises(DelegationError) as excinfo:
        invite_member(delegation, email="NEW@example.org", actor=lead)
    assert excinfo.value.code == "already_invited"


def test_removing_a_member_keeps_the_history_and_frees_their_items(delegation, lead, member, make_member):
    other = make_member("other@example.org")
    item = ItineraryItemFactory(delegation=delegation, everyone=False)
    item.participants.set([member, other])
    remove_member(member, actor=lead, reason="Visa refused")
    member.refresh_from_db()
    assert member.left_at is not None and member.left_reason == "Visa refused"
    assert list(item.participants.all()) == [other]
    item.refresh_from_db()
    assert item.sequence == 1
    assert [r.membership for r in roster(delegation)] == [other]
    assert Membership.objects.filter(pk=member.pk).exists()  # history kept
    with pytest.raises(DelegationError):
        remove_member(member, actor=lead)
    # They may come back later: a new stay, the old one still in the history.
    invitation = invite_member(delegation, email=member.user.email, actor=lead)
    accept_invitation(invitation, user=member.user)
    assert Membership.objects.filter(user=member.user, delegation=delegation).count() == 2


def test_replacing_a_member_removes_them_and_invites_the_replacement_into_the_same_role(delegation, lead, make_member):
    head = make_member("head@example.org", role="head")
    invitation = replace_member(head, email="deputy@example.org", actor=lead)
    assert (invitation.role, invitation.replaces) == ("head", head)
    new = accept_invitation(invitation, user=UserFactory(email="deputy@example.org"), details=DETAILS)
    head.refresh_from_db()
    assert head.left_at is not None and head.replaced_by == new and new.role == "head"


def test_the_lead_sees_registration_screening_and_badge_status_of_each_member(
    client, delegation, lead, member, make_member
):
    unregistered = make_member("late@example.org", registered=False)
    registration = Registration.objects.get(user=member.user)
    registration.is_us_person = False
    registration.save()
    session = SessionFactory(summit=delegation.summit, restriction="cleared")
    SessionClearance.objects.create(session=session, registration=registration, granted=True, decided_by=lead)
    add_itinerary_item(delegation, actor=lead, kind="session", session=session)
    us_only = SessionFactory(summit=delegation.summit, restriction="us_persons")
    add_itinerary_item(delegation, actor=lead, kind="session", session=us_only)
    rows = {r.membership: r for r in roster(delegation)}
    assert rows[member].registration.status == "approved"
    assert rows[member].screening == (
        "Not a U.S. person · citizen of India · cleared for 1 session, refused for 0"
        " · may join 1 of 2 closed sessions on the itinerary"
    )
    assert rows[member].badge == "Not printed"
    assert (rows[unregistered].screening, rows[unregistered].badge) == ("Not registered", "No registration")
    client.force_login(lead)
    html = client.get(f"/delegations/{delegation.pk}/").content.decode()
    assert "cleared for 1 session," in html and "Not printed" in html and 'data-status="approved"' in html


def test_members_see_names_and_roles_but_not_the_statuses(client, delegation, member, make_member):
    make_member("other@example.org")
    client.force_login(member.user)
    html = client.get(f"/delegations/{delegation.pk}/").content.decode()
    assert "other@example.org" in html and "Member" in html
    assert "Export-control screening" not in html and "Send invitation" not in html


def test_the_invitation_page_registers_and_joins_in_one_step(client, delegation, lead, summit):
    invitation = invite_member(delegation, email="vikram@example.org", actor=lead)
    user = UserFactory(email="vikram@example.org")
    url = invitation.get_absolute_url()
    assert client.get(url).status_code == 200  # anonymous: sign in / sign up links
    client.force_login(user)
    bad = client.post(url, {"badge_name": "", "organisation": "Tonbo"})
    assert bad.status_code == 400 and 'value="Tonbo"' in bad.content.decode()
    response = client.post(url, {**DETAILS, "badge_name": "विक्रम राव"})
    assert response.status_code == 302 and response["Location"] == f"/delegations/my/{summit.slug}/"
    assert Registration.objects.get(user=user).badge_name == "विक्रम राव"
    assert client.get(url).status_code == 410


def test_an_unknown_invitation_token_is_404(client):
    assert client.get("/delegations/invitations/not-a-token/").status_code == 404


def test_the_lead_invites_removes_and_replaces_through_the_pages(client, delegation, lead, member, summit):
    client.force_login(lead)
    bad = client.post(
        f"/delegations/{delegation.pk}/invite/",
        {"email": "not-an-email", "role": "member", "category": delegation.category_id},
    )
    assert bad.status_code == 400 and 'value="not-an-email"' in bad.content.decode()
    ok = client.post(
        f"/delegations/{delegation.pk}/invite/",
        {"email": "new@example.org", "role": "liaison", "category": delegation.category_id},
    )
    assert ok.status_code == 302 and Invitation.objects.get(email="new@example.org").role == "liaison"
    response = client.post(f"/delegations/{delegation.pk}/members/{member.pk}/replace/", {"email": "sub@example.org"})
    assert response.status_code == 302
    assert Invitation.objects.get(email="sub@example.org").replaces == member
    html = client.get(f"/delegations/{delegation.pk}/").content.decode()
    assert "Maya Member (Member)" in html.split("Roster history")[1]


def test_deleting_a_summit_takes_its_delegations_with_it(delegation, member, lead):
    invite_member(delegation, email="late@example.org", actor=lead)
    ItineraryItemFactory(delegation=delegation)
    delegation.summit.delete()
    assert not Membership.objects.exists() and not Invitation.objects.exists()


def test_the_lead_changes_a_members_role(client, delegation, lead, member):
    client.force_login(lead)
    assert client.post(f"/delegations/{delegation.pk}/members/{member.pk}/role/", {"role": "head"}).status_code == 302
    member.refresh_from_db()
    assert member.role == "head"
    client.post(f"/delegations/{delegation.pk}/members/{member.pk}/role/", {"role": "emperor"})
    member.refresh_from_db()
    assert member.role == "head"
    client.force_login(member.user)
    response = client.post(f"/delegations/{delegation.pk}/members/{member.pk}/role/", {"role": "liaison"})
    assert response.status_code == 404


def test_itinerary_forms_list_members_by_the_name_on_their_badge(delegation):
    from delegations.forms import ItemForm, SiteVisitForm
    from summits.screening.eligibility import SessionAccess
    from tests.factories import MembershipFactory, RegistrationFactory, UserFactory

    user = UserFactory(email="rk@example.in")
    RegistrationFactory(user=user, summit=delegation.summit, category=delegation.category, badge_name="रवि कुमार")
    MembershipFactory(delegation=delegation, user=user, role="member")
    item_labels = [
        label for _, label in ItemForm(delegation=delegation, access=SessionAccess()).fields["participants"].choices
    ]
    visit_labels = [label for _, label in SiteVisitForm(delegation=delegation).fields["participants"].choices]
    assert "रवि कुमार (Member)" in item_labels and "रवि कुमार (Member)" in visit_labels
    assert not any("rk@example.in" in label for label in item_labels)
