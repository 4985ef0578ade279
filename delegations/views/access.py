"""What every delegation page shares: the access mixin (404 for anyone without access) and small helpers."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.utils.cache import add_never_cache_headers

from conclave.staff_mfa import requires_staff_mfa

from .. import queries


def or_404(found):
    """A query's answer, or 404 when it found nothing (queries return None; views decide)."""
    if found is None:
        raise Http404
    return found


class DelegationMixin(LoginRequiredMixin):
    """Resolves `self.delegation`: the lead, the summit's organizers and active members; 404 for anyone else.

    Every answer is `Cache-Control: no-store`: the roster carries the feed's secret address, and
    no page of a delegation belongs in a shared cache or a browser's disk cache."""

    manage = False  # True: the lead and organizers only

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = queries.delegation_access(request.user, kwargs["pk"])
        if self.access is None or (self.manage and not self.access.can_manage):
            raise Http404
        self.delegation = self.access.delegation
        # Someone who is here only as an organizer of the summit is on a staff page: two factors.
        as_staff_only = self.delegation.lead_id != request.user.pk and self.access.membership is None
        if as_staff_only and (refusal := requires_staff_mfa(request)) is not None:
            return refusal
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def context(self, **extra):
        return {
            "delegation": self.delegation,
            "summit": self.delegation.summit,
            "can_manage": self.access.can_manage,
            **extra,
        }


def apply_error(form, error):
    """A service's ValidationError on a field the form has goes next to that field."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
