"""A delegation lead's letters for the members of their roster."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from delegations.queries.roster import person_name
from summits.mixins import SummitMixin

from ..errors import LetterError
from ..forms import MemberLetterForm
from ..queries import led_delegations, roster_members_for_letters
from ..services import ask_member_for_letter, submit_for_member


class LeadLettersView(LoginRequiredMixin, SummitMixin, View):
    template_name = "letters/lead.html"

    def members(self):
        rows = roster_members_for_letters(self.request.user, self.summit)
        return rows, [(m.user_id, person_name(m.user)) for m, request in rows if request is None]

    def get(self, request, slug):
        if not led_delegations(request.user, self.summit).exists():
            raise Http404
        rows, choices = self.members()
        return self.render(rows, MemberLetterForm(members=choices))

    def post(self, request, slug):
        if not led_delegations(request.user, self.summit).exists():
            raise Http404
        rows, choices = self.members()
        form = MemberLetterForm(data=request.POST, members=choices)
        if form.is_valid():
            member_id = form.cleaned_data["member"]
            try:
                if form.asking:
                    ask_member_for_letter(lead=request.user, summit=self.summit, member_id=member_id)
                    messages.success(request, _("The member is mailed a link to enter their passport data."))
                else:
                    submit_for_member(
                        lead=request.user, summit=self.summit, member_id=member_id, data=form.cleaned_data
                    )
                    messages.success(request, _("The request is submitted and the member is told."))
            except LetterError as error:
                form.add_error(error.field, error.message)
            else:
                return redirect("letters:lead", slug=slug)
        return self.render(rows, form, status=400)

    def render(self, rows, form, status=200):
        context = {"summit": self.summit, "rows": rows, "form": form}
        return render(self.request, self.template_name, context, status=status)
