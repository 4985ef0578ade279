"""The person's own letter: request it, follow it, download it."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from summits.mixins import SummitMixin

from ..enums import LetterStatus
from ..errors import LetterError
from ..forms import LetterRequestForm
from ..queries import approved_registration, own_letter_request
from ..services import PASSPORT_FIELDS, submit_letter_request


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def initial_from(letter):
    if letter is None:
        return {}
    return {name: getattr(letter, name) for name in PASSPORT_FIELDS if getattr(letter, name) not in (None, "")}


@method_decorator(never_cache, name="dispatch")
class MyLetterView(LoginRequiredMixin, SummitMixin, View):
    template_name = "letters/mine.html"

    def get(self, request, slug):
        letter = own_letter_request(request.user, self.summit)
        form = LetterRequestForm(initial=initial_from(letter)) if self.editable(letter) else None
        return self.render(letter, form)

    def post(self, request, slug):
        letter = own_letter_request(request.user, self.summit)
        if not self.editable(letter):
            return self.render(letter, None, status=409)
        form = LetterRequestForm(data=request.POST)
        if form.is_valid():
            try:
                submit_letter_request(user=request.user, summit=self.summit, data=form.cleaned_data)
            except LetterError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, _("Your request is submitted. The organizers will write to you."))
                return redirect("letters:mine", slug=slug)
        return self.render(letter, form, status=400)

    def editable(self, letter):
        return letter is None or letter.status in LetterStatus.editable_by_person()

    def render(self, letter, form, status=200):
        registration = approved_registration(self.request.user, self.summit)
        context = {"summit": self.summit, "letter": letter, "form": form if registration else None}
        context["not_approved"] = registration is None
        return render(self.request, self.template_name, context, status=status)


class MyLetterPdfView(LoginRequiredMixin, SummitMixin, View):
    """The person's own issued letter; nobody else's is reachable here."""

    def get(self, request, slug):
        letter = own_letter_request(request.user, self.summit)
        if letter is None or letter.status != LetterStatus.APPROVED:
            raise Http404
        pdf = type(letter).objects.filter(pk=letter.pk).values_list("pdf", flat=True).first()
        if not pdf:
            raise Http404
        return pdf_response(pdf, f"visa-letter-{letter.reference}.pdf")
