from django.db import models
from django.db.models import Q

from .registration import Registration


class FeedToken(models.Model):
    """The secret in a person's private calendar feed URL (calendar apps cannot log in).

    The URL carries `selector + verifier`. The selector finds the row through a unique
    index; the verifier is then compared in constant time, so response timing says
    nothing about how much of a guessed token was right. Renewing revokes the old row
    (kept for the audit trail) and issues a fresh one; a revoked token finds nothing.
    """

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="feed_tokens")
    selector = models.CharField(max_length=32, unique=True)
    verifier = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_feed_token_per_registration",
            )
        ]

    def __str__(self):
        state = "revoked" if self.revoked_at else "live"
        return f"Feed token {self.selector[:4]}… ({state}) of {self.registration_id}"

    @property
    def token(self):
        return self.selector + self.verifier
