"""The directory of host organisations, shared across summits."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import render
from django.views import View

from .. import queries
from ..enums import OrganisationKind


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
