"""Create a summit (/summits/new/) and edit its settings (manage/settings/)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from conclave.staff_mfa import requires_staff_mfa

from ...mixins import OrganizerRequiredMixin
from ..forms import NewSummitForm, SettingsForm
from ..queries import copy_sources, local_with_offset, may_create_summits
from ..services import ConsoleError, create_summit, update_summit


def _refuse(form, error):
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class NewSummitView(LoginRequiredMixin, TemplateView):
    """Staff and people with the "add summit" permission; everyone else gets a 404."""

    template_name = "summits/console/new.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not may_create_summits(request.user):
                raise Http404
            if (refusal := requires_staff_mfa(request)) is not None:
                return refusal
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return NewSummitForm(data, copy_sources=copy_sources(self.request.user))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = self.get_form()
        if form.is_valid():
            try:
                summit = create_summit(
                    actor=request.user,
                    data=form.summit_data(),
                    copy_from=form.cleaned_data["copy_from"],
                    copy_agenda=form.cleaned_data["copy_agenda"],
                )
            except ConsoleError as error:
                _refuse(form, error)
            else:
                messages.success(request, _("“%(name)s” is created as a draft.") % {"name": summit.name})
                return redirect("console:settings", slug=summit.slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SettingsView(OrganizerRequiredMixin, TemplateView):
    template_name = "summits/console/settings.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", SettingsForm(summit=self.summit))
        kwargs["window"] = [
            (_("Registration opens"), local_with_offset(self.summit.registration_opens, self.summit.timezone)),
            (_("Registration closes"), local_with_offset(self.summit.registration_closes, self.summit.timezone)),
        ]
        return super().get_context_data(**kwargs)

    def post(self, request, slug):
        form = SettingsForm(request.POST, summit=self.summit)
        if form.is_valid():
            try:
                summit = update_summit(self.summit, actor=request.user, data=form.summit_data())
            except ConsoleError as error:
                _refuse(form, error)
                self.summit.refresh_from_db()
            else:
                messages.success(request, _("Settings saved."))
                return redirect("console:settings", slug=summit.slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)
