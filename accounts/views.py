from django.utils import translation
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from django.views.i18n import JavaScriptCatalog
from django.views.i18n import set_language as django_set_language

from .language import normalized, save_language


def _switch(request):
    language = normalized(request.POST.get("language"))
    post = request.POST.copy()
    post["language"] = language
    request.POST = post
    if request.user.is_authenticated:
        save_language(request.user, language, session=request.session)
    return django_set_language(request)


_switch_for_account = csrf_protect(_switch)


@csrf_exempt
@require_POST
def set_language(request):
    """The switcher: Django's cookie and safe redirect, and the choice saved on the account.
    An unknown code is not an error: it sets English.

    Signed in, it changes the account: CSRF-checked. Signed out it only sets a cookie, and the
    form carries no token: every anonymous page, error pages included, stays byte-identical for
    the same input (the silent 404s of wrong and revoked tokens are compared byte for byte)."""
    if request.user.is_authenticated:
        return _switch_for_account(request)
    return _switch(request)


class LanguageCatalogView(JavaScriptCatalog):
    """The JavaScript catalog of the language in the URL (unknown: English), so the offline
    desk's service worker can keep one copy per language."""

    def get(self, request, *args, **kwargs):
        with translation.override(normalized(kwargs.get("language"))):
            response = super().get(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=3600"
        return response
