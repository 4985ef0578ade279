"""Attendee views: sign up / cancel for a session, and 'My agenda'."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from ..eligibility import SessionAccess
from ..enums import SignupStatus
from ..errors import SignupError
from ..models import Registration, Session, SessionSignup
from ..queries import sessions_by_local_day
from ..signups import agenda_signups, cancel_signup, sign_up_for_session, waitlist_position, waitlist_positions
from .mixins import SummitMixin


def _own_registration(request):
    return Registration.objects.filter(user=request.user, summit=request.summit).first()


class SessionSignupView(LoginRequiredMixin, SummitMixin, View):
    def post(self, request, slug, pk):
        session = get_object_or_404(Session, summit=self.summit, pk=pk)
        registration = _own_registration(request)
        if registration is None:
            messages.error(request, "Register for the summit first; then you can sign up for sessions.")
            return redirect("summits:register", slug=slug)
        try:
            signup = sign_up_for_session(registration=registration, session=session, actor=request.user)
        except SignupError as error:
            messages.error(request, error.message)
        else:
            if signup.status == SignupStatus.CONFIRMED:
                messages.success(request, "You have a seat. It is in your agenda.")
            else:
                messages.info(
                    request, f"The session is full: you are number {waitlist_position(signup)} on the waiting list."
                )
        return redirect("summits:session", slug=slug, pk=pk)


class SignupCancelView(LoginRequiredMixin, SummitMixin, View):
    def post(self, request, slug, pk):
        # Only the signed-in person's own sign-up is reachable.
        signup = get_object_or_404(
            SessionSignup,
            session__summit=self.summit,
            session_id=pk,
            registration__user=request.user,
            status__in=SignupStatus.active(),
        )
        try:
            cancel_signup(signup, actor=request.user)
        except SignupError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Your sign-up is cancelled.")
        if request.POST.get("next") == "agenda":
            return redirect("summits:my-agenda", slug=slug)
        return redirect("summits:session", slug=slug, pk=pk)


class MyAgendaView(LoginRequiredMixin, SummitMixin, TemplateView):
    """The attendee's own sessions by day (in the summit's zone), overlaps flagged."""

    template_name = "summits/my_agenda.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = _own_registration(self.request)
        signups = list(agenda_signups(registration)) if registration else []
        access = SessionAccess.for_registration(registration)
        waiting_ahead = waitlist_positions(signups)
        live = [s for s in signups if s.status in SignupStatus.active() and not s.session.is_cancelled]
        for signup in signups:
            session = signup.session
            session.visible = access.can_see(session)
            signup.position = waiting_ahead.get(signup.pk)
            signup.overlaps = [
                other.session
                for other in live
                if other is not signup
                and signup in live
                and other.session.starts_at < session.ends_at
                and other.session.ends_at > session.starts_at
            ]
        sessions_days = sessions_by_local_day([s.session for s in signups], self.summit.tz)
        by_session = {s.session.pk: s for s in signups}
        context.update(
            registration=registration,
            days=[(day, [by_session[session.pk] for session in sessions]) for day, sessions in sessions_days],
        )
        return context
