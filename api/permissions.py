from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from .models import ApiToken


class TokenScope(permissions.BasePermission):
    """A read token reads; writing takes a read-write token (or the signed-in session)."""

    message = _("This token is read-only.")

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        return not isinstance(token, ApiToken) or token.can_write
