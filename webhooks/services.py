"""Webhook endpoints and deliveries: register, remove, send with retries and backoff, replay.

A delivery is one event for one endpoint. The worker makes one attempt per job; a failure
(timeout, connection error, any answer but 2xx) schedules the next attempt after a growing
pause (BACKOFF), until WEBHOOK_MAX_ATTEMPTS, then the delivery is failed and the endpoint
marked failing. Each job waits for one endpoint at most WEBHOOK_TIMEOUT seconds, so a slow
endpoint delays nothing but its own deliveries."""

import base64
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from summits.audit import log_action

from .addresses import resolve
from .models import Attempt, Delivery, DeliveryStatus, Endpoint
from .sending import post

BACKOFF = [timedelta(seconds=s) for s in (30, 120, 600, 1800, 3600)]


def new_secret():
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def new_message_id():
    return "msg_" + secrets.token_urlsafe(18)


def create_endpoint(*, summit, url, events, description="", actor):
    """Register an endpoint (WebhookError when its address is refused). Returns the endpoint."""
    resolve(url)
    with transaction.atomic():
        endpoint = Endpoint.objects.create(
            summit=summit,
            url=url,
            events=sorted(set(events)),
            description=description,
            secret=new_secret(),
            created_by=actor,
        )
        log_action("webhooks.endpoint.created", actor=actor, summit=summit, obj=endpoint, events=endpoint.events)
    return endpoint


def remove_endpoint(endpoint, *, actor):
    endpoint.active = False
    endpoint.save(update_fields=["active"])
    log_action("webhooks.endpoint.removed", actor=actor, summit=endpoint.summit, obj=endpoint)


def queue_delivery(endpoint, event, payload, *, message_id=None, replay_of=None):
    """Store a delivery and have the worker send it once the current transaction commits."""
    from .tasks import deliver_webhook

    delivery = Delivery.objects.create(
        endpoint=endpoint, event=event, payload=payload, message_id=message_id or new_message_id(), replay_of=replay_of
    )
    transaction.on_commit(lambda: deliver_webhook.enqueue(delivery.pk))
    return delivery


def replay_delivery(delivery, *, actor):
    """Send a delivery's payload again, with its message id (receivers may deduplicate on it)."""
    with transaction.atomic():
        copy = queue_delivery(
            delivery.endpoint, delivery.event, delivery.payload, message_id=delivery.message_id, replay_of=delivery
        )
        log_action("webhooks.delivery.replayed", actor=actor, summit=delivery.endpoint.summit, obj=copy)
    return copy


def attempt_delivery(delivery_id, *, now=None):
    """One attempt of a pending delivery. Returns the delivery; its `next_attempt_at` is set when
    another attempt is due."""
    now = now or timezone.now()
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    if delivery.status != DeliveryStatus.PENDING or not delivery.endpoint.active:
        return delivery
    endpoint = delivery.endpoint
    # The network call holds no lock and no transaction.
    outcome = post(endpoint.url, secret=endpoint.secret, message_id=delivery.message_id, payload=delivery.payload)
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        delivery.attempts += 1
        Attempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            status_code=outcome.status_code,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
        )
        if outcome.ok:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.SUCCEEDED, None
            Endpoint.objects.filter(pk=endpoint.pk).update(failing=False)
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
            Endpoint.objects.filter(pk=endpoint.pk).update(failing=True)
            log_action("webhooks.delivery.failed", summit=endpoint.summit, obj=delivery, attempts=delivery.attempts)
        else:
            delivery.next_attempt_at = now + BACKOFF[min(delivery.attempts - 1, len(BACKOFF) - 1)]
        delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    return delivery
