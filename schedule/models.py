"""A schedule release: the agenda as the organizer released it, under a version name.

The release keeps a JSON snapshot of what the public sees of each session (time, room,
title, people, restriction). Seats, sign-ups and clearances stay on the live Session rows.
"""

from django.conf import settings
from django.db import models

from summits.models import Summit


class ScheduleRelease(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="schedule_releases")
    version = models.CharField(max_length=80)
    comment = models.CharField(max_length=300, blank=True)
    snapshot = models.JSONField(default=dict)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-released_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["summit", "version"], name="release_version_unique_per_summit")]
        indexes = [models.Index(fields=["summit", "-id"], name="release_summit_latest")]

    def __str__(self):
        return f"{self.summit} {self.version}"


class ReleaseDocument(models.Model):
    """A release's export (schedule.json or schedule.xml) as served, rendered once: a cold request
    reads this row instead of decoding the snapshot. `fingerprint` covers what the bytes depend on
    besides the release (the summit row, the site's address, the export layout); a stale one is
    rendered again on the next request."""

    release = models.ForeignKey(ScheduleRelease, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=10)
    # The summit's texts (its name) follow the reader's language: one document per language. A
    # database default, so code older than the column still stores its rows during a deploy.
    language = models.CharField(max_length=10, db_default="en")
    fingerprint = models.CharField(max_length=64)
    body = models.TextField()  # text, not bytea: PostgreSQL hands text over several times faster

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "kind", "language"], name="release_document_unique_kind_language"
            )
        ]

    def __str__(self):
        return f"{self.release} {self.kind}"
