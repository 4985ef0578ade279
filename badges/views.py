import csv
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from conclave.formfields import parse_id
from ops import ratelimit
from summits.mixins import OrganizerRequiredMixin, SummitMixin, SummitScopedView, summit_for
from summits.models import Registration
from summits.registration.queries import own_registration
from summits.screening.acknowledgements import AcknowledgementError
from summits.screening.eligibility import SessionAccess

from .batches import create_badge_batch
from .checkin import collect_acknowledgement_at_door, scan
from .door import door_rule
from .enums import BatchStatus
from .errors import BadgeError, ScanInputError
from .exports import checkin_csv_rows
from .forms import BatchForm, CollectAcknowledgementForm, ScanForm, StaffForm, door_sessions
from .lists import scan_with_list
from .models import BadgeBatch, CheckinStaff
from .qr import qr_svg
from .queries import (
    checkin_figures,
    checkin_list_of,
    checkin_lists,
    delegation_choices,
    is_checkin_staff,
    offline_conflicts,
    registrations_for_printing,
    search_registrations,
)
from .services import (
    add_checkin_staff,
    attendee_badge,
    attendee_badge_pdf,
    reissue_badge,
    remove_checkin_staff,
)

MAX_SCAN_BODY = 2048


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class MyBadgeView(LoginRequiredMixin, SummitMixin, View):
    """The attendee's own badge; approved registrations only, nobody else's."""

    def get(self, request, slug):
        registration = own_registration(request.user, self.summit)
        if registration is None:
            raise Http404
        try:
            pdf = attendee_badge_pdf(registration)
        except BadgeError:
            raise Http404 from None
        return pdf_response(pdf, f"badge-{self.summit.slug}.pdf")


@method_decorator(never_cache, name="dispatch")  # the page carries the badge's secret
class MyBadgePageView(LoginRequiredMixin, SummitMixin, View):
    """The attendee's own badge on screen, to show at the door from a phone; approved only."""

    def get(self, request, slug):
        registration = own_registration(request.user, self.summit)
        if registration is None:
            raise Http404
        try:
            badge = attendee_badge(registration)
        except BadgeError:
            raise Http404 from None
        context = {
            "summit": self.summit,
            "badge": badge,
            "qr": qr_svg(badge.secret, label=_("QR code of your badge")),
            "code_groups": [badge.secret[i : i + 4] for i in range(0, len(badge.secret), 4)],
        }
        return render(request, "badges/my_badge.html", context)


class StaffRequiredMixin(SummitScopedView):
    """Check-in desk pages: organizers and venue staff of this summit; 404 for anyone else.
    Times show in the summit's zone, like every other page of the summit."""

    staff_page = True

    def get_summit(self, request, slug):
        summit = summit_for(request.user, slug)
        if not is_checkin_staff(summit, request.user):
            raise Http404
        return summit


def _wants_json(request):
    return request.content_type == "application/json" or "application/json" in request.headers.get("Accept", "")


class DeskView(StaffRequiredMixin, View):
    template_name = "badges/desk.html"

    def get(self, request, slug):
        form = ScanForm(
            initial={
                "desk": request.GET.get("desk", _("Desk 1"))[:60],
                "session": self._get_id("session"),
                "list": self._get_id("list"),
                "direction": "out" if request.GET.get("direction") == "out" else "in",
            }
        )
        return self.render(form)

    def _get_id(self, name):
        return parse_id(self.request.GET.get(name))

    def render(self, form, *, result=None, error="", status=200):
        session_id = form["session"].value()
        try:
            session_id = int(session_id) if session_id else None
        except (TypeError, ValueError):
            session_id = None
        sessions = list(door_sessions(self.summit))
        # Venue staff who are not organizers see a closed session as "Closed session", like everyone else.
        access = SessionAccess.for_user(self.request.user, self.summit)
        for session in sessions:
            session.door_visible = access.can_see(session)
            session.door_label = session.title if session.door_visible else _("Closed session")
            session.door_rule = door_rule(session)
        query = self.request.GET.get("q", "")[:100]
        context = {
            "summit": self.summit,
            "form": form,
            "result": result,
            "error": error,
            "sessions": sessions,
            "door_session": next((s for s in sessions if s.pk == session_id), None),
            "query": query,
            "matches": search_registrations(self.summit, query) if query else [],
            "desk": form["desk"].value() or _("Desk 1"),
            "direction": form["direction"].value() or "in",
            "lists": checkin_lists(self.summit),
            "checkin_list": _chosen_list(self.summit, form["list"].value()),
        }
        return render(self.request, self.template_name, context, status=status)


def _chosen_list(summit, value):
    try:
        return checkin_list_of(summit, int(value)) if value else None
    except (TypeError, ValueError):
        return None


class ScanView(DeskView):
    """The scan endpoint: JSON for the desk's script, a plain form post without it."""

    def get(self, request, slug):
        return redirect("badges:desk", slug=slug)

    def post(self, request, slug):
        retry_after = ratelimit.hit("scan", request.user.pk, settings.SCAN_RATE_LIMIT)
        if retry_after:
            return ratelimit.too_many_requests(retry_after, request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = MAX_SCAN_BODY + 1
        if length > MAX_SCAN_BODY:
            return self.answer_error(ScanForm(), _("The request is too large for a badge scan."))
        if request.content_type == "application/json":
            try:
                payload = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError):
                payload = None
            if not isinstance(payload, dict):
                return self.answer_error(ScanForm(), _("The scan was not valid JSON."))
            keys = ("code", "registration", "desk", "session", "list", "direction")
            form = ScanForm({key: payload.get(key) for key in keys})
        else:
            form = ScanForm(request.POST)
        if not form.is_valid():
            message = " ".join(e for errors in form.errors.values() for e in errors)
            return self.answer_error(form, message)
        data = form.cleaned_data
        try:
            if data["list"]:
                result = scan_with_list(
                    summit=self.summit,
                    staff=request.user,
                    list_id=data["list"],
                    desk=data["desk"],
                    code=data["code"],
                    registration_id=data["registration"],
                    exit=data["direction"] == "out",
                )
            else:
                result = scan(
                    summit=self.summit,
                    staff=request.user,
                    desk=data["desk"],
                    code=data["code"],
                    registration_id=data["registration"],
                    session_id=data["session"],
                )
        except ScanInputError as error:
            return self.answer_error(form, error.message)
        if _wants_json(request):
            return JsonResponse(result.as_json())
        # A fresh field for the next scan; desk, session and list stay.
        next_form = ScanForm(
            initial={
                "desk": data["desk"],
                "session": data["session"],
                "list": data["list"],
                "direction": data["direction"],
            }
        )
        return self.render(next_form, result=result)

    def answer_error(self, form, message):
        if _wants_json(self.request):
            return JsonResponse({"outcome": "malformed", "ok": False, "tone": "bad", "message": message}, status=400)
        return self.render(form, error=message, status=400)


class CollectAcknowledgementView(ScanView):
    """The person read and signed the session's acknowledgement on paper at the door: record it
    (staff, desk, time), then check the door again, which now admits."""

    def post(self, request, slug):
        retry_after = ratelimit.hit("scan", request.user.pk, settings.SCAN_RATE_LIMIT)
        if retry_after:
            return ratelimit.too_many_requests(retry_after, request)
        form = CollectAcknowledgementForm(request.POST)
        if not form.is_valid():
            return self.answer_error(ScanForm(), _("Scan the badge again, then record the acknowledgement."))
        data = form.cleaned_data
        scan_form = ScanForm(initial={"desk": data["desk"], "session": data["session"]})
        try:
            result = collect_acknowledgement_at_door(
                summit=self.summit,
                registration_id=data["registration"],
                session_id=data["session"],
                version_id=data["version"],
                staff=request.user,
                desk=data["desk"],
            )
        except ScanInputError as error:
            return self.answer_error(ScanForm(initial={"desk": data["desk"]}), error.message)
        except AcknowledgementError as error:
            return self.answer_error(scan_form, error.message)
        if _wants_json(request):
            return JsonResponse(result.as_json())
        return self.render(scan_form, result=result)


class ReprintView(StaffRequiredMixin, View):
    """A lost badge: new secret (the old badge now scans as revoked), and the new badge's PDF."""

    def post(self, request, slug, pk):
        registration = get_object_or_404(Registration.objects.select_related("category"), summit=self.summit, pk=pk)
        if registration.status != "approved":
            raise Http404
        badge, pdf = reissue_badge(registration, actor=request.user, desk=request.POST.get("desk", "")[:60])
        return pdf_response(pdf, f"badge-{self.summit.slug}-{badge.registration_id}.pdf")


class FiguresView(OrganizerRequiredMixin, TemplateView):
    template_name = "badges/figures.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = checkin_figures(self.summit)
        context["figures"] = figures
        context["chart"] = hour_chart(figures["by_hour"])
        context["conflicts"] = offline_conflicts(self.summit)
        context["generated"] = timezone.now().astimezone(self.summit.tz)
        return context


def hour_chart(by_hour, *, height=160, bar=36, gap=12):
    """Bars for an inline SVG drawn on the server (no script, no inline style)."""
    if not by_hour:
        return None
    peak = max(count for _, count in by_hour)
    bars = []
    for index, (hour, count) in enumerate(by_hour):
        h = max(2, round(count / peak * (height - 40)))
        x = index * (bar + gap) + gap
        bars.append(
            {
                "x": x,
                "y": height - 20 - h,
                "w": bar,
                "h": h,
                "count": count,
                "label": f"{hour:%H}:00",
                "label_x": x + bar / 2,
                "count_y": height - 24 - h,
                "day": date_format(hour, "d M"),
            }
        )
    return {
        "bars": bars,
        "width": len(bars) * (bar + gap) + gap,
        "height": height,
        "axis_y": height - 20,
        "label_y": height - 6,
    }


class ExportView(OrganizerRequiredMixin, View):
    def get(self, request, slug):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="checkins-{self.summit.slug}.csv"'
        csv.writer(response).writerows(checkin_csv_rows(self.summit))
        return response


class BatchesView(OrganizerRequiredMixin, View):
    template_name = "badges/batches.html"

    def get(self, request, slug):
        return self.render(self.make_form())

    def post(self, request, slug):
        form = self.make_form(data=request.POST)
        if form.is_valid():
            registrations = registrations_for_printing(self.summit, **form.filters())
            try:
                batch = create_badge_batch(
                    self.summit,
                    registrations,
                    actor=request.user,
                    fmt=form.cleaned_data["format"],
                    cut_marks=form.cleaned_data["cut_marks"],
                    sort=form.cleaned_data["sort"],
                    description=form.description(),
                )
            except BadgeError as error:
                form.add_error(None, error.message)
                return self.render(form, status=400)
            return redirect("badges:batch", slug=slug, pk=batch.pk)
        return self.render(form, status=400)

    def make_form(self, data=None):
        return BatchForm(data, summit=self.summit, delegations=delegation_choices(self.summit))

    def render(self, form, status=200):
        registrations = registrations_for_printing(self.summit)
        context = {
            "summit": self.summit,
            "form": form,
            "registrations": registrations,
            "selected": {str(v) for v in (form["selected"].value() or [])},
            "batches": BadgeBatch.objects.filter(summit=self.summit)[:10],
        }
        return render(self.request, self.template_name, context, status=status)


class BatchView(OrganizerRequiredMixin, TemplateView):
    template_name = "badges/batch.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["batch"] = get_object_or_404(BadgeBatch, summit=self.summit, pk=kwargs["pk"])
        return context


class BatchDownloadView(OrganizerRequiredMixin, View):
    def get(self, request, slug, pk):
        batch = get_object_or_404(BadgeBatch, summit=self.summit, pk=pk, status=BatchStatus.DONE)
        return FileResponse(batch.file.open("rb"), as_attachment=True, filename=f"badges-{slug}-{batch.pk}.pdf")


class StaffView(OrganizerRequiredMixin, View):
    """Organizers name the venue staff who may work the check-in desk and the doors."""

    template_name = "badges/staff.html"

    def get(self, request, slug):
        return self.render(StaffForm())

    def post(self, request, slug):
        if "remove" in request.POST:
            raw = request.POST.get("remove", "")
            pk = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else 0  # garbage: no such role
            role = get_object_or_404(CheckinStaff, summit=self.summit, pk=pk)
            remove_checkin_staff(role, actor=request.user)
            messages.success(request, _("%(email)s no longer works the desk.") % {"email": role.user.email})
            return redirect("badges:staff", slug=slug)
        form = StaffForm(request.POST)
        if form.is_valid():
            try:
                role = add_checkin_staff(self.summit, email=form.cleaned_data["email"], actor=request.user)
            except BadgeError as error:
                form.add_error("email", error.message)
            else:
                messages.success(request, _("%(email)s may now work the check-in desk.") % {"email": role.user.email})
                return redirect("badges:staff", slug=slug)
        return self.render(form, status=400)

    def render(self, form, status=200):
        staff = CheckinStaff.objects.filter(summit=self.summit).select_related("user").order_by("user__email")
        return render(
            self.request, self.template_name, {"summit": self.summit, "form": form, "staff": staff}, status=status
        )
