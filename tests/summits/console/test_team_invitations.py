"""Team invitations for people without an account: the mail, sign-up through allauth, accepting,
and the attacks (another summit, a reused or expired link, the wrong account, guessing)."""

import re
from datetime import timedelta
from html import unescape

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from badges.models import CheckinStaff
from summits.console.invitations import deliver_team_invitation, revoke_team_invitation
from summits.models import AuditEntry, Screener, TeamInvitation
from tests.factories import SummitFactory, UserFactory

pytestmark = pytest.mark.django_db

INVITED = "Asha.Rao@Example.org"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()  # the link's rate limit counts per address in the default cache
    yield
    cache.clear()


@pytest.fixture
def signed_in(organizer):
    """The organizer's own browser, beside the `client` the invitee uses."""
    browser = Client()
    browser.force_login(organizer)
    return browser


def team_url(summit):
    return f"/summits/{summit.slug}/manage/team/"


def invite(client, summit, capture, *, email=INVITED, role="screener"):
    with capture(execute=True):
        response = client.post(team_url(summit), {"email": email, "role": role})
    assert response.status_code == 302, response.content.decode()[:500]
    return TeamInvitation.objects.get(summit=summit, email=email.lower(), role=role)


def link_in(message):
    return re.search(r"https?://[^/\s]+(/summits/team-invitations/[^\s]+/)", message.body).group(1)


def test_an_invitation_is_mailed_listed_and_audited(signed_in, summit, organizer, django_capture_on_commit_callbacks):
    invitation = invite(signed_in, summit, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == ["asha.rao@example.org"]
    assert summit.name in message.subject
    assert link_in(message) == invitation.get_absolute_url()
    assert "Screener" in message.body and "expires on" in message.body
    page = signed_in.get(team_url(summit)).content.decode()
    assert "asha.rao@example.org" in page and "Works until" in page
    assert "Resend" in page and "Revoke" in page
    entry = AuditEntry.objects.get(action="summits.team.invitation_sent")
    assert (entry.actor, entry.summit, entry.data["role"]) == (organizer, summit, "screener")


def test_a_second_invitation_to_the_same_role_is_refused_at_the_field(
    signed_in, summit, django_capture_on_commit_callbacks
):
    invite(signed_in, summit, django_capture_on_commit_callbacks)
    response = signed_in.post(team_url(summit), {"email": INVITED, "role": "screener"})
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [
        "This address already has an invitation to this role: resend it from the list of invitations."
    ]
    assert f'value="{INVITED}"' in response.content.decode()
    assert TeamInvitation.objects.count() == 1


def test_sign_up_from_the_link_then_accept_grants_the_role_for_that_summit_only(
    client, summit, signed_in, django_capture_on_commit_callbacks
):
    other = SummitFactory()
    invitation = invite(signed_in, summit, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    signup = unescape(re.search(r'href="(/accounts/signup/[^"]+)"', page.content.decode()).group(1))
    form = client.get(signup).content.decode()
    assert 'value="asha.rao@example.org"' in form  # the invited address, pre-filled
    response = client.post(
        signup,
        {"email": "asha.rao@example.org", "password1": "a long pass phrase 42", "password2": "a long pass phrase 42"},
    )
    assert response.status_code == 302 and response["Location"] == link
    # The link reached the address, so allauth's sign-up took it as verified: no second mail round.
    user = EmailAddress.objects.get(email="asha.rao@example.org").user
    assert EmailAddress.objects.get(user=user).verified

    assert "Accept and join the team" in client.get(link).content.decode()
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == f"/summits/{summit.slug}/manage/screening/"
    assert Screener.objects.filter(summit=summit, user=user).exists()
    assert not Screener.objects.filter(summit=other).exists()
    assert client.get(f"/summits/{other.slug}/manage/screening/").status_code == 404
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == ("accepted", user)
    entry = AuditEntry.objects.get(action="summits.team.invitation_accepted")
    assert (entry.actor, entry.summit) == (user, summit)

    # A used link says so, and grants nothing more.
    again = client.post(link)
    assert again.status_code == 410
    assert "This invitation has already been used." in again.content.decode()
    assert not summit.organizers.filter(pk=user.pk).exists()


def test_an_existing_account_signs_in_and_accepts_the_desk_role(client, summit, organizer):
    invitee = UserFactory(email="desk.person@example.org")
    invitation = TeamInvitation.objects.create(
        summit=summit,
        email="desk.person@example.org",
        role="desk",
        token_selector="A" * 16,
        token_verifier="b" * 27,
        invited_by=organizer,
        sent_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=1),
    )
    anonymous_post = client.post(invitation.get_absolute_url())
    assert anonymous_post.status_code == 302 and anonymous_post["Location"].startswith("/accounts/login/")
    client.force_login(invitee)
    response = client.post(invitation.get_absolute_url())
    assert response["Location"] == f"/summits/{summit.slug}/manage/checkin/"
    assert CheckinStaff.objects.filter(summit=summit, user=invitee).exists()


def test_accepting_with_another_account_is_refused(client, summit, signed_in, django_capture_on_commit_callbacks):
    invitation = invite(signed_in, summit, django_capture_on_commit_callbacks, role="organizer")
    intruder = UserFactory(email="intruder@example.org")
    # Even an unverified copy of the invited address on the intruder's account does not count.
    EmailAddress.objects.create(user=intruder, email="asha.rao@example.org", verified=False)
    client.force_login(intruder)
    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 403
    assert "This invitation was sent to asha.rao@example.org: sign in with that address" in page.content.decode()
    refused = client.post(invitation.get_absolute_url())
    assert refused.status_code == 403
    assert not summit.organizers.filter(pk=intruder.pk).exists()
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_an_expired_link_says_so_and_grants_nothing(client, summit, signed_in, django_capture_on_commit_callbacks):
    invitation = invite(signed_in, summit, django_capture_on_commit_callbacks)
    TeamInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    invitee = UserFactory(email="asha.rao@example.org")
    client.force_login(invitee)
    for response in (client.get(invitation.get_absolute_url()), client.post(invitation.get_absolute_url())):
        assert response.status_code == 410
        assert "This invitation has expired." in response.content.decode()
    assert not Screener.objects.exists()
    assert "Expired on" in signed_in.get(team_url(summit)).content.decode()


def test_revoked_link_says_so(client, summit, signed_in, organizer, django_capture_on_commit_callbacks):
    invitation = invite(signed_in, summit, django_capture_on_commit_callbacks)
    response = signed_in.post(team_url(summit), {"revoke": "1", "invitation": invitation.pk})
    assert response.status_code == 302
    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 410
    assert "This invitation was withdrawn by the organizers." in page.content.decode()
    assert AuditEntry.objects.filter(action="summits.team.invitation_revoked", actor=organizer).count() == 1
    assert list(signed_in.get(team_url(summit)).context["invitations"]) == []


def test_resend_mints_a_new_link_and_the_old_one_names_nothing(
    client, summit, signed_in, django_capture_on_commit_callbacks
):
    invitation = invite(signed_in, summit, django_capture_on_commit_callbacks)
    old = invitation.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_in.post(team_url(summit), {"resend": "1", "invitation": invitation.pk}).status_code == 302
    assert len(mail.outbox) == 2
    new = link_in(mail.outbox[1])
    assert new != old
    gone = client.get(old)
    assert gone.status_code == 404
    assert "the organizers sent a newer invitation" in gone.content.decode()
    assert client.get(new).status_code == 200


def test_organizers_of_another_summit_cannot_revoke_resend_or_see_its_invitations(
    client, summit, signed_in, django_capture_on_commit_callbacks
):
    invitation = invite(signed_in, summit, django_capture_on_commit_callbacks)
    elsewhere = SummitFactory()
    rival = UserFactory(is_staff=True)
    elsewhere.organizers.add(rival)
    client.force_login(rival)
    for action in ("revoke", "resend"):
        response = client.post(team_url(elsewhere), {action: "1", "invitation": invitation.pk})
        assert response.status_code == 404
    assert client.get(team_url(summit)).status_code == 404
    assert client.post(team_url(summit), {"revoke": "1", "invitation": invitation.pk}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending" and len(mail.outbox) == 1


def test_a_revoked_invitation_is_not_mailed_by_a_late_worker(summit, organizer, signed_in):
    response = signed_in.post(team_url(summit), {"email": INVITED, "role": "desk"})  # job not run: no capture
    assert response.status_code == 302
    invitation = TeamInvitation.objects.get()
    revoke_team_invitation(invitation, actor=organizer)
    assert deliver_team_invitation(invitation.pk) is None
    assert mail.outbox == []


@pytest.mark.parametrize("token", ["x", "A" * 43, "A" * 16 + "!" * 27, "A" * 500])
def test_a_link_that_names_nothing_gets_a_helpful_404(client, token):
    response = client.get(f"/summits/team-invitations/{token}/")
    assert response.status_code == 404
    assert "This invitation link does not work" in response.content.decode()


def test_the_link_is_rate_limited_per_address(client, settings):
    settings.TEAM_INVITATION_RATE_LIMIT = "3/m"
    codes = [client.get(f"/summits/team-invitations/{'A' * 42}{n}/").status_code for n in range(5)]
    assert codes == [404, 404, 404, 429, 429]


@pytest.mark.parametrize("value", ["", "abc", "-1", "0", "9" * 40, "1 OR 1=1", "<script>"])
@pytest.mark.parametrize("action", ["resend", "revoke"])
def test_junk_invitation_ids_are_refused_and_change_nothing(
    signed_in, summit, django_capture_on_commit_callbacks, action, value
):
    invitation = invite(signed_in, summit, django_capture_on_commit_callbacks)
    response = signed_in.post(team_url(summit), {action: "1", "invitation": value})
    assert response.status_code == 404
    assert "Choose one of this summit" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "pending" and len(mail.outbox) == 1
