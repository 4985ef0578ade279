"""A signed-in person's saved language, on every request, whatever the browser asks.

Runs after LocaleMiddleware (cookie, then Accept-Language) and after authentication. The
language is read from the session (set at sign-in, see signals.py), so it costs no query.
"""

from django.conf import settings
from django.utils import translation

from .language import SESSION_KEY, saved_language, supported

# The REST API answers in English, whoever asks: its clients are programs, and its data are the
# English originals (docs/ARCHITECTURE.md, "Languages").
ENGLISH_ONLY_PATHS = ("/api/",)
# ...except the page where a person manages their API tokens: a page people read.
PAGES_UNDER_API = ("/api/tokens/",)


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self.language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)

    def language(self, request):
        path = request.path_info
        if path.startswith(ENGLISH_ONLY_PATHS) and not path.startswith(PAGES_UNDER_API):
            return settings.LANGUAGE_CODE
        session = getattr(request, "session", None)
        if session is None or "_auth_user_id" not in session:
            return None
        if SESSION_KEY not in session:
            # A session from before sign-in recorded the language: look it up once.
            session[SESSION_KEY] = saved_language(request.user) or ""
        return supported(session[SESSION_KEY])
