"""A summit's team beside its organizers (`Summit.organizers`): screeners, and invitations for
people without an account yet. Desk staff are badges' CheckinStaff."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conclave.tokens import SELECTOR_LENGTH

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


class TeamInvitation(models.Model):
    """An email address invited to a role at one summit, for someone who has no account yet.
    The link's token follows conclave.tokens (selector + verifier); it is single-use and expires."""

    class Role(models.TextChoices):
        ORGANIZER = "organizer", _("Organizer")
        SCREENER = "screener", _("Screener")
        DESK = "desk", _("Desk staff")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="team_invitations")
    email = models.EmailField()  # stored lower-case
    role = models.CharField(max_length=20, choices=Role.choices)
    token_selector = models.CharField(max_length=SELECTOR_LENGTH, unique=True)
    token_verifier = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()  # the latest (re)send: a resend mints a new link
    expires_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["email", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "email", "role"],
                condition=models.Q(status="pending"),
                name="one_pending_team_invitation_per_role",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.summit} ({self.role})"

    @property
    def token(self):
        return self.token_selector + self.token_verifier

    def get_absolute_url(self):
        return reverse("console:team-invitation", kwargs={"token": self.token})

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at
