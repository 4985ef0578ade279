from django.conf import settings
from django.db import models

from .summit import Summit


class AuditEntry(models.Model):
    """Who did what, written by services: `summits.registration.approved`, `badges.checkin.denied`."""

    action = models.CharField(max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_entries")
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.action}"
