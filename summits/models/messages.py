"""Mail an organizer sends to a segment of a summit's registrations, and each delivery's state."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .registration import Registration
from .summit import Summit


class OrganizerMessage(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Sent with failures")

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # The segment as chosen (status, category, delegation, session, checked_in), shown in the outbox.
    segment = models.JSONField(default=dict)
    segment_label = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    recipients = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return self.subject


class MessageDelivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    message = models.ForeignKey(OrganizerMessage, on_delete=models.CASCADE, related_name="deliveries")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["message", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "registration"], name="one_delivery_per_message_and_registration"
            )
        ]

    def __str__(self):
        return f"{self.email}: {self.state}"
