"""The attendee's pages: the directory, their profile, requests and unavailable times."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from summits.mixins import SummitMixin

from .. import queries, services, zones
from ..errors import MeetingError
from ..forms import AnswerForm, DirectoryFilterForm, ProfileForm, RequestForm, UnavailabilityForm


class ApprovedMixin(LoginRequiredMixin, SummitMixin):
    """Pages for approved registrants of the summit; anyone else is told so (403)."""

    def page(self, template, status=200, **context):
        return TemplateResponse(self.request, template, {"summit": self.summit, **context}, status=status)

    def refused(self):
        return self.page("meetings/not_approved.html", status=403)

    def me(self):
        return queries.approved_registration(self.request.user, self.summit)


class DirectoryView(ApprovedMixin, View):
    def get(self, request, slug):
        me = self.me()
        if me is None:
            return self.refused()
        form = DirectoryFilterForm(request.GET or None, summit=self.summit)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        people = queries.directory(
            self.summit,
            viewer=me,
            area=filters.get("area"),
            stage=filters.get("stage", ""),
            country=filters.get("country", ""),
        )
        mine = queries.profile_of(me)
        suggested = queries.suggestions(mine, queries.directory(self.summit, viewer=me)) if mine else []
        status = 400 if form.is_bound and not form.is_valid() else 200
        return self.page(
            "meetings/directory.html", status=status, form=form, people=people, profile=mine, suggested=suggested
        )


class ProfileView(ApprovedMixin, View):
    def get(self, request, slug):
        me = self.me()
        if me is None:
            return self.refused()
        form = ProfileForm(instance=queries.profile_of(me), summit=self.summit)
        return self.page("meetings/profile.html", form=form)

    def post(self, request, slug):
        me = self.me()
        if me is None:
            return self.refused()
        form = ProfileForm(request.POST, instance=queries.profile_of(me), summit=self.summit)
        if form.is_valid():
            services.save_profile(registration=me, form=form)
            return redirect("meetings:directory", slug=slug)
        return self.page("meetings/profile.html", status=400, form=form)


class RequestCreateView(ApprovedMixin, View):
    def get(self, request, slug, pk):
        me = self.me()
        if me is None:
            return self.refused()
        other = queries.listed_profile(self.summit, pk)
        return self.page("meetings/request_form.html", form=RequestForm(), other=other, status=200 if other else 404)

    def post(self, request, slug, pk):
        me = self.me()
        if me is None:
            return self.refused()
        other = queries.listed_profile(self.summit, pk)
        form = RequestForm(request.POST)
        if form.is_valid():
            try:
                services.send_request(
                    requester=me,
                    recipient=other.registration if other else None,
                    message=form.cleaned_data["message"],
                    priority=form.cleaned_data["priority"],
                )
            except MeetingError as error:
                if error.code == "self" and other is None:
                    error.message = _("This person is not in the directory.")
                form.add_error(None, error.message)
            else:
                return redirect("meetings:requests", slug=slug)
        return self.page("meetings/request_form.html", status=400, form=form, other=other)


class RequestsView(ApprovedMixin, View):
    def get(self, request, slug):
        me = self.me()
        if me is None:
            return self.refused()
        return self.render_page(me)

    def render_page(self, me, status=200, **forms):
        sent, received = queries.requests_of(me)
        meetings = queries.meetings_for(me)
        return self.page(
            "meetings/requests.html",
            status=status,
            sent=sent,
            received=received,
            unavailable=queries.unavailability_of(me),
            meetings=meetings,
            home_tz=zones.home_zone(self.request.user, self.summit) if meetings else "",
            rules=queries.rules_of(self.summit),
            unavailability_form=forms.get("unavailability_form") or UnavailabilityForm(summit=self.summit),
            answer_error=forms.get("answer_error"),
        )


class AnswerView(ApprovedMixin, View):
    def post(self, request, slug, pk):
        me = self.me()
        if me is None:
            return self.refused()
        form = AnswerForm(request.POST)
        received = {r.pk: r for r in queries.requests_of(me)[1]}  # only requests to me
        target = received.get(pk)
        if not form.is_valid() or target is None:
            return RequestsView.render_page(self, me, status=400, answer_error=_("Choose accept or decline."))
        try:
            services.answer_request(request=target, by=me, accept=form.cleaned_data["decision"] == "accept")
        except MeetingError as error:
            return RequestsView.render_page(self, me, status=400, answer_error=error.message)
        return redirect("meetings:requests", slug=slug)


class UnavailabilityView(ApprovedMixin, View):
    def post(self, request, slug):
        me = self.me()
        if me is None:
            return self.refused()
        if "remove" in request.POST:
            value = request.POST["remove"]
            pk = int(value) if value.isdigit() and len(value) < 18 else 0
            services.remove_unavailability(registration=me, pk=pk)
            return redirect("meetings:requests", slug=slug)
        form = UnavailabilityForm(request.POST, summit=self.summit)
        if form.is_valid():
            try:
                services.add_unavailability(
                    registration=me,
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    note=form.cleaned_data["note"],
                )
            except MeetingError as error:
                form.add_error(error.field, error.message)
            else:
                return redirect("meetings:requests", slug=slug)
        return RequestsView.render_page(self, me, status=400, unavailability_form=form)
