"""Invitations: the lead invites and revokes; the invitee opens the emailed link, signs in, accepts."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from ops.ratelimit import rate_limit
from summits.registration.forms import RegistrationForm

from .. import queries, services
from ..enums import InvitationStatus
from ..errors import DelegationError
from ..forms import InviteForm
from .access import DelegationMixin, or_404
from .roster import RosterView


class InviteView(DelegationMixin, View):
    manage = True

    def post(self, request, pk):
        form = InviteForm(request.POST, delegation=self.delegation)
        if form.is_valid():
            try:
                services.invite_member(self.delegation, actor=request.user, **form.cleaned_data)
            except DelegationError as error:
                form.add_error("email", error.message)
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
                return redirect("delegations:roster", pk=pk)
        return RosterView.get(self, request, pk, invite_form=form, status=400)


class RevokeInvitationView(DelegationMixin, View):
    manage = True

    def post(self, request, pk, invitation_pk):
        invitation = or_404(queries.invitation_in(self.delegation, invitation_pk))
        try:
            services.revoke_invitation(invitation, actor=request.user)
        except DelegationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Invitation to %(email)s revoked.") % {"email": invitation.email})
        return redirect("delegations:roster", pk=pk)


@method_decorator(never_cache, name="dispatch")  # its address is the invitation's secret
# Per client address, before the token is looked up: guessing tokens costs a 429, not a query.
@method_decorator(rate_limit("delegation-invitation", rate="DELEGATION_INVITATION_RATE_LIMIT"), name="dispatch")
class InvitationView(View):
    """The link in the invitation email. Signing in (or up) comes first; then details, then accept."""

    def dispatch(self, request, *args, **kwargs):
        self.invitation = or_404(queries.invitation_for_token(kwargs["token"]))
        self.summit = self.invitation.delegation.summit
        return super().dispatch(request, *args, **kwargs)

    def registration(self):
        return queries.invitee_registration(self.request.user, self.summit)

    def make_form(self, **kwargs):
        return RegistrationForm(
            summit=self.summit, questions=self.summit.questions.all(), with_category=False, **kwargs
        )

    def get(self, request, token):
        if self.invitation.status != InvitationStatus.PENDING or not request.user.is_authenticated:
            return self.render(None)
        initial = {"badge_name": request.user.get_full_name()}
        return self.render(None if self.registration() else self.make_form(initial=initial))

    def post(self, request, token):
        if not request.user.is_authenticated or self.invitation.status != InvitationStatus.PENDING:
            return self.render(None, status=400)
        form = None if self.registration() else self.make_form(data=request.POST)
        if form is not None and not form.is_valid():
            return self.render(form, status=400)
        try:
            services.accept_invitation(
                self.invitation,
                user=request.user,
                details=form.details() if form else None,
                answers=form.answers() if form else None,
            )
        except DelegationError as error:
            if form is None:
                messages.error(request, error.message)
                return self.render(None, status=400)
            form.add_error(None, error.message)
            return self.render(form, status=400)
        messages.success(request, _("Welcome to %(delegation)s.") % {"delegation": self.invitation.delegation.name})
        return redirect("delegations:my-itinerary", slug=self.summit.slug)

    def render(self, form, status=200):
        user = self.request.user
        wrong_account = user.is_authenticated and not queries.user_has_email(user, self.invitation.email)
        context = {
            "invitation": self.invitation,
            "delegation": self.invitation.delegation,
            "summit": self.summit,
            "form": form,
            "wrong_account": wrong_account,
            "next": self.request.get_full_path(),
        }
        if self.invitation.status != InvitationStatus.PENDING:
            status = 410
        return render(self.request, "delegations/invitation.html", context, status=status)
