"""Two factors for staff: organizer, screener, desk and admin pages refuse a session that
has not passed two-factor authentication when `settings.STAFF_MFA_REQUIRED` is on.

allauth records each authentication step of a session (password, mfa, ...); a session
whose records for the signed-in user include "mfa" passed the second factor. A password
login of a user without an authenticator never gets that record, nor does any login that
bypasses allauth, so both are caught here.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def passed_mfa(request):
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def staff_mfa_missing(request):
    """True when two-factor is required and this signed-in session has not passed it."""
    user = request.user
    return settings.STAFF_MFA_REQUIRED and user.is_authenticated and not passed_mfa(request)


def requires_staff_mfa(request, next_url=None):
    """None if this signed-in person may go on to a staff page; else the redirect to follow
    (set up TOTP, or sign in again through allauth with the code). Anonymous requests pass:
    the page itself decides (login or 404)."""
    if not staff_mfa_missing(request):
        return None
    user = request.user
    from allauth.mfa.utils import is_mfa_enabled

    next_query = urlencode({"next": next_url or request.get_full_path()})
    if not is_mfa_enabled(user):
        messages.warning(request, _("Staff pages need two-factor authentication. Set up an authenticator app first."))
        return redirect(f"{reverse('mfa_activate_totp')}?{next_query}")
    # An authenticator exists but this session skipped it (e.g. signed in right after setting
    # it up, or by another route): start again through allauth's login, which asks for the code.
    logout(request)
    messages.warning(request, _("Staff pages need two-factor authentication. Sign in again with your code."))
    return redirect(f"{reverse('account_login')}?{next_query}")


class StaffAdminSite(AdminSite):
    """The admin without its own password form: sign-in goes through allauth (rate limits,
    two-factor), and staff pages need a session that passed two-factor."""

    def has_permission(self, request):
        # No side effects here (admin calls it for every page); login() below redirects.
        return super().has_permission(request) and not staff_mfa_missing(request)

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
            next_url = reverse("admin:index", current_app=self.name)
        if request.user.is_authenticated:
            if not (request.user.is_active and request.user.is_staff):
                # allauth would send a signed-in person straight back here: refuse instead.
                raise PermissionDenied(_("This account has no access to the back office."))
            response = requires_staff_mfa(request, next_url)
            if response is not None:
                return response
            return redirect(next_url)
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


class StaffAdminConfig(AdminConfig):
    default_site = "conclave.staff_mfa.StaffAdminSite"
