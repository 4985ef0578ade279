"""Organizer pages: the review queue, one request, the letter template."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache

from conclave.formfields import parse_id
from summits.mixins import OrganizerRequiredMixin

from ..defaults import DEFAULT_BODY, DEFAULT_SIGNER_NAME, DEFAULT_SIGNER_TITLE
from ..enums import LetterStatus
from ..errors import LetterError
from ..forms import LetterTemplateForm, ReasonForm
from ..masking import mask_tail
from ..queries import letter_request_of_summit, letter_requests_for_review, letter_template, registration_names
from ..services import (
    approve_letter_request,
    approve_letter_requests,
    letter_pdf_for_staff,
    reject_letter_request,
    request_letter_changes,
    reveal_passport_data,
    revoke_letter,
    save_letter_template,
)
from .attendee import pdf_response


class QueueView(OrganizerRequiredMixin, View):
    template_name = "letters/queue.html"

    def get(self, request, slug):
        return self.render()

    def post(self, request, slug):
        # Ticked boxes carry ids; anything else (junk, an id past the database's range) approves nothing.
        ids = [parse_id(value) for value in request.POST.getlist("selected")]
        ids = sorted(set(ids)) if None not in ids else []
        if not ids:
            return self.render(error=_("Pick at least one submitted request to approve."), status=400)
        approved = approve_letter_requests(summit=self.summit, ids=ids, actor=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d letter approved; it is being rendered.",
                "%(count)d letters approved; they are being rendered.",
                len(approved),
            )
            % {"count": len(approved)},
        )
        return redirect("letters:queue", slug=slug)

    def render(self, error="", status=200):
        status_filter = self.request.GET.get("status", "")
        if status_filter not in LetterStatus.values:
            status_filter = ""
        letters = list(letter_requests_for_review(self.summit, status=status_filter or None))
        names = registration_names(self.summit, [letter.user_id for letter in letters])
        for letter in letters:
            letter.registered_name = names.get(letter.user_id, "")
            letter.masked_number = mask_tail(letter.passport_number)
        context = {
            "summit": self.summit,
            "letters": letters,
            "statuses": LetterStatus.choices,
            "status_filter": status_filter,
            "error": error,
            "submitted": LetterStatus.SUBMITTED,
        }
        return render(self.request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")
class ReviewView(OrganizerRequiredMixin, View):
    """One request, passport data masked; "show in full" is a POST and is audited."""

    template_name = "letters/review.html"

    def get(self, request, slug, pk):
        return self.render(self.letter(pk))

    def post(self, request, slug, pk):
        letter = self.letter(pk)
        revealed = reveal_passport_data(letter=letter, actor=request.user)
        return self.render(letter, revealed=revealed)

    def letter(self, pk):
        letter = letter_request_of_summit(self.summit, pk)
        if letter is None:
            raise Http404
        return letter

    def render(self, letter, *, revealed=None, form=None, action="", status=200):
        context = {
            "summit": self.summit,
            "letter": letter,
            "masked_number": mask_tail(letter.passport_number),
            "masked_birth": mask_tail(letter.date_of_birth.isoformat() if letter.date_of_birth else ""),
            "revealed": revealed,
            "form": form or ReasonForm(),
            "failed_action": action,
            "statuses": LetterStatus,
        }
        return render(self.request, self.template_name, context, status=status)


class ApproveView(ReviewView):
    def get(self, request, slug, pk):
        return redirect("letters:review", slug=slug, pk=pk)

    def post(self, request, slug, pk):
        letter = self.letter(pk)
        try:
            approve_letter_request(letter=letter, actor=request.user)
        except LetterError as error:
            messages.error(request, error.message)
            return redirect("letters:review", slug=slug, pk=pk)
        messages.success(request, _("Approved; the letter is being rendered and the person is told."))
        return redirect("letters:queue", slug=slug)


class ReasonStepView(ReviewView):
    step = None
    action = ""
    done = ""

    def get(self, request, slug, pk):
        return redirect("letters:review", slug=slug, pk=pk)

    def post(self, request, slug, pk):
        letter = self.letter(pk)
        form = ReasonForm(data=request.POST)
        if form.is_valid():
            try:
                type(self).step(letter=letter, actor=request.user, reason=form.cleaned_data["reason"])
            except LetterError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, str(self.done))
                return redirect("letters:review", slug=slug, pk=pk)
        return self.render(letter, form=form, action=self.action, status=400)


class RejectView(ReasonStepView):
    step = reject_letter_request
    action = "reject"
    done = _("Rejected; the person is told why.")


class ChangesView(ReasonStepView):
    step = request_letter_changes
    action = "changes"
    done = _("The person is asked to change and resubmit the request.")


class RevokeView(ReasonStepView):
    step = revoke_letter
    action = "revoke"
    done = _("Revoked; the verification page now says so.")


class StaffLetterPdfView(ReviewView):
    def get(self, request, slug, pk):
        letter = letter_request_of_summit(self.summit, pk, with_pdf=True)
        if letter is None or letter.status not in LetterStatus.issued() or not letter.pdf:
            raise Http404
        return pdf_response(
            letter_pdf_for_staff(letter=letter, actor=request.user), f"visa-letter-{letter.reference}.pdf"
        )

    def post(self, request, slug, pk):
        return self.get(request, slug, pk)


class TemplateEditView(OrganizerRequiredMixin, View):
    template_name = "letters/template_form.html"

    def get(self, request, slug):
        template = letter_template(self.summit)
        # The plain fields hold the English originals, also on a page in Hindi.
        if template is None:
            with translation.override(settings.LANGUAGE_CODE):
                initial = {"signer_name": str(DEFAULT_SIGNER_NAME), "signer_title": str(DEFAULT_SIGNER_TITLE)}
                initial["body"] = str(DEFAULT_BODY)
        else:
            initial = {
                "signer_name": template.signer_name,
                "signer_title": template.signer_title_en,
                "signer_title_hi": template.signer_title_hi or "",
                "body": template.body_en,
                "body_hi": template.body_hi or "",
            }
        return self.render(LetterTemplateForm(initial=initial), template)

    def post(self, request, slug):
        template = letter_template(self.summit)
        form = LetterTemplateForm(data=request.POST, files=request.FILES)
        if not form.is_valid():
            return self.render(form, template, status=400)
        save_letter_template(summit=self.summit, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The letter template is saved; letters approved from now on use it."))
        return redirect("letters:template", slug=slug)

    def render(self, form, template, status=200):
        context = {"summit": self.summit, "form": form, "template": template}
        return render(self.request, self.template_name, context, status=status)
