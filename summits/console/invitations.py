"""Team invitations for people without an account: invite, resend, revoke, accept.

The link in the mail is the only way in, so it is single-use, expires, and a resend mints a new
one (the old link then names nothing). Accepting needs an account that owns the invited address;
the role is granted for the invitation's summit only. Every change is audited."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conclave.tokens import mint_token, split_token

from ..audit import log_action
from ..mail import send_templated_mail
from ..models import TeamInvitation
from .queries import TEAM_INVITATION_TOKEN_LENGTH, account_with_email, owns_email
from .services import ConsoleError, grant_team_role

INVITATION_LIFETIME = timedelta(days=7)


def _new_link(invitation, now):
    token = mint_token(32)
    invitation.token_selector, invitation.token_verifier = split_token(token, length=TEAM_INVITATION_TOKEN_LENGTH)
    invitation.sent_at = now
    invitation.expires_at = now + INVITATION_LIFETIME


def _mail_on_commit(invitation):
    from .tasks import send_team_invitation

    transaction.on_commit(lambda: send_team_invitation.enqueue(invitation.pk))


@transaction.atomic
def add_or_invite_team_member(summit, *, email, role, actor, now=None):
    """An account with `email` takes the role now: (user, None). Anyone else gets an invitation
    by mail: (None, invitation)."""
    user = account_with_email(email)
    if user is not None:
        grant_team_role(summit, user=user, role=role, actor=actor)
        return user, None
    return None, invite_to_team(summit, email=email, role=role, actor=actor, now=now)


@transaction.atomic
def invite_to_team(summit, *, email, role, actor, now=None):
    if role not in TeamInvitation.Role.values:
        raise ConsoleError("unknown_role", _("Choose one of the roles."), field="role")
    email = email.strip().lower()
    pending = TeamInvitation.objects.select_for_update().filter(
        summit=summit, email=email, role=role, status=TeamInvitation.Status.PENDING
    )
    if pending.exists():
        raise ConsoleError(
            "already_invited",
            _("This address already has an invitation to this role: resend it from the list of invitations."),
            field="email",
        )
    invitation = TeamInvitation(summit=summit, email=email, role=role, invited_by=actor)
    _new_link(invitation, now or timezone.now())
    invitation.save()
    log_action("summits.team.invitation_sent", actor=actor, summit=summit, obj=invitation, email=email, role=role)
    _mail_on_commit(invitation)
    return invitation


def _locked_pending(invitation):
    invitation = TeamInvitation.objects.select_for_update().select_related("summit").get(pk=invitation.pk)
    if invitation.status != TeamInvitation.Status.PENDING:
        raise ConsoleError("not_pending", _("This invitation was already accepted or revoked."))
    return invitation


@transaction.atomic
def resend_team_invitation(invitation, *, actor, now=None):
    """A new link, valid for another INVITATION_LIFETIME, mailed again; the old link stops working."""
    invitation = _locked_pending(invitation)
    _new_link(invitation, now or timezone.now())
    invitation.save(update_fields=["token_selector", "token_verifier", "sent_at", "expires_at"])
    log_action("summits.team.invitation_resent", actor=actor, summit=invitation.summit, obj=invitation)
    _mail_on_commit(invitation)
    return invitation


@transaction.atomic
def revoke_team_invitation(invitation, *, actor, now=None):
    invitation = _locked_pending(invitation)
    invitation.status = TeamInvitation.Status.REVOKED
    invitation.decided_at = now or timezone.now()
    invitation.save(update_fields=["status", "decided_at"])
    log_action("summits.team.invitation_revoked", actor=actor, summit=invitation.summit, obj=invitation)
    return invitation


@transaction.atomic
def accept_team_invitation(invitation, *, user, now=None):
    """`user` takes the invited role at the invitation's summit. Refused (ConsoleError) when the
    link was used, revoked or has expired, or when `user` does not own the invited address."""
    now = now or timezone.now()
    invitation = TeamInvitation.objects.select_for_update().select_related("summit").get(pk=invitation.pk)
    if invitation.status == TeamInvitation.Status.ACCEPTED:
        raise ConsoleError("used", _("This invitation has already been used."))
    if invitation.status == TeamInvitation.Status.REVOKED:
        raise ConsoleError("revoked", _("This invitation was withdrawn by the organizers."))
    if invitation.is_expired(now):
        raise ConsoleError("expired", _("This invitation has expired."))
    if not owns_email(user, invitation.email):
        raise ConsoleError(
            "wrong_account",
            _("This invitation was sent to %(email)s: sign in with that address to accept it.")
            % {"email": invitation.email},
        )
    grant_team_role(invitation.summit, user=user, role=invitation.role, actor=user)
    invitation.status = TeamInvitation.Status.ACCEPTED
    invitation.decided_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["status", "decided_at", "accepted_by"])
    log_action(
        "summits.team.invitation_accepted",
        actor=user,
        summit=invitation.summit,
        obj=invitation,
        role=invitation.role,
        user=user.pk,
    )
    return invitation


def deliver_team_invitation(invitation_id, *, now=None):
    """The worker's side: mail the current link, unless the invitation was revoked, used or has
    expired since it was queued (nothing is sent then). Returns the mail or None."""
    invitation = TeamInvitation.objects.select_related("summit", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.status != TeamInvitation.Status.PENDING or invitation.is_expired(now):
        return None
    summit = invitation.summit
    with timezone.override(summit.tz):
        return send_templated_mail(
            "team_invitation",
            to=invitation.email,
            context={"invitation": invitation, "summit": summit, "inviter": invitation.invited_by},
        )
