"""The link in a team invitation: sign up (the address pre-filled and taken as verified, since
the link reached it) or sign in, then accept. Used, revoked and expired links say so (410); a
link that names nothing says so too (404). Rate-limited per client address."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from ops.ratelimit import rate_limit

from ...models import TeamInvitation
from ..invitations import accept_team_invitation
from ..queries import account_with_email, owns_email, team_invitation_for_token
from ..services import ConsoleError

LANDING = {
    TeamInvitation.Role.ORGANIZER: "summits:manage",
    TeamInvitation.Role.SCREENER: "summits:manage-screening",
    TeamInvitation.Role.DESK: "badges:desk",
}


@method_decorator(never_cache, name="dispatch")  # its address is the invitation's secret
@method_decorator(rate_limit("team-invitation", rate="TEAM_INVITATION_RATE_LIMIT"), name="dispatch")
class TeamInvitationView(View):
    template_name = "summits/console/team_invitation.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = team_invitation_for_token(kwargs["token"])
        if self.invitation is None:
            return render(request, "summits/console/team_invitation_unknown.html", status=404)
        return super().dispatch(request, *args, **kwargs)

    def closed_reason(self):
        """Why the link no longer works, or None while it does."""
        invitation = self.invitation
        if invitation.status == TeamInvitation.Status.ACCEPTED:
            return _("This invitation has already been used.")
        if invitation.status == TeamInvitation.Status.REVOKED:
            return _("This invitation was withdrawn by the organizers.")
        if invitation.is_expired():
            return _("This invitation has expired.")
        return None

    def get(self, request, token):
        if self.closed_reason() is None and not request.user.is_authenticated:
            if account_with_email(self.invitation.email) is None:
                # allauth's sign-up marks this address verified: the link proves the mail reached it.
                get_adapter(request).stash_verified_email(request, self.invitation.email)
        return self.render()

    def post(self, request, token):
        if self.closed_reason() is not None:
            return self.render()
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            invitation = accept_team_invitation(self.invitation, user=request.user)
        except ConsoleError as error:
            return self.render(error=error.message, status=403 if error.code == "wrong_account" else 410)
        summit = invitation.summit
        messages.success(
            request,
            _("You are on the team of %(summit)s as %(role)s.")
            % {"summit": summit.name, "role": invitation.get_role_display().lower()},
        )
        return redirect(reverse(LANDING[invitation.role], kwargs={"slug": summit.slug}))

    def render(self, *, error=None, status=200):
        user = self.request.user
        closed = self.closed_reason()
        wrong_account = closed is None and user.is_authenticated and not owns_email(user, self.invitation.email)
        if closed is not None:
            status = 410
        elif wrong_account:
            status = 403
        context = {
            "invitation": self.invitation,
            "summit": self.invitation.summit,
            "closed": closed,
            "wrong_account": wrong_account,
            "error": error,
            "next": self.request.get_full_path(),
        }
        with timezone.override(self.invitation.summit.tz):
            return render(self.request, self.template_name, context, status=status)
