"""Queue a message to a segment, and send it from the worker in batches (state per delivery)."""

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import log_action
from ..models import MessageDelivery, OrganizerMessage
from .segments import segment_recipients
from .services import ConsoleError

BATCH = 200


@transaction.atomic
def queue_message(summit, *, segment, subject, body, actor):
    """One message and a pending delivery per recipient, then one job for the worker."""
    from .tasks import send_organizer_message

    recipients = segment_recipients(summit, segment)
    if not recipients:
        raise ConsoleError("no_recipients", _("Nobody is in this segment: the message was not queued."))
    message = OrganizerMessage.objects.create(
        summit=summit,
        subject=subject,
        body=body,
        segment=segment.as_json(),
        segment_label=segment.label(),
        created_by=actor,
        recipients=len(recipients),
    )
    MessageDelivery.objects.bulk_create(
        [MessageDelivery(message=message, registration_id=pk, email=email) for pk, email, _name in recipients],
        batch_size=1000,
    )
    log_action("summits.message.queued", actor=actor, summit=summit, obj=message, recipients=len(recipients))
    transaction.on_commit(lambda: send_organizer_message.enqueue(message.pk))
    return message


def deliver_message(message_id):
    """Send every pending delivery of the message, in batches; safe to run again (sent ones stay sent)."""
    message = OrganizerMessage.objects.get(pk=message_id)
    OrganizerMessage.objects.filter(pk=message_id).update(state=OrganizerMessage.State.SENDING)
    pending = MessageDelivery.objects.filter(message=message, state=MessageDelivery.State.PENDING).order_by("pk")
    while batch := list(pending[:BATCH]):
        sent, failed = [], []
        for delivery in batch:
            mail = EmailMessage(subject=message.subject, body=message.body, to=[delivery.email])
            try:
                mail.send()
                sent.append(delivery.pk)
            except Exception as error:  # noqa: BLE001 - one bad address must not stop the rest
                failed.append((delivery.pk, str(error)[:300]))
        now = timezone.now()
        MessageDelivery.objects.filter(pk__in=sent).update(state=MessageDelivery.State.SENT, sent_at=now)
        for pk, error in failed:
            MessageDelivery.objects.filter(pk=pk).update(state=MessageDelivery.State.FAILED, error=error)
    counts = {
        state: MessageDelivery.objects.filter(message=message, state=state).count()
        for state in (MessageDelivery.State.SENT, MessageDelivery.State.FAILED)
    }
    failed = counts[MessageDelivery.State.FAILED]
    OrganizerMessage.objects.filter(pk=message_id).update(
        sent=counts[MessageDelivery.State.SENT],
        failed=failed,
        state=OrganizerMessage.State.FAILED if failed else OrganizerMessage.State.SENT,
        finished=timezone.now(),
    )
