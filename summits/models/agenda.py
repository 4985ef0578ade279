"""The agenda: sessions, people's seats in them, and organizers' screening decisions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..enums import Restriction, SessionKind, SessionStatus, SignupStatus
from .registration import Registration
from .summit import Room, Speaker, Summit, Track


class Session(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=250)
    kind = models.CharField(max_length=20, choices=SessionKind.choices, default=SessionKind.PLENARY)
    track = models.ForeignKey(Track, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    room = models.ForeignKey(Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    starts_at = models.DateTimeField(help_text=_("Stored in UTC."))
    ends_at = models.DateTimeField(help_text=_("Stored in UTC."))
    description = models.TextField(blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text=_("Empty: no seat limit."))
    needs_signup = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    speakers = models.ManyToManyField(Speaker, related_name="sessions", blank=True)
    moderators = models.ManyToManyField(Speaker, related_name="moderated_sessions", blank=True)
    restriction = models.CharField(max_length=20, choices=Restriction.choices, default=Restriction.OPEN)
    allowed_countries = CountryField(multiple=True, blank=True, help_text=_("For 'citizens of listed countries'."))
    # What signing up requires accepting (restricted sessions only); see summits/screening/acknowledgements.py.
    acknowledgement = models.ForeignKey(
        "summits.Acknowledgement", on_delete=models.RESTRICT, null=True, blank=True, related_name="sessions"
    )
    # Rises with every change a calendar should show (time, room, title, status).
    sequence = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "room__position", "title"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start")]
        indexes = [models.Index(fields=["summit", "starts_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("summits:session", kwargs={"slug": self.summit.slug, "pk": self.pk})

    @property
    def is_restricted(self):
        return self.restriction != Restriction.OPEN

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.summit.tz)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.summit.tz)


class SessionSignup(models.Model):
    """An attendee's seat (or place in line) for a session that needs sign-up."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="signups")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(max_length=20, choices=SignupStatus.choices, default=SignupStatus.CONFIRMED)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "registration"], name="one_signup_per_session")]
        indexes = [models.Index(fields=["session", "status", "created"])]

    def __str__(self):
        return f"{self.registration} → {self.session}"


class SessionClearance(models.Model):
    """An organizer's export-control screening decision for one attendee and one session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="clearances")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="clearances")
    granted = models.BooleanField(default=True)
    reason = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "registration"], name="one_clearance_per_session")]

    def __str__(self):
        verdict = "cleared" if self.granted else "not cleared"
        return f"{self.registration} {verdict} for {self.session}"
