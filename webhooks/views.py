"""Organizer pages: `/summits/<slug>/manage/webhooks/` (endpoints, a new one), an endpoint's
delivery log with each attempt, replay. Ids are looked up within the summit: 404 otherwise."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from summits.mixins import OrganizerRequiredMixin

from . import queries
from .errors import WebhookError
from .forms import EndpointForm
from .services import create_endpoint, remove_endpoint, replay_delivery


@method_decorator(never_cache, name="dispatch")  # endpoint pages show signing secrets
class EndpointsView(OrganizerRequiredMixin, View):
    template_name = "webhooks/endpoints.html"

    def get(self, request, slug):
        return self.render(EndpointForm())

    def post(self, request, slug):
        form = EndpointForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                endpoint = create_endpoint(
                    summit=self.summit,
                    url=data["url"],
                    events=data["events"],
                    description=data["description"],
                    actor=request.user,
                )
            except WebhookError as error:
                form.add_error("url", error.message)
            else:
                messages.success(request, _("The endpoint is registered. Its signing secret is on its page."))
                return redirect("webhooks:endpoint", slug=slug, pk=endpoint.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        context = {"summit": self.summit, "form": form, "endpoints": queries.endpoints_of(self.summit)}
        return render(self.request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")
class EndpointView(OrganizerRequiredMixin, View):
    def get(self, request, slug, pk):
        endpoint = queries.endpoint_of(self.summit, pk)
        if endpoint is None:
            raise Http404
        context = {"summit": self.summit, "endpoint": endpoint, "deliveries": queries.deliveries_of(endpoint)}
        return render(request, "webhooks/endpoint.html", context)


class RemoveEndpointView(OrganizerRequiredMixin, View):
    def post(self, request, slug, pk):
        endpoint = queries.endpoint_of(self.summit, pk)
        if endpoint is None:
            raise Http404
        remove_endpoint(endpoint, actor=request.user)
        messages.success(request, _("The endpoint is removed; nothing more is sent to it."))
        return redirect("webhooks:endpoints", slug=slug)


class ReplayView(OrganizerRequiredMixin, View):
    def post(self, request, slug, pk):
        delivery = queries.delivery_of(self.summit, pk)
        if delivery is None:
            raise Http404
        replay_delivery(delivery, actor=request.user)
        messages.success(request, _("The delivery is queued again."))
        return redirect("webhooks:endpoint", slug=slug, pk=delivery.endpoint_id)
