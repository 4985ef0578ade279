from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ...calendar.tokens import live_feed_token, renew_feed_token
from ...enums import RegistrationStatus
from ...errors import RegistrationError
from ...mixins import SummitMixin
from ...models import Summit
from ..forms import RegistrationForm
from ..queries import own_registration
from ..services import cancel_registration, check_registration_open, register_attendee, update_registration


class RegisterView(LoginRequiredMixin, SummitMixin, View):
    template_name = "summits/register.html"

    def get(self, request, slug):
        registration = own_registration(request.user, self.summit)
        if registration and registration.status != "cancelled":
            return redirect("summits:me", slug=slug)
        form = self.make_form(initial=self.initial_from(registration))
        return self.render(form)

    def post(self, request, slug):
        registration = own_registration(request.user, self.summit)
        if registration and registration.status != "cancelled":
            return redirect("summits:me", slug=slug)
        form = self.make_form(data=request.POST)
        if form.is_valid():
            try:
                register_attendee(
                    user=request.user,
                    summit=self.summit,
                    category=form.cleaned_data["category"],
                    details=form.details(),
                    answers=form.answers(),
                )
            except RegistrationError as error:
                form.add_error(None, error.message)
                return self.render(form, status=409 if error.code == "already_registered" else 400)
            return redirect("summits:me", slug=slug)
        return self.render(form, status=400)

    def make_form(self, **kwargs):
        return RegistrationForm(summit=self.summit, questions=self.summit.questions.all(), **kwargs)

    def initial_from(self, registration):
        if registration is None:
            return {}
        return {"badge_name": registration.badge_name, "organisation": registration.organisation}

    def render(self, form, status=200):
        try:
            check_registration_open(self.summit)
            closed_reason = ""
        except RegistrationError as error:
            closed_reason = error.message
        if not closed_reason and "category" in form.fields and not form.fields["category"].queryset.exists():
            closed_reason = gettext(
                "Registration is not open yet: the organizers have not set up a category to register in."
            )
        context = {"summit": self.summit, "form": form, "closed_reason": closed_reason}
        return render(self.request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")  # the page carries the private feed token
class MySummitView(LoginRequiredMixin, SummitMixin, View):
    """'My summit': the attendee's registration, editable and cancellable."""

    template_name = "summits/me.html"

    def get(self, request, slug):
        registration = own_registration(request.user, self.summit)
        form = self.make_form(registration) if registration else None
        return self.render(registration, form)

    def post(self, request, slug):
        registration = own_registration(request.user, self.summit)
        if registration is None:
            return redirect("summits:register", slug=slug)
        if "cancel" in request.POST:
            try:
                cancel_registration(registration, actor=request.user)
            except RegistrationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, gettext("Your registration is cancelled."))
            return redirect("summits:me", slug=slug)
        form = self.make_form(registration, data=request.POST)
        if form.is_valid():
            try:
                update_registration(registration, details=form.details(), answers=form.answers(), actor=request.user)
            except RegistrationError as error:
                form.add_error(None, error.message)
                return self.render(registration, form, status=400)
            messages.success(request, gettext("Your details are saved."))
            return redirect("summits:me", slug=slug)
        return self.render(registration, form, status=400)

    def make_form(self, registration, **kwargs):
        answers = {a.question_id: a.value for a in registration.answers.all()}
        return RegistrationForm(
            instance=registration,
            summit=self.summit,
            questions=self.summit.questions.all(),
            answers=answers,
            with_category=False,
            **kwargs,
        )

    def render(self, registration, form, status=200):
        context = {"summit": self.summit, "registration": registration, "form": form}
        return render(self.request, self.template_name, context, status=status)


@login_required
@require_POST
def renew_personal_feed(request, slug):
    """'My summit' → revoke my private feed URL and issue a new one."""
    registration = own_registration(request.user, get_object_or_404(Summit, slug=slug))
    if registration is None or registration.status not in RegistrationStatus.active():
        raise Http404
    had_token = live_feed_token(registration) is not None
    renew_feed_token(registration, actor=request.user)
    if had_token:
        messages.success(request, gettext("Your private calendar link is renewed. The old link no longer works."))
    else:
        messages.success(request, gettext("Your private calendar link is ready."))
    return redirect(reverse("summits:me", kwargs={"slug": slug}) + "#calendar-feed")
