"""The summit's team: organizers, screeners, desk staff; invite by email, remove."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ...mixins import OrganizerRequiredMixin
from ..queries import team_of
from ..services import ConsoleError, add_team_member, remove_team_member
from ..setup_forms import TeamInviteForm, TeamRemoveForm


class TeamView(OrganizerRequiredMixin, TemplateView):
    template_name = "summits/console/team.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", TeamInviteForm())
        return super().get_context_data(team=team_of(self.summit), **kwargs)

    def post(self, request, slug):
        if "remove" in request.POST:
            return self.remove(request)
        form = TeamInviteForm(request.POST)
        if form.is_valid():
            try:
                user = add_team_member(
                    self.summit, email=form.cleaned_data["email"], role=form.cleaned_data["role"], actor=request.user
                )
            except ConsoleError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("%(email)s is on the team.") % {"email": user.email})
                return redirect("console:team", slug=slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)

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
