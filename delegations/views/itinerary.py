"""Itineraries: a delegation's (page, PDF booklet), its items and site visits, and a member's own."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from summits.screening.eligibility import SessionAccess

from .. import queries, services
from ..forms import ItemForm, SiteVisitForm, VisitOutcomeForm
from ..pdf import itinerary_pdf
from .access import DelegationMixin, apply_error, or_404


class ItineraryView(DelegationMixin, View):
    def get(self, request, pk):
        access = SessionAccess.for_user(request.user, self.delegation.summit)
        if self.access.can_manage:  # the lead (or an organizer) sees what clashes, members' sessions included
            entries = queries.lead_entries(self.delegation, access)
        else:
            entries = queries.delegation_entries(self.delegation, access)
        return render(request, "delegations/itinerary.html", self.context(days=queries.by_day(entries)))


class ItineraryPdfView(DelegationMixin, View):
    def get(self, request, pk):
        access = SessionAccess.for_user(request.user, self.delegation.summit)
        entries = queries.delegation_entries(self.delegation, access)
        pdf = itinerary_pdf(
            {
                "delegation": self.delegation,
                "summit": self.delegation.summit,
                "rows": queries.roster(self.delegation),
                "days": queries.by_day(entries),
                "visits": [e for e in queries.sort_entries(entries) if e.visit],
                "generated_at": timezone.now(),
            }
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="itinerary-{self.delegation.pk}.pdf"'
        return response


class ItemFormView(DelegationMixin, View):
    manage = True

    def get_item(self, item_pk):
        if item_pk is None:
            return None
        return or_404(queries.plain_item_of(self.delegation, item_pk))

    def get(self, request, pk, item_pk=None):
        item = self.get_item(item_pk)
        initial = ItemForm.initial_for(item) if item else {"everyone": True}
        return self.render(self.make_form(item, initial=initial), item)

    def post(self, request, pk, item_pk=None):
        item = self.get_item(item_pk)
        form = self.make_form(item, data=request.POST)
        if form.is_valid():
            participants = form.cleaned_data["participants"]
            try:
                if item is None:
                    services.add_itinerary_item(
                        self.delegation, actor=request.user, participants=participants, **form.item_fields()
                    )
                else:
                    services.update_itinerary_item(
                        item, actor=request.user, participants=participants, **form.item_fields()
                    )
            except ValidationError as error:
                apply_error(form, error)
            else:
                messages.success(request, _("Itinerary saved."))
                return redirect("delegations:itinerary", pk=pk)
        return self.render(form, item, status=400)

    def make_form(self, item, **kwargs):
        self.session_access = SessionAccess.for_user(self.request.user, self.delegation.summit)
        return ItemForm(delegation=self.delegation, access=self.session_access, item=item, **kwargs)

    def render(self, form, item, status=200):
        title = queries.item_title(item, self.session_access) if item else ""
        context = self.context(form=form, item=item, item_title=title)
        return render(self.request, "delegations/item_form.html", context, status=status)


class ItemDeleteView(DelegationMixin, View):
    manage = True

    def post(self, request, pk, item_pk):
        item = or_404(queries.item_of(self.delegation, item_pk))
        services.delete_itinerary_item(item, actor=request.user)
        messages.success(request, _("Item removed from the itinerary."))
        return redirect("delegations:itinerary", pk=pk)


class SiteVisitFormView(DelegationMixin, View):
    """Plan a site visit, or change one (time, place, who goes, host, trip, access rules)."""

    manage = True

    def get_visit(self, visit_pk):
        if visit_pk is None:
            return None
        return or_404(queries.visit_of(self.delegation, visit_pk))

    def get(self, request, pk, visit_pk=None):
        visit = self.get_visit(visit_pk)
        if visit is None:
            initial = {"everyone": True, "start_tz": self.delegation.summit.timezone, "requires_id": True}
        else:
            initial = SiteVisitForm.initial_for(visit)
        return self.render(SiteVisitForm(delegation=self.delegation, initial=initial), visit)

    def post(self, request, pk, visit_pk=None):
        visit = self.get_visit(visit_pk)
        form = SiteVisitForm(request.POST, delegation=self.delegation)
        if form.is_valid():
            data = form.cleaned_data
            arguments = dict(
                actor=request.user,
                trip=data["trip"],
                new_trip={"name": data["new_trip_name"], "city": data["new_trip_city"]},
                host=data["host"],
                new_host={
                    "name": data["new_host_name"],
                    "kind": data["new_host_kind"],
                    "city": data["new_host_city"],
                    "country": data["new_host_country"],
                    "website": data["new_host_website"],
                    "technology_areas": data["new_host_technology"],
                },
                participants=data["participants"],
                access={name: data[name] for name in services.VISIT_FIELDS},
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                start_tz=data["start_tz"],
                address=data["address"],
                contact=data["contact"],
                notes=data["notes"],
                everyone=data["everyone"],
            )
            try:
                if visit is None:
                    services.plan_site_visit(self.delegation, **arguments)
                else:
                    services.update_site_visit(visit, **arguments)
            except ValidationError as error:
                apply_error(form, error)
            else:
                messages.success(request, _("Site visit planned.") if visit is None else _("Site visit updated."))
                return redirect("delegations:itinerary", pk=pk)
        return self.render(form, visit, status=400)

    def render(self, form, visit, status=200):
        context = self.context(form=form, visit=visit)
        return render(self.request, "delegations/visit_form.html", context, status=status)


class VisitOutcomeView(DelegationMixin, View):
    manage = True

    def get_visit(self, visit_pk):
        return or_404(queries.visit_of(self.delegation, visit_pk))

    def get(self, request, pk, visit_pk):
        visit = self.get_visit(visit_pk)
        form = VisitOutcomeForm(initial={"visit_notes": visit.visit_notes, "follow_ups": visit.follow_ups})
        return self.render(visit, form)

    def post(self, request, pk, visit_pk):
        visit = self.get_visit(visit_pk)
        form = VisitOutcomeForm(request.POST)
        if form.is_valid():
            services.record_visit_outcome(visit, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Visit notes saved."))
            return redirect("delegations:itinerary", pk=pk)
        return self.render(visit, form, status=400)

    def render(self, visit, form, status=200):
        return render(
            self.request, "delegations/visit_outcome.html", self.context(visit=visit, form=form), status=status
        )


class MyItineraryView(LoginRequiredMixin, View):
    def get(self, request, slug):
        summit = or_404(queries.summit_for_slug(slug))
        memberships, entries = queries.my_itinerary(request.user, summit)
        if not summit.is_published and not memberships and not summit.is_organizer(request.user):
            raise Http404
        context = {
            "summit": summit,
            "led": queries.delegations_led_by(request.user, summit),
            "memberships": memberships,
            "days": queries.by_day(entries),
            "clash_count": sum(1 for e in entries if e.clashes),
        }
        return render(request, "delegations/my_itinerary.html", context)
