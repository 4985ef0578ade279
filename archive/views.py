"""Organizers export their summit; staff import one (thin: parse, call the service, render)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.generic import View

from conclave.staff_mfa import requires_staff_mfa
from summits.mixins import OrganizerRequiredMixin

from .forms import ImportSummitForm
from .queries import export_summit_json
from .schema import ArchiveError
from .services import import_summit


class ExportSummitView(OrganizerRequiredMixin, View):
    def get(self, request, slug):
        response = HttpResponse(export_summit_json(self.summit), content_type="application/json; charset=utf-8")
        filename = f"{self.summit.slug}-{timezone.now():%Y%m%d-%H%M}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


# Which field of the import page shows each refusal of the archive.
ERROR_FIELDS = {"slug_taken": "slug", "bad_slug": "slug", "unknown_organizer": "organizers"}


@login_required
def import_summit_view(request):
    """Staff create a summit from an archive; they become its organizer, and so do the
    organizers named in the file whom they tick (shown after the first upload)."""
    if not request.user.is_staff:
        raise Http404
    if (refusal := requires_staff_mfa(request)) is not None:
        return refusal
    form = ImportSummitForm(request.POST or None, request.FILES or None)
    status = 200
    review = False
    if request.method == "POST":
        if form.is_valid():
            review = form.awaits_organizer_review
            try:
                # While the importer has not seen the organizers, only a dry run: errors show now, nothing is kept.
                summit = import_summit(
                    form.cleaned_data["archive"],
                    slug=form.cleaned_data["slug"] or None,
                    organizers=() if review else form.cleaned_data["organizers"],
                    actor=request.user,
                    dry_run=review,
                )
            except ArchiveError as error:
                form.add_error(ERROR_FIELDS.get(error.code, "archive"), error.message)
                review = False
            else:
                if review:
                    form.show_organizers_for_review()
                    return render(request, "ops/import_summit.html", {"form": form, "review": True})
                summit.organizers.add(request.user)
                return redirect("summits:manage", slug=summit.slug)
        status = 400
    return render(request, "ops/import_summit.html", {"form": form, "review": review}, status=status)
