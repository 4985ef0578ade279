"""The summit's team: organizers, screeners, desk staff; add by email (or invite by mail whoever
has no account yet), remove; resend or revoke a pending invitation."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ...mixins import OrganizerRequiredMixin
from ..invitations import add_or_invite_team_member, resend_team_invitation, revoke_team_invitation
from ..queries import team_invitation_in, team_invitations_of, team_of
from ..services import ConsoleError, remove_team_member
from ..setup_forms import TeamInvitationActionForm, TeamInviteForm, TeamRemoveForm


class TeamView(OrganizerRequiredMixin, TemplateView):
    template_name = "summits/console/team.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", TeamInviteForm())
        return super().get_context_data(
            team=team_of(self.summit),
            invitations=team_invitations_of(self.summit),
            now=timezone.now(),
            **kwargs,
        )

    def post(self, request, slug):
        if "remove" in request.POST:
            return self.remove(request)
        if "resend" in request.POST or "revoke" in request.POST:
            return self.answer_invitation(request)
        form = TeamInviteForm(request.POST)
        if form.is_valid():
            try:
                user, invitation = add_or_invite_team_member(
                    self.summit, email=form.cleaned_data["email"], role=form.cleaned_data["role"], actor=request.user
                )
            except ConsoleError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                if user is not None:
                    messages.success(request, _("%(email)s is on the team.") % {"email": user.email})
                else:
                    messages.success(request, self.sent_message(invitation))
                return redirect("console:team", slug=slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    @staticmethod
    def sent_message(invitation):
        return _("Invitation sent to %(email)s (the link works until %(date)s).") % {
            "email": invitation.email,
            "date": date_format(timezone.localtime(invitation.expires_at), "DATETIME_FORMAT"),
        }

    def answer_invitation(self, request):
        form = TeamInvitationActionForm(request.POST)
        invitation = team_invitation_in(self.summit, form.cleaned_data["invitation"]) if form.is_valid() else None
        if invitation is None:
            return self.render_to_response(
                self.get_context_data(refusal=_("Choose one of this summit's invitations.")), status=404
            )
        try:
            if "resend" in request.POST:
                invitation = resend_team_invitation(invitation, actor=request.user)
                messages.success(request, self.sent_message(invitation))
            else:
                revoke_team_invitation(invitation, actor=request.user)
                messages.success(request, _("Invitation to %(email)s revoked.") % {"email": invitation.email})
        except ConsoleError as error:
            return self.render_to_response(self.get_context_data(refusal=error.message), status=409)
        return redirect("console:team", slug=self.summit.slug)

    def remove(self, request):
        form = TeamRemoveForm(request.POST)
        refusal = _("Choose someone on the team to remove.")
        if form.is_valid():
            try:
                remove_team_member(
                    self.summit, user_id=form.cleaned_data["user"], role=form.cleaned_data["role"], actor=request.user
                )
            except ConsoleError as error:
                refusal = error.message
            else:
                messages.success(request, _("Removed from the team."))
                return redirect("console:team", slug=self.summit.slug)
        return self.render_to_response(self.get_context_data(refusal=refusal), status=400)
