from allauth.account.adapter import DefaultAccountAdapter

from ops.ratelimit import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # allauth's login and sign-up limits count the same address as our own limits.
        return client_ip(request) or super().get_client_ip(request)
