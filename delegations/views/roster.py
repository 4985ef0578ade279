"""The roster page and its changes: remove a member, change a role, replace someone who left."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from .. import queries, services
from ..enums import RosterRole
from ..errors import DelegationError
from ..forms import HomeZoneForm, InviteForm, ReplaceForm
from .access import DelegationMixin, or_404


class RosterView(DelegationMixin, View):
    def get(self, request, pk, invite_form=None, status=200, home_zone_form=None):
        context = self.context(rows=queries.roster(self.delegation), roles=RosterRole.choices)
        if self.access.can_manage:
            context.update(
                invite_form=invite_form or InviteForm(delegation=self.delegation),
                home_zone_form=home_zone_form or HomeZoneForm(initial={"home_timezone": self.delegation.home_timezone}),
                invitations=queries.pending_invitations(self.delegation),
                history=queries.roster_history(self.delegation),
                feed_url=request.build_absolute_uri(reverse("delegations:feed", args=[self.delegation.feed_token])),
            )
        elif self.access.membership:
            context["feed_url"] = request.build_absolute_uri(
                reverse("delegations:feed", args=[self.delegation.feed_token])
            )
        return render(request, "delegations/roster.html", context, status=status)


class HomeZoneView(DelegationMixin, View):
    manage = True

    def post(self, request, pk):
        form = HomeZoneForm(request.POST)
        if not form.is_valid():
            return RosterView.get(self, request, pk, status=400, home_zone_form=form)
        services.set_home_timezone(
            self.delegation, home_timezone=form.cleaned_data["home_timezone"], actor=request.user
        )
        return redirect("delegations:roster", pk=pk)


class RemoveMemberView(DelegationMixin, View):
    manage = True

    def post(self, request, pk, member_pk):
        membership = or_404(queries.active_membership(self.delegation, member_pk))
        services.remove_member(membership, actor=request.user, reason=request.POST.get("reason", "")[:300])
        messages.success(
            request,
            _("%(name)s left the roster; their items are freed.") % {"name": queries.person_name(membership.user)},
        )
        return redirect("delegations:roster", pk=pk)


class ChangeRoleView(DelegationMixin, View):
    manage = True

    def post(self, request, pk, member_pk):
        membership = or_404(queries.active_membership(self.delegation, member_pk))
        try:
            services.change_member_role(membership, role=request.POST.get("role", ""), actor=request.user)
        except DelegationError as error:
            messages.error(request, error.message)
            return redirect("delegations:roster", pk=pk)
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": queries.person_name(membership.user), "role": membership.get_role_display()},
        )
        return redirect("delegations:roster", pk=pk)


class ReplaceMemberView(DelegationMixin, View):
    manage = True

    def get_membership(self, member_pk):
        return or_404(queries.active_membership(self.delegation, member_pk, with_user=True))

    def get(self, request, pk, member_pk):
        return self.render(self.get_membership(member_pk), ReplaceForm())

    def post(self, request, pk, member_pk):
        membership = self.get_membership(member_pk)
        form = ReplaceForm(request.POST)
        if form.is_valid():
            try:
                services.replace_member(membership, actor=request.user, **form.cleaned_data)
            except DelegationError as error:
                form.add_error("email", error.message)
            else:
                messages.success(
                    request,
                    _("%(email)s is invited in place of the member who left.") % {"email": form.cleaned_data["email"]},
                )
                return redirect("delegations:roster", pk=pk)
        return self.render(membership, form, status=400)

    def render(self, membership, form, status=200):
        return render(
            self.request,
            "delegations/replace.html",
            self.context(membership=membership, form=form),
            status=status,
        )
