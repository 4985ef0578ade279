"""The organizer's meeting pages under /summits/<slug>/manage/meetings/."""

from datetime import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views import View

from conclave.formfields import MAX_ID
from conclave.timezones import fold_of
from summits.mixins import OrganizerRequiredMixin

from .. import queries, scheduling, services, zones
from ..errors import MeetingError
from ..forms import AreasForm, BlockForm, MoveForm, RulesForm, RunForm, TablesForm
from ..models import Meeting, MeetingBlock
from ..pdf import table_plan_pdf


class ManageBase(OrganizerRequiredMixin, View):
    def page(self, status=200, **forms):
        summit = self.summit
        rules = queries.rules_of(summit)
        tables = queries.tables_of(summit)
        reserved = [t for t in tables if t.reserved_stage]
        deadline = rules.request_deadline.astimezone(summit.tz) if rules.request_deadline else None
        run = queries.latest_run(summit)
        context = {
            "summit": summit,
            "rules": rules,
            "tables": tables,
            "grid": queries.grid_of(summit),
            "run": run,
            "areas": queries.areas_of(summit),
            "rules_form": forms.get("rules_form")
            or RulesForm(
                summit=summit,
                initial={
                    "deadline_day": deadline.date() if deadline else None,
                    "deadline_time": deadline.time() if deadline else None,
                    "deadline_fold": fold_of(rules.request_deadline, summit.timezone) if deadline else "",
                    "min_per_startup": rules.min_per_startup,
                    "max_per_person": rules.max_per_person,
                },
            ),
            "areas_form": forms.get("areas_form")
            or AreasForm(initial={"names": "\n".join(a.name for a in queries.areas_of(summit))}),
            "tables_form": forms.get("tables_form")
            or TablesForm(
                initial={
                    "count": len(tables) or 10,
                    "reserved_count": len(reserved),
                    "reserved_stage": reserved[0].reserved_stage if reserved else "",
                }
            ),
            "block_form": forms.get("block_form") or BlockForm(summit=summit),
            "run_form": forms.get("run_form") or RunForm(),
            "refresh": run is not None and run.status in ("queued", "running"),
        }
        return TemplateResponse(self.request, "meetings/manage.html", context, status=status)


class ManageMeetingsView(ManageBase):
    def get(self, request, slug):
        return self.page()


class RulesView(ManageBase):
    def post(self, request, slug):
        form = RulesForm(request.POST, summit=self.summit)
        if not form.is_valid():
            return self.page(400, rules_form=form)
        d = form.cleaned_data
        services.save_rules(
            summit=self.summit,
            actor=request.user,
            request_deadline=d["request_deadline"],
            min_per_startup=d["min_per_startup"],
            max_per_person=d["max_per_person"],
        )
        return redirect("meetings:manage", slug=slug)


class AreasView(ManageBase):
    def post(self, request, slug):
        form = AreasForm(request.POST)
        if not form.is_valid():
            return self.page(400, areas_form=form)
        services.set_areas(summit=self.summit, actor=request.user, names=form.cleaned_data["names"])
        return redirect("meetings:manage", slug=slug)


class TablesView(ManageBase):
    def post(self, request, slug):
        form = TablesForm(request.POST)
        if not form.is_valid():
            return self.page(400, tables_form=form)
        d = form.cleaned_data
        reserved = {n: d["reserved_stage"] for n in range(1, d["reserved_count"] + 1)}
        services.set_tables(summit=self.summit, actor=request.user, count=d["count"], reserved=reserved)
        return redirect("meetings:manage", slug=slug)


class BlockCreateView(ManageBase):
    def post(self, request, slug):
        form = BlockForm(request.POST, summit=self.summit)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.create_block(
                    summit=self.summit,
                    actor=request.user,
                    name=d["name"],
                    starts_at=d["starts_at"],
                    ends_at=d["ends_at"],
                    slot_minutes=d["slot_minutes"],
                    buffer_minutes=d["buffer_minutes"],
                    tables=d["tables"],
                )
            except MeetingError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return redirect("meetings:manage", slug=slug)
        return self.page(400, block_form=form)


class RunView(ManageBase):
    def post(self, request, slug):
        form = RunForm(request.POST)
        if not form.is_valid():
            return self.page(400, run_form=form)
        scheduling.start_run(
            summit=self.summit,
            actor=request.user,
            keep_confirmed=form.cleaned_data["keep_confirmed"],
            time_limit=form.cleaned_data["time_limit"],
        )
        return redirect("meetings:manage", slug=slug)


class PublishView(ManageBase):
    def post(self, request, slug):
        scheduling.publish_schedule(summit=self.summit, actor=request.user)
        return redirect("meetings:manage", slug=slug)


def _id(pk):
    """A URL id no database column can hold is simply not found."""
    if not 0 < pk <= MAX_ID:
        raise Http404
    return pk


class MoveView(OrganizerRequiredMixin, View):
    def form(self, data=None, meeting=None):
        initial = {"slot": meeting.starts_at.isoformat(), "table": meeting.table_id, "pin": True} if meeting else None
        return MoveForm(data, summit=self.summit, slots=queries.slot_choices(self.summit), initial=initial)

    def render_form(self, meeting, form, status=200):
        context = {"summit": self.summit, "meeting": meeting, "form": form}
        return TemplateResponse(self.request, "meetings/move.html", context, status=status)

    def get(self, request, slug, pk):
        meeting = get_object_or_404(Meeting.objects.select_related("table"), pk=_id(pk), block__summit=self.summit)
        return self.render_form(meeting, self.form(meeting=meeting))

    def post(self, request, slug, pk):
        meeting = get_object_or_404(Meeting.objects.select_related("table"), pk=_id(pk), block__summit=self.summit)
        form = self.form(request.POST)
        if form.is_valid():
            try:
                scheduling.move_meeting(
                    meeting=meeting,
                    starts_at=datetime.fromisoformat(form.cleaned_data["slot"]),
                    table=form.cleaned_data["table"],
                    actor=request.user,
                    pin=form.cleaned_data["pin"],
                )
            except MeetingError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return redirect("meetings:manage", slug=slug)
        return self.render_form(meeting, form, status=400)


class TablePlanView(OrganizerRequiredMixin, View):
    def get(self, request, slug, pk):
        block = get_object_or_404(MeetingBlock.objects.prefetch_related("tables"), pk=_id(pk), summit=self.summit)
        plan = queries.table_plan(block)
        people = {m.request.requester.user_id for _t, ms in plan for m in ms}
        people |= {m.request.recipient.user_id for _t, ms in plan for m in ms}
        home = zones.home_zones(self.summit, people)
        for _table, meetings in plan:
            for m in meetings:
                m.requester_home = home.get(m.request.requester.user_id, "")
                m.recipient_home = home.get(m.request.recipient.user_id, "")
        pdf = table_plan_pdf(block, plan, summit=self.summit)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="table-plan-{block.pk}.pdf"'
        return response
