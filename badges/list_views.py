"""Check-in lists (organizers), and what the offline desk talks to: its list's snapshot, the
upload of its queued scans, its service worker and web app manifest."""

import csv
import json

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.gzip import gzip_page

from conclave.csv_safety import csv_cell
from summits.mixins import OrganizerRequiredMixin

from .enums import ListKind
from .errors import BadgeError
from .forms import CheckinListForm
from .lists import create_checkin_list, create_entrance_lists
from .queries import checkin_list_of, checkin_lists, list_entries, list_figures
from .snapshot import is_over, list_snapshot
from .sync import SyncError, sync_offline_scans
from .views import StaffRequiredMixin

MAX_SYNC_BODY = 256 * 1024


class ListsView(OrganizerRequiredMixin, View):
    template_name = "badges/lists.html"

    def get(self, request, slug):
        return self.render(CheckinListForm(summit=self.summit))

    def post(self, request, slug):
        if "entrances" in request.POST:
            made = create_entrance_lists(summit=self.summit, actor=request.user)
            messages.success(request, _("%(count)s entrance lists added.") % {"count": len(made)})
            return redirect("badges:lists", slug=slug)
        form = CheckinListForm(request.POST, summit=self.summit)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = create_checkin_list(
                    summit=self.summit,
                    actor=request.user,
                    name=data["name"],
                    kind=data["kind"],
                    day=data["day"],
                    session=data["session"],
                    categories=data["categories"],
                    allow_reentry=data["allow_reentry"],
                    track_exits=data["track_exits"],
                )
            except BadgeError as error:
                form.add_error("day" if "day" in error.code else "session", error.message)
            else:
                messages.success(request, _("List “%(name)s” added.") % {"name": created.name})
                return redirect("badges:lists", slug=slug)
        return self.render(form, status=400)

    def render(self, form, status=200):
        context = {"summit": self.summit, "form": form, "lists": checkin_lists(self.summit), "kinds": ListKind}
        return render(self.request, self.template_name, context, status=status)


class ListFiguresView(OrganizerRequiredMixin, View):
    """One list's figures: by category, by day, by outcome, and who is inside now."""

    template_name = "badges/list_figures.html"

    def get(self, request, slug, pk):
        checkin_list = checkin_list_of(self.summit, pk)
        if checkin_list is None:
            raise Http404
        context = {"summit": self.summit, "checkin_list": checkin_list, "figures": list_figures(checkin_list)}
        return render(request, self.template_name, context)


class ListFiguresExportView(OrganizerRequiredMixin, View):
    """The list's figures as CSV: one row per category, local day and outcome."""

    def get(self, request, slug, pk):
        checkin_list = checkin_list_of(self.summit, pk)
        if checkin_list is None:
            raise Http404
        figures = list_figures(checkin_list)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"list-figures-{self.summit.slug}-{checkin_list.pk}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        writer = csv.writer(response)
        writer.writerow(["by", "value", "approved", "people counted", "scans", "exits", "refused"])
        for row in figures["by_category"]:
            approved = "" if row["approved"] is None else row["approved"]
            writer.writerow(["category", csv_cell(row["name"]), approved, row["entered"], row["scans"], "", ""])
        for day, counts in figures["by_day"]:
            writer.writerow(
                [
                    f"day ({self.summit.timezone})",
                    day.isoformat(),
                    "",
                    counts["entered"],
                    counts["scans"],
                    counts["exits"],
                    counts["refused"],
                ]
            )
        for row in figures["by_outcome"]:
            writer.writerow(["outcome", row["outcome"], "", "", row["count"], "", ""])
        if figures["inside"] is not None:
            writer.writerow(["inside now", "", "", figures["inside"], "", "", ""])
        return response


class ListExportView(OrganizerRequiredMixin, View):
    """Every entry of one list, refused offline scans and conflicts included."""

    def get(self, request, slug, pk):
        checkin_list = checkin_list_of(self.summit, pk)
        if checkin_list is None:
            raise Http404
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="list-{self.summit.slug}-{checkin_list.pk}.csv"'
        writer = csv.writer(response)
        zone = self.summit.timezone
        writer.writerow(
            [
                "name",
                "organisation",
                "category",
                "outcome",
                "counted",
                f"scanned ({zone})",
                "desk",
                "offline",
                "conflict",
                "exit",
            ]
        )
        for entry in list_entries(checkin_list):
            registration = entry.registration
            writer.writerow(
                [
                    csv_cell(registration.badge_name) if registration else "",
                    csv_cell(registration.organisation) if registration else "",
                    csv_cell(registration.category.name) if registration else "",
                    entry.outcome,
                    "yes" if entry.first else "no",
                    f"{entry.scanned_at.astimezone(self.summit.tz):%Y-%m-%d %H:%M:%S}",
                    csv_cell(entry.desk),
                    "yes" if entry.offline else "no",
                    "yes" if entry.conflict else "no",
                    "yes" if entry.exit else "no",
                ]
            )
        return response


@method_decorator(gzip_page, name="dispatch")
class SnapshotView(StaffRequiredMixin, View):
    """The desk's offline snapshot of one list: this summit's desk staff only, until the summit ends."""

    def get(self, request, slug, pk):
        checkin_list = checkin_list_of(self.summit, pk)
        if checkin_list is None or is_over(self.summit):
            raise Http404
        response = JsonResponse(list_snapshot(checkin_list))
        response["Cache-Control"] = "no-store"
        return response


class SyncView(StaffRequiredMixin, View):
    """Queued offline scans, uploaded in order. Idempotent by the scans' client-made ids."""

    def post(self, request, slug):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = MAX_SYNC_BODY + 1
        if length > MAX_SYNC_BODY:
            return self.refuse("too_large", _("Send fewer scans at once."), 413)
        try:
            payload = json.loads(request.body or b"")
        except (ValueError, UnicodeDecodeError):
            return self.refuse("malformed", _("The upload was not valid JSON."))
        try:
            answers = sync_offline_scans(summit=self.summit, staff=request.user, payload=payload)
        except SyncError as error:
            return self.refuse(error.code, error.message)
        return JsonResponse({"results": answers})

    def refuse(self, code, message, status=400):
        return JsonResponse({"code": code, "message": message}, status=status)


def _static_text(path):
    found = finders.find(path)
    if not found:
        raise Http404
    with open(found, encoding="utf-8") as handle:
        return handle.read()


class ServiceWorkerView(View):
    """The desk's service worker (a static file), served under the desk's path so that its
    scope covers the desk. The same file for every summit: it says nothing about any."""

    def get(self, request, slug):
        response = HttpResponse(_static_text("js/desk-sw.js"), content_type="text/javascript; charset=utf-8")
        response["Cache-Control"] = "no-cache"
        return response


class ManifestView(View):
    """The desk's web app manifest (a static file; its start URL is the desk beside it)."""

    def get(self, request, slug):
        return HttpResponse(_static_text("desk.webmanifest"), content_type="application/manifest+json")
