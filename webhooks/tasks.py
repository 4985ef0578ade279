from django.tasks import default_task_backend, task

from .services import attempt_delivery


@task
def deliver_webhook(delivery_id):
    """One attempt; the next is queued for later when the worker's queue can defer jobs."""
    delivery = attempt_delivery(delivery_id)
    if delivery.next_attempt_at is not None and default_task_backend.supports_defer:
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery_id)
