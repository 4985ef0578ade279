"""Matchmaking: the taxonomy, profiles, requests, unavailable times, meeting blocks and tables,
meetings and scheduler runs. All times are stored in UTC."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from summits.models import Registration, Summit

from .enums import MeetingStatus, Priority, RequestStatus, RunStatus, Stage


class TechArea(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="tech_areas")
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["summit", "name"], name="tech_area_unique_per_summit")]

    def __str__(self):
        return self.name


class Profile(models.Model):
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="meeting_profile")
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="meeting_profiles")
    opted_in = models.BooleanField(_("list me in the directory"), default=False)
    offers = models.TextField(_("what we offer"), max_length=1000, blank=True)
    seeks = models.TextField(_("what we seek"), max_length=1000, blank=True)
    offer_areas = models.ManyToManyField(TechArea, blank=True, related_name="+", verbose_name=_("areas we offer"))
    seek_areas = models.ManyToManyField(TechArea, blank=True, related_name="+", verbose_name=_("areas we seek"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    country = CountryField(_("country"))
    show_email = models.BooleanField(_("show my email"), default=False)
    show_organisation = models.BooleanField(_("show my organisation"), default=True)
    meeting_cap = models.PositiveSmallIntegerField(
        _("most meetings I want"), null=True, blank=True, help_text=_("Empty: as many as the organizer allows.")
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["registration__badge_name", "pk"]
        indexes = [models.Index(fields=["summit", "opted_in", "stage"])]

    def __str__(self):
        return self.registration.badge_name


class MeetingRules(models.Model):
    summit = models.OneToOneField(Summit, on_delete=models.CASCADE, related_name="meeting_rules")
    request_deadline = models.DateTimeField(_("requests expire at"), null=True, blank=True)
    min_per_startup = models.PositiveSmallIntegerField(_("minimum meetings per startup, if possible"), default=0)
    max_per_person = models.PositiveSmallIntegerField(_("maximum meetings per person"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.summit} meeting rules"


class MeetingRequest(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="meeting_requests")
    requester = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="meeting_requests_sent")
    recipient = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="meeting_requests_received")
    message = models.CharField(_("message"), max_length=500, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["requester", "recipient"], name="one_request_per_pair_direction"),
            models.CheckConstraint(condition=~Q(requester=F("recipient")), name="no_meeting_with_oneself"),
        ]
        indexes = [models.Index(fields=["summit", "status"])]

    def __str__(self):
        return f"{self.requester} → {self.recipient}"


class Unavailability(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="meeting_unavailability")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="unavailable_ends_after")]

    def __str__(self):
        return f"{self.registration} {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class MeetingTable(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="meeting_tables")
    number = models.PositiveSmallIntegerField(_("number"))
    reserved_stage = models.CharField(_("reserved for"), max_length=20, choices=Stage.choices, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["summit", "number"], name="table_number_unique_per_summit")]

    def __str__(self):
        return f"T{self.number}"

    @property
    def name(self):
        return f"T{self.number}"


class MeetingBlock(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="meeting_blocks")
    name = models.CharField(_("name"), max_length=120)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"))
    buffer_minutes = models.PositiveSmallIntegerField(_("buffer between slots (minutes)"), default=0)
    tables = models.ManyToManyField(MeetingTable, related_name="blocks", verbose_name=_("tables"))

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="block_ends_after_start")]

    def __str__(self):
        return self.name


class Meeting(models.Model):
    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    block = models.ForeignKey(MeetingBlock, on_delete=models.CASCADE, related_name="meetings")
    table = models.ForeignKey(MeetingTable, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)
    pinned = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "table__number"]
        constraints = [
            models.UniqueConstraint(fields=["table", "starts_at"], name="one_meeting_per_table_and_slot"),
        ]

    def __str__(self):
        return f"{self.request} at {self.table} {self.starts_at:%Y-%m-%d %H:%M}"


class ScheduleRun(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="meeting_runs")
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    keep_confirmed = models.BooleanField(default=True)
    time_limit = models.PositiveSmallIntegerField(default=20)
    summary = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.summit} run {self.pk} ({self.status})"
