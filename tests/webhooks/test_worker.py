"""The real queue: an event queues a job after the commit, the worker sends it, and a failure
queues the next attempt for later (run_after), without the worker waiting for it."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from summits.agenda.scheduling import reschedule_session
from tests.factories import roundtable
from tests.webhooks.test_deliveries import Receiver
from webhooks.models import Delivery, DeliveryStatus
from webhooks.services import BACKOFF, create_endpoint

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_worker_sends_and_schedules_the_retry(settings, summit, organizer):
    settings.WEBHOOKS_ALLOW_PRIVATE, settings.WEBHOOKS_REQUIRE_HTTPS = True, False
    session = roundtable(summit)
    with override_settings(TASKS=DB_TASKS), Receiver(status=503) as receiver:
        create_endpoint(summit=summit, url=receiver.url, events=["session.changed"], actor=organizer)
        reschedule_session(session, actor=organizer, title="Moved")  # commits: the job is queued
        assert DBTaskResult.objects.filter(task_path="webhooks.tasks.deliver_webhook").count() == 1
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, len(receiver.received)) == (DeliveryStatus.PENDING, 1, 1)
    retry = DBTaskResult.objects.filter(task_path="webhooks.tasks.deliver_webhook", status="READY").get()
    assert retry.run_after == delivery.next_attempt_at
    assert delivery.next_attempt_at - delivery.attempt_log.get().at >= BACKOFF[0] - BACKOFF[0] / 10
