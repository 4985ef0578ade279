from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..models import Summit


def _in_summit_zone(summit, dispatch, request, *args, **kwargs):
    """Render in the summit's zone: the `date`/`time` filters convert to the active zone."""
    with timezone.override(summit.tz):
        response = dispatch(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
    return response


class SummitMixin:
    """Resolves `request.summit` from the URL; drafts exist only for their organizers."""

    def dispatch(self, request, *args, **kwargs):
        summit = get_object_or_404(Summit, slug=kwargs["slug"])
        if not summit.is_published and not summit.is_organizer(request.user):
            raise Http404
        request.summit = self.summit = summit
        return _in_summit_zone(summit, super().dispatch, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(summit=self.summit, **kwargs)


class OrganizerRequiredMixin:
    """Organizer pages of one summit. 404, not 403, so a summit's existence does not leak."""

    def dispatch(self, request, *args, **kwargs):
        summit = get_object_or_404(Summit, slug=kwargs["slug"])
        if not summit.is_organizer(request.user):
            raise Http404
        request.summit = self.summit = summit
        return _in_summit_zone(summit, super().dispatch, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(summit=self.summit, **kwargs)
