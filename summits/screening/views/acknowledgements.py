"""Organizer pages of acknowledgements: write them, publish new versions, attach them to
restricted sessions; and a session's compliance CSV. Thin: parse, call a service, render."""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from conclave.content_language import hindi_values
from conclave.csv_safety import csv_cell
from conclave.formfields import parse_id

from ...mixins import OrganizerRequiredMixin
from ...models import Acknowledgement, Session
from ..acknowledgement_forms import AcknowledgementForm, AttachForm, VersionForm
from ..acknowledgements import AcknowledgementError, attach_acknowledgement, create_acknowledgement, publish_version
from ..compliance import compliance_rows


class AcknowledgementListView(OrganizerRequiredMixin, View):
    template_name = "summits/manage/acknowledgements.html"

    def get(self, request, slug):
        return self.render(AcknowledgementForm())

    def post(self, request, slug):
        form = AcknowledgementForm(request.POST)
        if form.is_valid():
            try:
                acknowledgement = create_acknowledgement(
                    summit=self.summit,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    actor=request.user,
                    **hindi_values(form.cleaned_data, ("title", "text")),
                )
            except AcknowledgementError as error:
                form.add_error("title" if "title" in error.code else "text", error.message)
            else:
                messages.success(
                    request, _("“%(title)s” is published as version 1.") % {"title": acknowledgement.title}
                )
                return redirect("summits:manage-acknowledgement", slug=slug, pk=acknowledgement.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        acknowledgements = list(
            Acknowledgement.objects.filter(summit=self.summit).prefetch_related("versions", "sessions")
        )
        context = {"summit": self.summit, "form": form, "acknowledgements": acknowledgements}
        return render(self.request, self.template_name, context, status=status)


class AcknowledgementDetailView(OrganizerRequiredMixin, View):
    template_name = "summits/manage/acknowledgement_detail.html"

    def get_acknowledgement(self):
        return get_object_or_404(Acknowledgement, summit=self.summit, pk=self.kwargs["pk"])

    def get(self, request, slug, pk):
        return self.render(self.get_acknowledgement())

    def render(self, acknowledgement, *, version_form=None, attach_form=None, status=200):
        context = {
            "summit": self.summit,
            "acknowledgement": acknowledgement,
            "versions": acknowledgement.versions.select_related("published_by"),
            "sessions": acknowledgement.sessions.order_by("starts_at"),
            "version_form": version_form or VersionForm(),
            "attach_form": attach_form or AttachForm(summit=self.summit),
        }
        return render(self.request, self.template_name, context, status=status)


class AcknowledgementPublishView(AcknowledgementDetailView):
    def post(self, request, slug, pk):
        acknowledgement = self.get_acknowledgement()
        form = VersionForm(request.POST)
        if form.is_valid():
            try:
                version = publish_version(
                    acknowledgement,
                    text=form.cleaned_data["text"],
                    text_hi=hindi_values(form.cleaned_data, ("text",))["text_hi"],
                    actor=request.user,
                )
            except AcknowledgementError as error:
                form.add_error("text", error.message)
            else:
                messages.success(
                    request,
                    _("Version %(number)s is published; everyone signed up is asked to accept it.")
                    % {"number": version.number},
                )
                return redirect("summits:manage-acknowledgement", slug=slug, pk=pk)
        return self.render(acknowledgement, version_form=form, status=400)


class AcknowledgementSessionsView(AcknowledgementDetailView):
    """Attach to a restricted session of this summit, or detach (`detach` = a session id)."""

    def post(self, request, slug, pk):
        acknowledgement = self.get_acknowledgement()
        if "detach" in request.POST:
            session = get_object_or_404(
                Session, summit=self.summit, acknowledgement=acknowledgement, pk=parse_id(request.POST["detach"]) or 0
            )
            attach_acknowledgement(session, None, actor=request.user)
            messages.success(request, _("“%(title)s” no longer asks for it.") % {"title": session.title})
            return redirect("summits:manage-acknowledgement", slug=slug, pk=pk)
        form = AttachForm(request.POST, summit=self.summit)
        if form.is_valid():
            session = form.cleaned_data["session"]
            try:
                attach_acknowledgement(session, acknowledgement, actor=request.user)
            except AcknowledgementError as error:
                form.add_error("session", error.message)
            else:
                messages.success(request, _("Signing up for “%(title)s” now asks for it.") % {"title": session.title})
                return redirect("summits:manage-acknowledgement", slug=slug, pk=pk)
        return self.render(acknowledgement, attach_form=form, status=400)


class SessionComplianceCsvView(OrganizerRequiredMixin, View):
    """Who signed up or was scanned at the door, eligibility basis, acknowledgement, door scans."""

    def get(self, request, slug, pk):
        session = get_object_or_404(Session.objects.select_related("summit"), summit=self.summit, pk=pk)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="session-{session.pk}-compliance.csv"'
        writer = csv.writer(response)
        for row in compliance_rows(session):
            writer.writerow([csv_cell(value) for value in row])
        return response
