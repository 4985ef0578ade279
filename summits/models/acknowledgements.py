"""Versioned acknowledgement texts (an ITAR/EAR notice, an NDA) and who accepted which version.

Writes go through summits/screening/acknowledgements.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AcceptanceMethod(models.TextChoices):
    ONLINE = "online", _("online")
    DESK = "desk", _("on paper at the desk")


class Acknowledgement(models.Model):
    summit = models.ForeignKey("summits.Summit", on_delete=models.CASCADE, related_name="acknowledgements")
    title = models.CharField(_("title"), max_length=200)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        constraints = [models.UniqueConstraint(fields=["summit", "title"], name="acknowledgement_title_per_summit")]

    def __str__(self):
        return self.title


class AcknowledgementVersion(models.Model):
    """One published text. Never edited: a change is a new version, and everyone signed up is asked again."""

    acknowledgement = models.ForeignKey(Acknowledgement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    text_sha256 = models.CharField(max_length=64)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["acknowledgement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["acknowledgement", "number"], name="one_acknowledgement_version_number")
        ]

    def __str__(self):
        return f"{self.acknowledgement.title} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A published acknowledgement version cannot be changed; publish a new one."))
        super().save(*args, **kwargs)


class AcknowledgementAcceptance(models.Model):
    """A person accepted one version: online when signing up (or on My agenda), or on paper at the door."""

    version = models.ForeignKey(AcknowledgementVersion, on_delete=models.RESTRICT, related_name="acceptances")
    registration = models.ForeignKey(
        "summits.Registration", on_delete=models.CASCADE, related_name="acknowledgement_acceptances"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The hash of the exact text accepted, so the record proves what was read.
    text_sha256 = models.CharField(max_length=64)
    accepted_at = models.DateTimeField()
    method = models.CharField(max_length=10, choices=AcceptanceMethod.choices, default=AcceptanceMethod.ONLINE)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    desk = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["accepted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "registration"], name="one_acceptance_per_version"),
        ]

    def __str__(self):
        return f"{self.registration} accepted {self.version}"
