from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from ...console.dashboard import dashboard_charts
from ...enums import RegistrationStatus, Restriction
from ...errors import RegistrationError
from ...mixins import OrganizerRequiredMixin
from ...models import Registration
from ..forms import BulkStatusForm
from ..queries import registration_counts, registrations_for_screening
from ..services import set_registration_status


class ManageDashboardView(OrganizerRequiredMixin, TemplateView):
    template_name = "summits/manage/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = registration_counts(self.summit)
        categories = list(self.summit.categories.all())
        for category in categories:
            category.counts = counts.get(category.pk, {})
            category.seats_taken = sum(category.counts.get(s, 0) for s in RegistrationStatus.seat_holding())
        context["categories"] = categories
        context["statuses"] = RegistrationStatus.choices
        context["charts"] = dashboard_charts(self.summit)
        return context


class ManageRegistrationsView(OrganizerRequiredMixin, TemplateView):
    """Screen registrations: filter, search, approve / decline / waitlist in bulk."""

    template_name = "summits/manage/registrations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        if status not in RegistrationStatus.values:
            status = ""
        search = self.request.GET.get("q", "")[:100]
        context.update(
            registrations=registrations_for_screening(self.summit, status=status, search=search),
            status=status,
            search=search,
            statuses=RegistrationStatus.choices,
            form=kwargs.get("form") or BulkStatusForm(summit=self.summit),
        )
        return context

    def post(self, request, slug):
        form = BulkStatusForm(request.POST, summit=self.summit)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        changed, refused = 0, []
        for registration in form.cleaned_data["registrations"]:
            try:
                set_registration_status(registration, form.cleaned_data["action"], actor=request.user)
                changed += 1
            except RegistrationError as error:
                refused.append(f"{registration.badge_name}: {error.message}")
        messages.success(
            request,
            ngettext("%(count)d registration updated.", "%(count)d registrations updated.", changed)
            % {"count": changed},
        )
        for line in refused:
            messages.error(request, line)
        return redirect(request.get_full_path())


class ManageRegistrationDetailView(OrganizerRequiredMixin, TemplateView):
    """One registration as the organizer screens it: details, answers, export-control facts."""

    template_name = "summits/manage/registration_detail.html"

    def get_registration(self):
        return get_object_or_404(
            Registration.objects.select_related("user", "category", "eligibility_checked_by"),
            summit=self.summit,
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = kwargs.get("registration") or self.get_registration()
        context.update(
            registration=registration,
            answers=registration.answers.select_related("question").order_by("question__position", "question__pk"),
            clearances=registration.clearances.select_related("session", "decided_by").order_by("session__starts_at"),
            restricted_sessions=self.summit.sessions.exclude(restriction=Restriction.OPEN).order_by("starts_at"),
            signups=registration.signups.select_related("session").order_by("session__starts_at"),
            actions=BulkStatusForm.ACTIONS,
        )
        return context

    def post(self, request, slug, pk):
        registration = self.get_registration()
        action = request.POST.get("action", "")
        if action not in dict(BulkStatusForm.ACTIONS):
            messages.error(request, _("Choose approve, decline or waiting list."))
        else:
            try:
                set_registration_status(registration, action, actor=request.user)
                messages.success(
                    request,
                    _("%(name)s is now %(status)s.")
                    % {"name": registration.badge_name, "status": str(RegistrationStatus(action).label).lower()},
                )
            except RegistrationError as error:
                messages.error(request, error.message)
        return redirect("summits:manage-registration", slug=slug, pk=pk)
