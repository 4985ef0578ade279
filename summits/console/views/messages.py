"""manage/messages/: write to a segment, see the count and a preview, queue it; the outbox."""

from django.contrib import messages as flash
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ...mixins import OrganizerRequiredMixin
from ...models import OrganizerMessage
from ..message_forms import MessageForm
from ..messaging import queue_message
from ..segments import segment_recipients
from ..services import ConsoleError

PREVIEW_NAMES = 10


class MessagesView(OrganizerRequiredMixin, TemplateView):
    template_name = "summits/console/messages.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", MessageForm(summit=self.summit))
        outbox = OrganizerMessage.objects.filter(summit=self.summit).select_related("created_by")[:50]
        return super().get_context_data(outbox=outbox, **kwargs)

    def post(self, request, slug):
        form = MessageForm(request.POST, summit=self.summit)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        segment = form.segment()
        if "send" not in request.POST:
            recipients = segment_recipients(self.summit, segment)
            preview = {
                "count": len(recipients),
                "names": [name for _pk, _email, name in recipients[:PREVIEW_NAMES]],
                "label": segment.label(),
                "subject": form.cleaned_data["subject"],
                "body": form.cleaned_data["body"],
            }
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        try:
            message = queue_message(
                self.summit,
                segment=segment,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                actor=request.user,
            )
        except ConsoleError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        flash.success(request, _("Queued for %(count)d people.") % {"count": message.recipients})
        return redirect("console:messages", slug=slug)
