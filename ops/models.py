from django.db import models


class Heartbeat(models.Model):
    """The last time a background worker ran the heartbeat job: proof that jobs get done."""

    name = models.CharField(max_length=50, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
