"""The screening page: organizers verify (or revoke) attendees' export-control facts."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ...enums import EligibilityStatus
from ...mixins import ScreenerRequiredMixin
from ..forms import RevokeEligibilityForm, VerifyEligibilityForm
from ..queries import screening_queue
from ..services import EligibilityError, declared_facts, revoke_eligibility, verify_eligibility

FORMS = {"verify": VerifyEligibilityForm, "revoke": RevokeEligibilityForm}


def _group(registration):
    if registration.eligibility_verified:
        return "verified"
    if registration.eligibility_status == EligibilityStatus.REVOKED:
        return "revoked"
    # Awaiting, or verified facts that were changed since by any path.
    return "changed" if registration.eligibility_checked_at is not None else "awaiting"


class ManageScreeningView(ScreenerRequiredMixin, TemplateView):
    """Declarations awaiting verification, changes made after one, and the decisions taken."""

    template_name = "summits/manage/screening.html"

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {"changed": [], "awaiting": [], "revoked": [], "verified": []}
        bound_pk = bound.data.get("registration") if bound is not None else None
        for registration in screening_queue(self.summit):
            registration.verify_form = VerifyEligibilityForm(
                summit=self.summit, registration=registration, facts=declared_facts(registration)
            )
            registration.revoke_form = RevokeEligibilityForm(summit=self.summit, registration=registration)
            if bound_pk == str(registration.pk):
                # The refused form, with what was typed and the error at its field.
                setattr(registration, f"{bound.action}_form", bound)
                registration.open_form = bound.action
            groups[_group(registration)].append(registration)
        context.update(groups=groups, bound=bound, orphan_errors=self._orphan_errors(bound, groups))
        return context

    def _orphan_errors(self, bound, groups):
        """Errors of a form whose row is not on the page (an unknown or foreign registration)."""
        if bound is None or any(getattr(r, "open_form", None) for rows in groups.values() for r in rows):
            return []
        return [error for errors in bound.errors.values() for error in errors]

    def post(self, request, slug):
        action = request.POST.get("action", "")
        form_class = FORMS.get(action)
        if form_class is None:
            messages.error(request, _("Choose verify or revoke."))
            return redirect("summits:manage-screening", slug=slug)
        registration_id = request.POST.get("registration", "")
        form = form_class(request.POST, summit=self.summit, auto_id=f"id_%s_{registration_id[:20]}")
        form.action = action
        if form.is_valid():
            data = form.cleaned_data
            registration = data["registration"]
            try:
                if action == "verify":
                    verify_eligibility(
                        registration,
                        actor=request.user,
                        document=data["document"],
                        reference=data["reference"],
                        facts=data["facts"],
                    )
                    messages.success(request, _("%(name)s is verified.") % {"name": registration.badge_name})
                else:
                    revoke_eligibility(registration, actor=request.user, reason=data["reason"])
                    messages.success(
                        request, _("%(name)s’s verification is revoked.") % {"name": registration.badge_name}
                    )
            except EligibilityError as error:
                form.add_error(error.field, error.message)
            else:
                return redirect("summits:manage-screening", slug=slug)
        return self.render_to_response(self.get_context_data(bound=form), status=400)
