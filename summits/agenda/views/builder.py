"""Organizer views of the agenda builder: grid, create/edit/move/cancel, conflicts, session stats,
screening and the attendee CSV. Thin: parse, call a service, render."""

import csv

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from conclave.timezones import wall_clock

from ...enums import Restriction, SignupStatus
from ...errors import ConflictError, ScheduleError, SignupError
from ...mixins import OrganizerRequiredMixin
from ...models import Session
from ..conflicts import conflicts_by_session, summit_conflicts
from ..exports import attendee_rows
from ..forms import MoveForm, ScreeningForm, SessionForm
from ..grid import build_grid
from ..queries import builder_sessions, seat_limit, session_stats, signup_counts
from ..scheduling import cancel_session, create_session, reschedule_session
from ..signups import screen_attendee


def _annotate_seats(sessions, counts):
    for session in sessions:
        c = counts.get(session.pk, {})
        session.seats_taken = c.get(SignupStatus.CONFIRMED, 0)
        session.waiting = c.get(SignupStatus.WAITLISTED, 0)
        session.seat_limit = seat_limit(session)


class AgendaBuilderView(OrganizerRequiredMixin, TemplateView):
    """Rooms × time for each day of the summit, in its zone, with every conflict marked."""

    template_name = "summits/manage/agenda_builder.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rooms = list(self.summit.rooms.all())
        sessions = list(builder_sessions(self.summit))
        # URLs by substitution, not one reverse() per link: the grid has hundreds of them.
        urls = {
            name: reverse(f"summits:{name}", args=[self.summit.slug, 0]).replace("/0/", "/{}/")
            for name in ("session-edit", "session-move", "manage-session-stats")
        }
        tz = self.summit.tz
        for session in sessions:
            session.summit = self.summit  # local times need the zone; no query per session
            session.edit_url = urls["session-edit"].format(session.pk)
            session.move_url = urls["session-move"].format(session.pk)
            session.stats_url = urls["manage-session-stats"].format(session.pk)
            session.when = (
                f"{wall_clock(session.starts_at.astimezone(tz))}–{wall_clock(session.ends_at.astimezone(tz))}"
            )
        _annotate_seats(sessions, signup_counts(self.summit))
        conflicts = summit_conflicts(self.summit, sessions)
        days, elsewhere, cancelled = build_grid(self.summit, rooms, sessions, conflicts_by_session(conflicts))
        context.update(
            rooms=rooms,
            days=days,
            elsewhere=elsewhere,
            cancelled=cancelled,
            conflicts=conflicts,
            create_url=reverse("summits:session-create", args=[self.summit.slug]),
        )
        return context


class SessionFormMixin(OrganizerRequiredMixin):
    template_name = "summits/manage/session_form.html"

    def render_form(self, form, *, conflicts=(), status=200, session=None):
        context = {"summit": self.summit, "form": form, "conflicts": conflicts, "session": session}
        return render(self.request, self.template_name, context, status=status)

    def save(self, form, session=None):
        """Call the service; map its errors to the form. Returns the session or a response."""
        values = form.session_values()
        try:
            if session is None:
                return create_session(summit=self.summit, actor=self.request.user, **values)
            return reschedule_session(session, actor=self.request.user, **values)
        except ScheduleError as error:
            form.add_error(error.field, error.message)
            return self.render_form(form, status=400, session=session)
        except ConflictError as error:
            # Keep everything typed; ask for an explicit "save anyway".
            return self.render_form(form, conflicts=error.conflicts, status=409, session=session)


class SessionCreateView(SessionFormMixin, View):
    def get(self, request, slug):
        initial = {"kind": "roundtable", "restriction": Restriction.OPEN}
        for name in ("room", "day"):
            if request.GET.get(name):
                initial[name] = request.GET[name][:20]
        if request.GET.get("start"):
            initial["start_time"] = request.GET["start"][:5]
        return self.render_form(SessionForm(summit=self.summit, initial=initial))

    def post(self, request, slug):
        form = SessionForm(request.POST, summit=self.summit)
        if not form.is_valid():
            return self.render_form(form, status=400)
        result = self.save(form)
        if not isinstance(result, Session):
            return result
        messages.success(request, _("“%(title)s” is on the agenda.") % {"title": result.title})
        return redirect(reverse("summits:agenda-builder", args=[slug]) + f"#session-{result.pk}")


class SessionEditView(SessionFormMixin, View):
    """Edit, move (room, day, time) and resize (start and end) a session; assign speakers."""

    def get_session(self):
        return get_object_or_404(
            Session.objects.prefetch_related("speakers", "moderators"), summit=self.summit, pk=self.kwargs["pk"]
        )

    def get(self, request, slug, pk):
        session = self.get_session()
        return self.render_form(
            SessionForm(summit=self.summit, initial=SessionForm.initial_for(session)), session=session
        )

    def post(self, request, slug, pk):
        session = self.get_session()
        form = SessionForm(request.POST, summit=self.summit)
        if not form.is_valid():
            return self.render_form(form, status=400, session=session)
        result = self.save(form, session=session)
        if not isinstance(result, Session):
            return result
        messages.success(request, _("“%(title)s” is saved.") % {"title": result.title})
        return redirect(reverse("summits:agenda-builder", args=[slug]) + f"#session-{result.pk}")


class SessionMoveView(OrganizerRequiredMixin, View):
    """Drag and drop target: a new room and start, same length. JSON for scripts, redirects otherwise."""

    def post(self, request, slug, pk):
        session = get_object_or_404(Session, summit=self.summit, pk=pk)
        wants_json = "application/json" in request.headers.get("Accept", "")
        form = MoveForm(request.POST, summit=self.summit, session=session)
        if form.is_valid():
            data = form.cleaned_data
            try:
                reschedule_session(
                    session,
                    actor=request.user,
                    room=data["room"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    save_anyway=data["save_anyway"],
                )
            except ScheduleError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            except ConflictError as error:
                if wants_json:
                    return JsonResponse({"ok": False, "conflicts": [c.message for c in error.conflicts]}, status=409)
                for conflict in error.conflicts:
                    messages.error(request, conflict.message)
                messages.error(request, _("Not moved. Open the session to save it anyway."))
                return redirect("summits:agenda-builder", slug=slug)
            else:
                if wants_json:
                    return JsonResponse({"ok": True})
                messages.success(request, _("“%(title)s” moved.") % {"title": session.title})
                return redirect("summits:agenda-builder", slug=slug)
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        if wants_json:
            return JsonResponse({"ok": False, "errors": errors}, status=400)
        for errs in errors.values():
            for message in errs:
                messages.error(request, message)
        return redirect("summits:agenda-builder", slug=slug)


class SessionCancelView(OrganizerRequiredMixin, View):
    template_name = "summits/manage/session_cancel.html"

    def get(self, request, slug, pk):
        session = get_object_or_404(Session, summit=self.summit, pk=pk)
        counts = signup_counts(self.summit).get(session.pk, {})
        context = {
            "summit": self.summit,
            "session": session,
            "affected": sum(counts.get(s, 0) for s in SignupStatus.active()),
        }
        return render(request, self.template_name, context)

    def post(self, request, slug, pk):
        session = get_object_or_404(Session, summit=self.summit, pk=pk)
        if not session.is_cancelled:
            cancel_session(session, actor=request.user)
            messages.success(request, _("“%(title)s” is cancelled; its attendees are told.") % {"title": session.title})
        return redirect("summits:agenda-builder", slug=slug)


class ConflictsView(OrganizerRequiredMixin, TemplateView):
    """Every open conflict of the summit; a conflict leaves the list once the schedule no longer has it."""

    template_name = "summits/manage/conflicts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conflicts"] = summit_conflicts(self.summit, builder_sessions(self.summit))
        return context


class SessionStatsView(OrganizerRequiredMixin, TemplateView):
    """Seats taken, waiting list, sign-ups over time; eligibility and screening for restricted sessions."""

    template_name = "summits/manage/session_stats.html"

    def get_session(self):
        return get_object_or_404(Session.objects.select_related("room"), summit=self.summit, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.session = getattr(self, "session", None) or self.get_session()
        session.summit = self.summit  # the stats read the summit's zone; no extra query
        context.update(
            session=session,
            **session_stats(session),
            screening_form=kwargs.get("screening_form") or ScreeningForm(summit=self.summit),
        )
        return context


class SessionScreeningView(SessionStatsView):
    """Clear or deny one attendee for a 'cleared attendees only' session (recorded with who, when, why)."""

    def post(self, request, slug, pk):
        self.session = self.get_session()
        form = ScreeningForm(request.POST, summit=self.summit)
        if form.is_valid():
            try:
                screen_attendee(
                    session=self.session,
                    registration=form.cleaned_data["registration"],
                    granted=form.cleaned_data["decision"] == "clear",
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except SignupError as error:
                form.add_error("reason" if error.code == "reason_required" else None, error.message)
            else:
                name = form.cleaned_data["registration"].badge_name
                if form.cleaned_data["decision"] == "clear":
                    messages.success(request, _("%(name)s is cleared.") % {"name": name})
                else:
                    messages.success(request, _("%(name)s is not cleared.") % {"name": name})
                return redirect("summits:manage-session-stats", slug=slug, pk=pk)
        return self.render_to_response(self.get_context_data(screening_form=form), status=400)


class SessionAttendeesCsvView(OrganizerRequiredMixin, View):
    """The session's attendees and waiting list, with eligibility (organizers only)."""

    def get(self, request, slug, pk):
        session = get_object_or_404(Session, summit=self.summit, pk=pk)
        session.summit = self.summit
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="session-{session.pk}-attendees.csv"'
        csv.writer(response).writerows(attendee_rows(session))
        return response
