from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from accounts.language import saved_language_for_email
from ops.ratelimit import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # allauth's login and sign-up limits count the same address as our own limits.
        return client_ip(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix, email, context):
        # Verification and password mails: the account's saved language, else the page's.
        with translation.override(saved_language_for_email(email) or translation.get_language()):
            super().send_mail(template_prefix, email, context)
