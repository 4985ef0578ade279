from django.apps import apps
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from ...calendar.feeds import state_for
from ...calendar.views import calendar_response
from ...mixins import SummitMixin, summit_for
from ...models import Session, Speaker
from ...screening.eligibility import SessionAccess
from ..calendar import session_ics
from ..page_cache import agenda_days_for
from ..queries import session_file, upcoming_summits


class HomeView(ListView):
    template_name = "summits/home.html"
    context_object_name = "summits"

    def get_queryset(self):
        return upcoming_summits()


class SummitDetailView(SummitMixin, TemplateView):
    template_name = "summits/summit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summit = self.summit
        context.update(
            categories=list(summit.categories.all()),
            rooms=list(summit.rooms.all()),
            is_organizer=summit.is_organizer(self.request.user),
        )
        return context


class AgendaView(SummitMixin, TemplateView):
    template_name = "summits/agenda.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Rows rendered once per version of the agenda; each person gets the forms they may see.
        context["days"] = agenda_days_for(
            self.summit, lambda restricted: SessionAccess.for_user(self.request.user, self.summit, sessions=restricted)
        )
        return context


class SessionDetailView(SummitMixin, DetailView):
    template_name = "summits/session_detail.html"
    context_object_name = "session"

    def get_object(self):
        # Speakers and moderators are read below, only if the page shows the live session.
        session = get_object_or_404(
            Session.objects.select_related("room", "track"), summit=self.summit, pk=self.kwargs["pk"]
        )
        session.summit = self.summit  # the page and its sign-up panel read it: no second query
        return session

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        live = shown = self.object
        if apps.is_installed("schedule"):
            from schedule.queries import as_released

            # Seats and sign-ups come from the live session; what the page shows, from the latest release.
            released = as_released(self.summit, [live])
            if released and released[0] is not live:
                shown = released[0]  # its speakers and moderators come with it, from the release
        access = SessionAccess.for_user(self.request.user, self.summit, sessions=[live, shown])
        # Shown only to whom may see both versions.
        visible = access.can_see(live) and access.can_see(shown)
        if visible and shown is live:
            prefetch_related_objects([live], "speakers", "moderators")
        context.update(
            session=shown,
            visible=visible,
            awaiting_verification=access.awaits_verification(live),
            access=access,
        )
        return context


@require_safe
def session_calendar(request, slug, pk):
    """The session page's .ics download, shown as the signed-in person may see it."""
    summit = summit_for(request.user, slug)
    if not summit.is_published and not summit.is_organizer(request.user):
        raise Http404
    people = Speaker.objects.order_by("name")
    sessions = Session.objects.select_related("room").prefetch_related(
        Prefetch("speakers", queryset=people), Prefetch("moderators", queryset=people)
    )
    session = get_object_or_404(sessions, summit=summit, pk=pk)
    session.summit = summit
    access = SessionAccess.for_user(request.user, summit)
    shown, parts, stamps = session_file(summit, session, access)
    state = state_for("session", parts, stamps)

    def build():
        return session_ics(shown, access, stamp=state.last_modified)

    filename = f"session-{session.pk}.ics"
    return calendar_response(request, state, build, private=True, filename=filename, attachment=True)
