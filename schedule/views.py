"""Thin views: release the agenda (organizers), the public changelog, the frab exports."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import FormView, TemplateView

from summits.calendar.feeds import public_feed_state, state_for
from summits.calendar.views import calendar_response
from summits.mixins import OrganizerRequiredMixin, SummitMixin
from summits.screening.eligibility import SessionAccess

from .documents import EXPORT_FORMAT, export_bytes
from .errors import ReleaseError
from .forms import ReleaseForm
from .queries import changelog, latest_release, pending_changes, releases_of
from .services import release_schedule


class ReleaseView(OrganizerRequiredMixin, FormView):
    """/summits/<slug>/manage/agenda/release/: what releasing now changes, and the button."""

    template_name = "schedule/release.html"
    form_class = ReleaseForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            latest=latest_release(self.summit),
            releases=list(releases_of(self.summit)),
            pending=pending_changes(self.summit),
        )
        return context

    def form_valid(self, form):
        try:
            release = release_schedule(
                summit=self.summit,
                version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
                actor=self.request.user,
            )
        except ReleaseError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Version %(v)s is released.") % {"v": release.version})
        return redirect(reverse("schedule:changelog", kwargs={"slug": self.summit.slug}))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ChangelogView(SummitMixin, TemplateView):
    """/summits/<slug>/changelog/: per release, what was added, moved, renamed or cancelled."""

    template_name = "schedule/changelog.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access = SessionAccess.for_user(self.request.user, self.summit)
        context["log"] = changelog(self.summit, access)
        return context


def _export(request, slug, kind, content_type):
    state = public_feed_state(slug)  # None for a summit that is not published: 404 to everyone
    if state is None:
        raise Http404
    released = state.released
    state = state_for(kind, [state.etag, EXPORT_FORMAT], [state.last_modified], summit_id=state.summit_id)

    def build():
        return export_bytes(state.summit_id, kind, site_url=settings.SITE_URL, released=released)

    response = calendar_response(request, state, build, filename=f"{slug}-schedule.{kind}", content_type=content_type)
    # A partner site's page reads schedule.json (the embeddable agenda): public, no cookies.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


@require_safe
def schedule_json_view(request, slug):
    return _export(request, slug, "json", "application/json")


@require_safe
def schedule_xml_view(request, slug):
    return _export(request, slug, "xml", "application/xml; charset=utf-8")
