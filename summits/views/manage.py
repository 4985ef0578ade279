from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from ..enums import RegistrationStatus
from ..errors import RegistrationError
from ..forms import BulkStatusForm
from ..queries import registration_counts, registrations_for_screening
from ..services import set_registration_status
from .mixins import OrganizerRequiredMixin


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
        messages.success(request, f"{changed} registration(s) updated.")
        for line in refused:
            messages.error(request, line)
        return redirect(request.get_full_path())
