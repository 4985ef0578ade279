"""A summit's team beside its organizers (`Summit.organizers`): screeners. Desk staff are
badges' CheckinStaff."""

from django.conf import settings
from django.db import models

from .summit import Summit


class Screener(models.Model):
    """May verify attendees' export-control facts for one summit (organizers always may)."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="screeners")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="screener_roles")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["summit", "user"], name="one_screener_role_per_summit")]

    def __str__(self):
        return f"{self.user} screens {self.summit}"
