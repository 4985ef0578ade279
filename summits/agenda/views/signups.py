"""Attendee views: sign up / cancel for a session, and 'My agenda'."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from conclave.intervals import overlaps

from ...enums import SignupStatus
from ...errors import SignupError
from ...mixins import SummitMixin
from ...models import SessionSignup
from ...registration.queries import own_registration
from ...screening.acknowledgement_forms import AcceptForm
from ...screening.acknowledgements import AcknowledgementError, accept_acknowledgement
from ...screening.eligibility import SessionAccess
from ...screening.queries import pending_acknowledgements
from ..queries import agenda_signups, sessions_by_local_day, waitlist_positions
from ..signups import cancel_signup, sign_up_attendee
from .public import SessionDetailView

ACKNOWLEDGEMENT_CODES = ("acknowledgement_required", "acknowledgement_outdated")
NOT_FOUND_CODES = ("not_found", "wrong_summit")


class SessionSignupView(LoginRequiredMixin, SummitMixin, View):
    """The sign-up button. Reads nothing itself: the service finds and locks the person's
    registration and the session (tests/summits/test_signup_queries.py counts the queries)."""

    asks_organizer = False  # it redirects; only a refused acknowledgement shows the page

    def post(self, request, slug, pk):
        ack_form = AcceptForm(request.POST)
        try:
            signup = sign_up_attendee(
                user=request.user, summit=self.summit, session_id=pk, accepted_version_id=ack_form.ticked_version_id()
            )
        except SignupError as error:
            if error.code in NOT_FOUND_CODES:
                raise Http404 from error
            if error.code == "not_registered":
                messages.error(request, error.message)
                return redirect("summits:register", slug=slug)
            if error.code in ACKNOWLEDGEMENT_CODES:
                # The error at the tick box, on the session page itself; nothing was stored.
                ack_form.add_error("accept", error.message)
                return _session_page(request, self.summit, pk, ack_form=ack_form, status=400)
            messages.error(request, error.message)
        else:
            if signup.status == SignupStatus.CONFIRMED:
                messages.success(request, _("You have a seat. It is in your agenda."))
            else:
                messages.info(
                    request,
                    _("The session is full: you are number %(position)s on the waiting list.")
                    % {"position": signup.position},
                )
        return redirect("summits:session", slug=slug, pk=pk)


def _session_page(request, summit, pk, *, ack_form, status):
    page = SessionDetailView()
    page.setup(request, slug=summit.slug, pk=pk)
    page.summit = summit
    page.object = page.get_object()
    context = page.get_context_data(object=page.object, ack_form=ack_form)
    return render(request, page.template_name, context, status=status)


class SignupCancelView(LoginRequiredMixin, SummitMixin, View):
    asks_organizer = False  # it redirects

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
            messages.success(request, _("Your sign-up is cancelled."))
        if request.POST.get("next") == "agenda":
            return redirect("summits:my-agenda", slug=slug)
        return redirect("summits:session", slug=slug, pk=pk)


class MyAgendaView(LoginRequiredMixin, SummitMixin, TemplateView):
    """The attendee's own sessions by day (in the summit's zone), overlaps flagged."""

    template_name = "summits/my_agenda.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = own_registration(self.request.user, self.summit)
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
                and overlaps(other.session.starts_at, other.session.ends_at, session.starts_at, session.ends_at)
            ]
        # A new version (or a newly attached acknowledgement) waits for the person's tick here.
        pending = pending_acknowledgements(
            registration, [s.session for s in signups if s in live and s.session.visible]
        )
        bound = kwargs.get("ack_form"), kwargs.get("ack_session")
        for signup in signups:
            signup.acknowledgement = pending.get(signup.session.pk)
            if signup.acknowledgement is not None:
                signup.ack_form = bound[0] if bound[1] == signup.session.pk else AcceptForm(prefix=f"s{signup.pk}")
        _show_as_released(self.summit, signups, access)
        sessions_days = sessions_by_local_day([s.session for s in signups], self.summit.tz)
        by_session = {s.session.pk: s for s in signups}
        context.update(
            registration=registration,
            days=[(day, [by_session[session.pk] for session in sessions]) for day, sessions in sessions_days],
        )
        return context


def _show_as_released(summit, signups, access):
    """Each sign-up's session as the summit's latest release has it (the seat, the waiting list and
    the acknowledgement stay live), shown only to whom may see both versions; a session not
    released yet stays as it is live, as on its page."""
    if not apps.is_installed("schedule"):
        return
    from schedule.queries import released_versions

    shown = released_versions(summit, [signup.session for signup in signups])
    for signup in signups:
        released = shown.get(signup.session.pk)
        if released is not None:
            released.visible = signup.session.visible and access.can_see(released)
            signup.session = released
    by_id = {signup.session.pk: signup.session for signup in signups}
    for signup in signups:
        signup.overlaps = [by_id[other.pk] for other in signup.overlaps]


class AcknowledgementAcceptView(LoginRequiredMixin, SummitMixin, View):
    """Accept a session's current acknowledgement from My agenda (own sign-ups only)."""

    def post(self, request, slug, pk):
        signup = get_object_or_404(
            SessionSignup.objects.select_related("session__summit", "registration"),
            session__summit=self.summit,
            session_id=pk,
            registration__user=request.user,
            status__in=SignupStatus.active(),
        )
        session = signup.session
        form = AcceptForm(request.POST, prefix=f"s{signup.pk}")
        version = form.accepted_version(session)
        try:
            if version is None:
                raise AcknowledgementError("acknowledgement_required", _("Tick the box to accept the acknowledgement."))
            accept_acknowledgement(
                registration=signup.registration, version=version, session=session, actor=request.user
            )
        except AcknowledgementError as error:
            form.add_error("accept", error.message)
            agenda = MyAgendaView()
            agenda.setup(request, slug=slug)
            agenda.summit = self.summit
            context = agenda.get_context_data(ack_form=form, ack_session=session.pk)
            return render(request, agenda.template_name, context, status=400)
        messages.success(request, _("Thank you: your acceptance is recorded."))
        return redirect("summits:my-agenda", slug=slug)
