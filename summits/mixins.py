from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from conclave.staff_mfa import requires_staff_mfa

from .models import Summit


def summit_for(user, slug, *, knowing_organizer=True):
    """The summit at `slug` (404 if none), knowing whether `user` organizes it: the view and the
    page header both ask, and the summit's own query answers, not a second one."""
    if not knowing_organizer or not user.is_authenticated or user.is_superuser:
        return get_object_or_404(Summit, slug=slug)
    organizes = Summit.organizers.through.objects.filter(summit=OuterRef("pk"), user=user.pk)
    summit = get_object_or_404(Summit.objects.annotate(user_organizes=Exists(organizes)), slug=slug)
    summit.remember_organizer(user, summit.user_organizes)
    return summit


class SummitScopedView:
    """Base for views of one summit: resolves `request.summit`, activates its time zone.
    Staff pages (organizers, screeners, desk) set `staff_page`: once `get_summit` has let the
    person in, a session that has not passed two-factor is sent to set it up or sign in."""

    staff_page = False
    # Pages show the summit's header, which asks whether the person organizes the summit; the
    # summit is read with the answer. An action that only redirects sets False.
    asks_organizer = True

    def get_summit(self, request, slug):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        request.summit = self.summit = self.get_summit(request, kwargs["slug"])
        # After get_summit, so that anyone without access still gets the same 404.
        if self.staff_page and (refusal := requires_staff_mfa(request)) is not None:
            return refusal
        with timezone.override(self.summit.tz):
            response = super().dispatch(request, *args, **kwargs)
            # TemplateResponses render after dispatch; render now, inside the zone.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(summit=self.summit, **kwargs)


class SummitMixin(SummitScopedView):
    """Public pages of a summit; drafts exist only for their organizers."""

    def get_summit(self, request, slug):
        summit = summit_for(request.user, slug, knowing_organizer=self.asks_organizer)
        if not summit.is_published and not summit.is_organizer(request.user):
            raise Http404
        return summit


class OrganizerRequiredMixin(SummitScopedView):
    """Organizer pages of one summit. 404, not 403, so a summit's existence does not leak."""

    staff_page = True

    def get_summit(self, request, slug):
        summit = summit_for(request.user, slug)
        if not summit.is_organizer(request.user):
            raise Http404
        return summit


class ScreenerRequiredMixin(SummitScopedView):
    """The export-control screening page: organizers and the summit's screeners; 404 to anyone else."""

    staff_page = True

    def get_summit(self, request, slug):
        from .screening.queries import may_screen

        summit = summit_for(request.user, slug)
        if not may_screen(summit, request.user):
            raise Http404
        return summit
