"""The account page where a person makes and revokes their API tokens (`/api/tokens/`)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from conclave.staff_mfa import requires_staff_mfa

from ..forms import TokenForm
from ..queries import is_staff_somewhere, summits_for_tokens, tokens_of
from ..services import create_token, revoke_token


@method_decorator(never_cache, name="dispatch")  # the answer to a POST shows a secret once
class TokensView(LoginRequiredMixin, View):
    template_name = "api/tokens.html"

    def dispatch(self, request, *args, **kwargs):
        # A token acts as its person: staff make one only from a session that passed two-factor.
        if request.user.is_authenticated and is_staff_somewhere(request.user):
            if (refusal := requires_staff_mfa(request)) is not None:
                return refusal
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(TokenForm(summits=summits_for_tokens(request.user)))

    def post(self, request):
        form = TokenForm(request.POST, summits=summits_for_tokens(request.user))
        if not form.is_valid():
            return self.render(form, status=400)
        data = form.cleaned_data
        token, secret = create_token(user=request.user, summit=data["summit"], name=data["name"], scope=data["scope"])
        return self.render(TokenForm(summits=summits_for_tokens(request.user)), new_token=token, secret=secret)

    def render(self, form, status=200, **extra):
        context = {"form": form, "tokens": tokens_of(self.request.user), **extra}
        return render(self.request, self.template_name, context, status=status)


class RevokeTokenView(LoginRequiredMixin, View):
    def post(self, request, pk):
        token = tokens_of(request.user).filter(pk=pk).first()
        if token is None:
            raise Http404
        revoke_token(token, actor=request.user)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("api:tokens")
