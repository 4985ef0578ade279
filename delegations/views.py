"""Thin views: resolve access (404 for anyone without it), parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ops.ratelimit import rate_limit
from summits.calendar.feeds import FeedState, recent
from summits.calendar.views import calendar_response
from summits.mixins import OrganizerRequiredMixin
from summits.models import Registration, Summit
from summits.registration.forms import RegistrationForm
from summits.screening.eligibility import SessionAccess

from . import queries, services
from .enums import InvitationStatus, ItemKind, OrganisationKind, RosterRole
from .errors import DelegationError
from .forms import DelegationForm, InviteForm, ItemForm, ReplaceForm, SiteVisitForm, VisitOutcomeForm
from .ical import delegation_calendar, feed_etag
from .models import Delegation, Invitation, ItineraryItem, Membership, SiteVisit
from .pdf import itinerary_pdf


class DelegationMixin(LoginRequiredMixin):
    """Resolves `self.delegation`: the lead, the summit's organizers and active members; 404 for anyone else.

    Every answer is `Cache-Control: no-store`: the roster carries the feed's secret address, and
    no page of a delegation belongs in a shared cache or a browser's disk cache."""

    manage = False  # True: the lead and organizers only

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = queries.delegation_access(request.user, kwargs["pk"])
        if self.manage and not self.access.can_manage:
            raise Http404
        self.delegation = self.access.delegation
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def context(self, **extra):
        return {
            "delegation": self.delegation,
            "summit": self.delegation.summit,
            "can_manage": self.access.can_manage,
            **extra,
        }


def _apply_error(form, error):
    """A service's ValidationError on a field the form has goes next to that field."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# ---------------------------------------------------------------- roster


class RosterView(DelegationMixin, View):
    def get(self, request, pk, invite_form=None, status=200):
        context = self.context(rows=queries.roster(self.delegation), roles=RosterRole.choices)
        if self.access.can_manage:
            context.update(
                invite_form=invite_form or InviteForm(delegation=self.delegation),
                invitations=queries.pending_invitations(self.delegation),
                history=queries.roster_history(self.delegation),
                feed_url=request.build_absolute_uri(reverse("delegations:feed", args=[self.delegation.feed_token])),
            )
        elif self.access.membership:
            context["feed_url"] = request.build_absolute_uri(
                reverse("delegations:feed", args=[self.delegation.feed_token])
            )
        return render(request, "delegations/roster.html", context, status=status)


class InviteView(DelegationMixin, View):
    manage = True

    def post(self, request, pk):
        form = InviteForm(request.POST, delegation=self.delegation)
        if form.is_valid():
            try:
                services.invite_member(self.delegation, actor=request.user, **form.cleaned_data)
            except DelegationError as error:
                form.add_error("email", error.message)
            else:
                messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
                return redirect("delegations:roster", pk=pk)
        return RosterView.get(self, request, pk, invite_form=form, status=400)


class RevokeInvitationView(DelegationMixin, View):
    manage = True

    def post(self, request, pk, invitation_pk):
        invitation = get_object_or_404(Invitation, pk=invitation_pk, delegation=self.delegation)
        try:
            services.revoke_invitation(invitation, actor=request.user)
        except DelegationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Invitation to {invitation.email} revoked.")
        return redirect("delegations:roster", pk=pk)


class RemoveMemberView(DelegationMixin, View):
    manage = True

    def post(self, request, pk, member_pk):
        membership = get_object_or_404(Membership, pk=member_pk, delegation=self.delegation, left_at__isnull=True)
        services.remove_member(membership, actor=request.user, reason=request.POST.get("reason", "")[:300])
        messages.success(request, f"{queries.person_name(membership.user)} left the roster; their items are freed.")
        return redirect("delegations:roster", pk=pk)


class ChangeRoleView(DelegationMixin, View):
    manage = True

    def post(self, request, pk, member_pk):
        membership = get_object_or_404(Membership, pk=member_pk, delegation=self.delegation, left_at__isnull=True)
        try:
            services.change_member_role(membership, role=request.POST.get("role", ""), actor=request.user)
        except DelegationError as error:
            messages.error(request, error.message)
            return redirect("delegations:roster", pk=pk)
        messages.success(request, f"{queries.person_name(membership.user)} is now {membership.get_role_display()}.")
        return redirect("delegations:roster", pk=pk)


class ReplaceMemberView(DelegationMixin, View):
    manage = True

    def get_membership(self, member_pk):
        return get_object_or_404(
            Membership.objects.select_related("user"), pk=member_pk, delegation=self.delegation, left_at__isnull=True
        )

    def get(self, request, pk, member_pk):
        return self.render(self.get_membership(member_pk), ReplaceForm())

    def post(self, request, pk, member_pk):
        membership = self.get_membership(member_pk)
        form = ReplaceForm(request.POST)
        if form.is_valid():
            try:
                services.replace_member(membership, actor=request.user, **form.cleaned_data)
            except DelegationError as error:
                form.add_error("email", error.message)
            else:
                messages.success(request, f"{form.cleaned_data['email']} is invited in place of the member who left.")
                return redirect("delegations:roster", pk=pk)
        return self.render(membership, form, status=400)

    def render(self, membership, form, status=200):
        return render(
            self.request,
            "delegations/replace.html",
            self.context(membership=membership, form=form),
            status=status,
        )


class RotateFeedView(DelegationMixin, View):
    manage = True

    def post(self, request, pk):
        services.rotate_feed_token(self.delegation, actor=request.user)
        messages.success(request, "The feed has a new secret address; the old one no longer works.")
        return redirect("delegations:roster", pk=pk)


# ---------------------------------------------------------------- itinerary


class ItineraryView(DelegationMixin, View):
    def get(self, request, pk):
        access = SessionAccess.for_user(request.user, self.delegation.summit)
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
        return get_object_or_404(
            ItineraryItem.objects.filter(delegation=self.delegation).exclude(kind=ItemKind.SITE_VISIT), pk=item_pk
        )

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
                _apply_error(form, error)
            else:
                messages.success(request, "Itinerary saved.")
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
        item = get_object_or_404(ItineraryItem, pk=item_pk, delegation=self.delegation)
        services.delete_itinerary_item(item, actor=request.user)
        messages.success(request, "Item removed from the itinerary.")
        return redirect("delegations:itinerary", pk=pk)


class SiteVisitFormView(DelegationMixin, View):
    """Plan a site visit, or change one (time, place, who goes, host, trip, access rules)."""

    manage = True

    def get_visit(self, visit_pk):
        if visit_pk is None:
            return None
        return get_object_or_404(
            SiteVisit.objects.select_related("item", "host", "trip"), pk=visit_pk, trip__delegation=self.delegation
        )

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
                _apply_error(form, error)
            else:
                messages.success(request, "Site visit planned." if visit is None else "Site visit updated.")
                return redirect("delegations:itinerary", pk=pk)
        return self.render(form, visit, status=400)

    def render(self, form, visit, status=200):
        context = self.context(form=form, visit=visit)
        return render(self.request, "delegations/visit_form.html", context, status=status)


class VisitOutcomeView(DelegationMixin, View):
    manage = True

    def get_visit(self, visit_pk):
        return get_object_or_404(
            SiteVisit.objects.select_related("host", "item", "trip"), pk=visit_pk, trip__delegation=self.delegation
        )

    def get(self, request, pk, visit_pk):
        visit = self.get_visit(visit_pk)
        form = VisitOutcomeForm(initial={"visit_notes": visit.visit_notes, "follow_ups": visit.follow_ups})
        return self.render(visit, form)

    def post(self, request, pk, visit_pk):
        visit = self.get_visit(visit_pk)
        form = VisitOutcomeForm(request.POST)
        if form.is_valid():
            services.record_visit_outcome(visit, actor=request.user, **form.cleaned_data)
            messages.success(request, "Visit notes saved.")
            return redirect("delegations:itinerary", pk=pk)
        return self.render(visit, form, status=400)

    def render(self, visit, form, status=200):
        return render(
            self.request, "delegations/visit_outcome.html", self.context(visit=visit, form=form), status=status
        )


# ---------------------------------------------------------------- feed


@require_safe
@rate_limit("feed", rate="FEED_RATE_LIMIT", key=lambda request, token: token[:16])
def delegation_feed(request, token):
    """The delegation's calendar at a secret URL (calendar apps cannot sign in).

    The token is checked on every request (a rotated URL answers 404 at once); the
    feed's state is reused per process for FEED_STATE_SECONDS, as the summit feeds' are,
    so a poll costs that one query and a change reaches calendars at most that much later.
    The answer (304, or bytes cached by ETag) is the summit feeds' `calendar_response`.
    """
    delegation = queries.delegation_for_feed_token(token)
    read = {}

    def read_state():
        read["events"], last_modified = queries.delegation_feed_contents(delegation)
        last_modified = last_modified.replace(microsecond=0)
        return FeedState(etag=feed_etag(delegation, read["events"], stamp=last_modified), last_modified=last_modified)

    state = recent(f"delegations.feed-state:{delegation.pk}", read_state)

    def build():
        events = read["events"] if "events" in read else queries.delegation_feed_events(delegation)
        return delegation_calendar(delegation, events, stamp=state.last_modified)

    return calendar_response(request, state, build, private=True, filename=f"delegation-{delegation.pk}.ics")


# ---------------------------------------------------------------- invitations


@method_decorator(never_cache, name="dispatch")  # its address is the invitation's secret
class InvitationView(View):
    """The link in the invitation email. Signing in (or up) comes first; then details, then accept."""

    def dispatch(self, request, *args, **kwargs):
        self.invitation = queries.invitation_for_token(kwargs["token"])
        self.summit = self.invitation.delegation.summit
        return super().dispatch(request, *args, **kwargs)

    def registration(self):
        registration = Registration.objects.filter(user=self.request.user, summit=self.summit).first()
        return registration if registration and registration.status != "cancelled" else None

    def make_form(self, **kwargs):
        return RegistrationForm(
            summit=self.summit, questions=self.summit.questions.all(), with_category=False, **kwargs
        )

    def get(self, request, token):
        if self.invitation.status != InvitationStatus.PENDING or not request.user.is_authenticated:
            return self.render(None)
        initial = {"badge_name": request.user.get_full_name()}
        return self.render(None if self.registration() else self.make_form(initial=initial))

    def post(self, request, token):
        if not request.user.is_authenticated or self.invitation.status != InvitationStatus.PENDING:
            return self.render(None, status=400)
        form = None if self.registration() else self.make_form(data=request.POST)
        if form is not None and not form.is_valid():
            return self.render(form, status=400)
        try:
            services.accept_invitation(
                self.invitation,
                user=request.user,
                details=form.details() if form else None,
                answers=form.answers() if form else None,
            )
        except DelegationError as error:
            if form is None:
                messages.error(request, error.message)
                return self.render(None, status=400)
            form.add_error(None, error.message)
            return self.render(form, status=400)
        messages.success(request, f"Welcome to {self.invitation.delegation.name}.")
        return redirect("delegations:my-itinerary", slug=self.summit.slug)

    def render(self, form, status=200):
        user = self.request.user
        wrong_account = user.is_authenticated and not services.user_has_email(user, self.invitation.email)
        context = {
            "invitation": self.invitation,
            "delegation": self.invitation.delegation,
            "summit": self.summit,
            "form": form,
            "wrong_account": wrong_account,
            "next": self.request.get_full_path(),
        }
        if self.invitation.status != InvitationStatus.PENDING:
            status = 410
        return render(self.request, "delegations/invitation.html", context, status=status)


# ---------------------------------------------------------------- my itinerary


class MyItineraryView(LoginRequiredMixin, View):
    def get(self, request, slug):
        summit = get_object_or_404(Summit, slug=slug)
        memberships, entries = queries.my_itinerary(request.user, summit)
        if not summit.is_published and not memberships and not summit.is_organizer(request.user):
            raise Http404
        context = {
            "summit": summit,
            "led": Delegation.objects.filter(summit=summit, lead=request.user).order_by("name"),
            "memberships": memberships,
            "days": queries.by_day(entries),
            "clash_count": sum(1 for e in entries if e.clashes),
        }
        return render(request, "delegations/my_itinerary.html", context)


# ---------------------------------------------------------------- organizers


class ManageDelegationsView(OrganizerRequiredMixin, View):
    def get(self, request, slug, form=None, status=200):
        context = {
            "summit": self.summit,
            "delegations": queries.delegations_for_summit(self.summit),
            "form": form or DelegationForm(summit=self.summit),
        }
        return render(request, "delegations/manage/delegations.html", context, status=status)

    def post(self, request, slug):
        form = DelegationForm(request.POST, summit=self.summit)
        if form.is_valid():
            data = form.cleaned_data
            try:
                delegation = services.create_delegation(
                    summit=self.summit,
                    name=data["name"],
                    lead=data["lead"],
                    category=data["category"],
                    home_country=data["home_country"],
                    destination_country=data["destination_country"],
                    description=data["description"],
                    actor=request.user,
                )
            except DelegationError as error:
                form.add_error("name" if error.code == "duplicate_name" else None, error.message)
            else:
                messages.success(request, f"{delegation.name} created; {data['lead_email']} leads it.")
                return redirect("delegations_manage:list", slug=slug)
        return self.get(request, slug, form=form, status=400)


class OrganisationDirectoryView(LoginRequiredMixin, View):
    """The directory of host organisations, shared across summits."""

    def get(self, request):
        if not queries.may_browse_directory(request.user):
            raise Http404
        kind = request.GET.get("kind", "")
        if kind not in OrganisationKind.values:
            kind = ""
        city = request.GET.get("city", "")[:120]
        search = request.GET.get("q", "")[:100]
        context = {
            "organisations": queries.organisation_directory(kind=kind, city=city, search=search),
            "kinds": OrganisationKind.choices,
            "kind": kind,
            "city": city,
            "search": search,
        }
        return render(request, "delegations/organisations.html", context)
