"""The base of every summit-scoped API view: the same summit rules as the pages.

`/api/summits/<slug>/...` resolves the summit as the pages do (a draft exists only for its
organizers); a token scoped to another summit gets 404, as does a person without the view's
role (organizer, desk), so the API says no more than the pages. Times come out in the
summit's zone, with their offset."""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions, generics, permissions

from badges.queries import is_checkin_staff
from conclave.staff_mfa import staff_mfa_missing
from summits.models import Summit
from summits.screening.eligibility import SessionAccess

from ..models import ApiToken

PUBLIC, SIGNED_IN, ORGANIZER, DESK = "public", "signed_in", "organizer", "desk"


def summit_for(request, slug):
    """The summit `request` may use, or None (the caller answers 404)."""
    summit = Summit.objects.filter(slug=slug).first()
    if summit is None:
        return None
    token = request.auth if isinstance(request.auth, ApiToken) else None
    if token is not None and token.summit_id != summit.pk:
        return None
    if not summit.is_published and not summit.is_organizer(request.user):
        return None
    return summit


class SummitApiView(generics.GenericAPIView):
    role = PUBLIC
    write_role = None  # the role writes (POST, PATCH, DELETE) take, where it differs from reads'

    def required_role(self, request):
        if self.write_role is not None and request.method not in permissions.SAFE_METHODS:
            return self.write_role
        return self.role

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        role = self.required_role(request)
        writing = self.write_role is not None and request.method not in permissions.SAFE_METHODS
        if (role == SIGNED_IN or writing) and not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        summit = summit_for(request, kwargs["slug"])
        if summit is None or not self.has_role(request, summit):
            raise exceptions.NotFound()
        if role in (ORGANIZER, DESK) and request.auth is None and staff_mfa_missing(request):
            # A signed-in session of staff that skipped two-factor (tokens were made after it).
            raise exceptions.PermissionDenied(_("Sign in with your second factor first."))
        self.summit = summit
        timezone.activate(summit.tz)

    def finalize_response(self, request, response, *args, **kwargs):
        timezone.deactivate()
        return super().finalize_response(request, response, *args, **kwargs)

    def check_permissions(self, request):
        """Also asked by the browsable API before it draws a write form (whose choices could
        name a closed session's speaker): no form for a reader without the write role."""
        super().check_permissions(request)
        if hasattr(self, "summit") and not self.has_role(request, self.summit):
            self.permission_denied(request)

    def has_role(self, request, summit):
        user, role = request.user, self.required_role(request)
        if role == ORGANIZER:
            return summit.is_organizer(user)
        if role == DESK:
            return is_checkin_staff(summit, user)
        if role == SIGNED_IN:
            return user.is_authenticated
        return True

    def reads_as_organizer(self):
        """True if the reader gets the organizer's view of a list (everyone's rows, not only their
        own): staff signed in without their second factor are refused, as on the organizer pages."""
        if not self.session_access().is_organizer:
            return False
        if self.request.auth is None and staff_mfa_missing(self.request):
            raise exceptions.PermissionDenied(_("Sign in with your second factor first."))
        return True

    def session_access(self):
        if not hasattr(self, "_access"):
            self._access = SessionAccess.for_user(self.request.user, self.summit)
        return self._access

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "summit"):
            context["access"] = self.session_access()
        return context
