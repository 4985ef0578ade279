"""The one place that decides a person's language, for a request and for everything sent to them.

A signed-in person's saved choice wins over the browser; mails, PDFs and private feeds are
rendered in the recipient's (or the feed owner's) saved language, English when they saved none.
"""

from contextlib import contextmanager

from django.conf import settings
from django.utils import translation

from .models import Preferences

# The signed-in person's saved language, kept in the session so a request costs no query.
SESSION_KEY = "conclave_language"


def supported(code):
    """`code` if it is one of LANGUAGES (a regional variant maps to its base), else None."""
    if not code or not isinstance(code, str):
        return None
    try:
        return translation.get_supported_language_variant(code.strip()[:20])
    except LookupError:
        return None


def normalized(code):
    """A supported language for `code`; anything unknown falls back to the default (English)."""
    return supported(code) or settings.LANGUAGE_CODE


def saved_language(user):
    """The language `user` saved, or None (also for an anonymous user or None)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_saved_language", False)
    if cached is not False:
        return cached
    try:
        language = supported(user.preferences.language)  # no query when select_related("preferences")
    except Preferences.DoesNotExist:
        language = None
    user._saved_language = language
    return language


def saved_languages(user_ids):
    """{user id: saved language} for those of `user_ids` who saved one (one query)."""
    rows = Preferences.objects.filter(user_id__in=set(user_ids)).values_list("user_id", "language")
    return {user_id: language for user_id, language in rows if supported(language)}


def language_for(user):
    """What to render things sent to `user` in: their saved choice, else English."""
    return saved_language(user) or settings.LANGUAGE_CODE


def saved_language_for_email(address):
    """The language saved by the account behind a mail address, or None."""
    if not address or not isinstance(address, str):
        return None
    language = (
        Preferences.objects.filter(user__email__iexact=address.strip())
        .order_by("-updated")
        .values_list("language", flat=True)
        .first()
    )
    return supported(language)


def language_for_email(address):
    """The language of the account behind a mail address (the address of a person without one: English)."""
    return saved_language_for_email(address) or settings.LANGUAGE_CODE


@contextmanager
def language_of(user=None, *, email=None):
    """Render inside in `user`'s language (or the language of the account behind `email`)."""
    language = language_for(user) if user is not None else language_for_email(email)
    with translation.override(language):
        yield language


def save_language(user, code, *, session=None):
    """Save `code` (unknown codes become English) as `user`'s language; returns the language saved."""
    language = normalized(code)
    Preferences.objects.update_or_create(user=user, defaults={"language": language})
    user._saved_language = language
    if session is not None:
        session[SESSION_KEY] = language
    return language


def remember_in_session(request, user):
    """At sign-in: keep the saved language (or "" for none) in the session."""
    request.session[SESSION_KEY] = saved_language(user) or ""
