"""Webhook endpoints of a summit, the deliveries sent to them and every attempt."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    SCHEDULE_RELEASED = "schedule.released", _("Schedule released")
    SESSION_CHANGED = "session.changed", _("Session changed")
    REGISTRATION_APPROVED = "registration.approved", _("Registration approved")
    CHECKIN_CREATED = "checkin.created", _("Check-in created")
    MEETING_SCHEDULED = "meeting.scheduled", _("Meeting scheduled")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed")


class Endpoint(models.Model):
    summit = models.ForeignKey("summits.Summit", on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(default=list)
    # The Standard Webhooks signing secret ("whsec_" + base64). Signing needs it in clear.
    secret = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    failing = models.BooleanField(default=False)  # the last delivery gave up after every retry
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.url


class Delivery(models.Model):
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event.choices)
    message_id = models.CharField(max_length=40)  # webhook-id: the same for a replay, so receivers can dedupe
    payload = models.JSONField()
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    replay_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["endpoint", "-created"])]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"


class Attempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"attempt {self.number} of {self.delivery}"

    @property
    def ok(self):
        return self.status_code is not None and 200 <= self.status_code < 300
