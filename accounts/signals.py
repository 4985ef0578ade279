"""At sign-in the saved language goes into the session; at sign-up the language used is saved."""

from allauth.account.signals import user_signed_up
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from .language import remember_in_session, save_language, saved_language, supported


@receiver(user_logged_in, dispatch_uid="accounts.language_at_sign_in")
def language_at_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    # A language picked in the switcher before signing in becomes the account's choice.
    chosen = supported(getattr(request, "COOKIES", {}).get(settings.LANGUAGE_COOKIE_NAME))
    if chosen and saved_language(user) is None:
        save_language(user, chosen)
    remember_in_session(request, user)


@receiver(user_signed_up, dispatch_uid="accounts.language_at_sign_up")
def language_at_sign_up(sender, request, user, **kwargs):
    # Signing up in Hindi (the browser's language, or the one picked) makes Hindi the language
    # of their mails until they choose another; English, the default, needs no row.
    language = supported(translation.get_language())
    if language and language != settings.LANGUAGE_CODE and saved_language(user) is None:
        save_language(user, language, session=getattr(request, "session", None))
