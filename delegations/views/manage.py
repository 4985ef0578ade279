"""Organizer pages: the summit's delegations, and creating one."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from summits.mixins import OrganizerRequiredMixin

from .. import queries, services
from ..errors import DelegationError
from ..forms import DelegationForm


class ManageDelegationsView(OrganizerRequiredMixin, View):
    def get(self, request, slug, form=None, status=200):
        context = {
            "summit": self.summit,
            "delegations": queries.delegations_for_summit(self.summit),
            "form": form or DelegationForm(summit=self.summit),
        }
        return render(request, "delegations/manage/delegations.html", context, status=status)

    def post(self, request, slug):
        form = DelegationForm(request.POST, summit=self.summit)
        if form.is_valid():
            data = form.cleaned_data
            try:
                delegation = services.create_delegation(
                    summit=self.summit,
                    name=data["name"],
                    lead=data["lead"],
                    category=data["category"],
                    home_country=data["home_country"],
                    destination_country=data["destination_country"],
                    description=data["description"],
                    home_timezone=data["home_timezone"],
                    actor=request.user,
                )
            except DelegationError as error:
                form.add_error("name" if error.code == "duplicate_name" else None, error.message)
            else:
                messages.success(
                    request,
                    _("%(delegation)s created; %(lead)s leads it.")
                    % {"delegation": delegation.name, "lead": data["lead_email"]},
                )
                return redirect("delegations_manage:list", slug=slug)
        return self.get(request, slug, form=form, status=400)
