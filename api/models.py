"""API tokens: one person, one summit, read or read-write; the secret is kept only as a hash."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 33  # 44 URL-safe characters: a 16-character selector and a 28-character verifier
TOKEN_LENGTH = 44


class TokenScope(models.TextChoices):
    READ = "read", _("Read")
    READ_WRITE = "read_write", _("Read and write")


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    summit = models.ForeignKey("summits.Summit", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("access"), max_length=20, choices=TokenScope.choices, default=TokenScope.READ)
    # The first characters of the token find the row; the rest is kept as a SHA-256 hex digest.
    selector = models.CharField(max_length=16, unique=True)
    verifier_hash = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.user}, {self.summit})"

    @property
    def is_active(self):
        return self.revoked_at is None

    @property
    def can_write(self):
        return self.scope == TokenScope.READ_WRITE
