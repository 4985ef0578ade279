"""The publication checklist: blocking items stop a POST with `publish`; warnings only inform."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ...mixins import OrganizerRequiredMixin
from ..queries import publish_checklist
from ..services import ConsoleError, publish_summit, unpublish_summit


class PublishView(OrganizerRequiredMixin, TemplateView):
    template_name = "summits/console/publish.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("checklist", publish_checklist(self.summit))
        return super().get_context_data(**kwargs)

    def post(self, request, slug):
        if "unpublish" in request.POST:
            unpublish_summit(self.summit, actor=request.user)
            messages.success(request, _("The summit is a draft again: only its team sees it."))
            return redirect("console:publish", slug=slug)
        if "publish" not in request.POST:
            return self.render_to_response(self.get_context_data(refusal=_("Nothing to do.")), status=400)
        try:
            publish_summit(self.summit, actor=request.user)
        except ConsoleError as error:
            return self.render_to_response(self.get_context_data(refusal=error.message), status=400)
        messages.success(request, _("Published: the summit's pages are public."))
        return redirect("console:publish", slug=slug)
