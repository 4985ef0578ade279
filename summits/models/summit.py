"""A summit and its places and people: rooms, tracks, speakers; the time zones a summit may use."""

import zoneinfo
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..enums import SummitStatus

# The zones people pick from: region/city names and UTC, not the legacy aliases
# ("US/Eastern", "EST5EDT", "Factory", "localtime") that only confuse a long list.
ZONE_REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)
TIMEZONE_CHOICES = [("UTC", "UTC")] + sorted(
    (name, name.replace("_", " ")) for name in zoneinfo.available_timezones() if name.startswith(ZONE_REGIONS)
)


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not an IANA time zone name, such as Asia/Kolkata."), params={"value": value}
        )


class Summit(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    tagline = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    city = models.CharField(max_length=120)
    country = CountryField(blank=True)
    venue = models.CharField(max_length=200)
    venue_address = models.CharField(max_length=300, blank=True)
    timezone = models.CharField(max_length=64, choices=TIMEZONE_CHOICES, validators=[validate_timezone])
    start_date = models.DateField()
    end_date = models.DateField()
    registration_opens = models.DateTimeField()
    registration_closes = models.DateTimeField()
    status = models.CharField(max_length=20, choices=SummitStatus.choices, default=SummitStatus.DRAFT)
    organizers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="organized_summits", blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_date", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="summit_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes__gt=F("registration_opens")), name="summit_registration_window_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("summits:detail", kwargs={"slug": self.slug})

    @cached_property
    def tz(self):
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def is_published(self):
        return self.status == SummitStatus.PUBLISHED

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The summit must end on or after its first day.")})
        if self.registration_opens and self.registration_closes and self.registration_closes <= self.registration_opens:
            raise ValidationError({"registration_closes": _("Registration must close after it opens.")})

    def is_organizer(self, user):
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        # Asked by the view and again by the page header: one query per request at most, none
        # when the summit was read knowing the answer (summits.mixins.summit_for).
        known = self.__dict__.setdefault("_organizer_answers", {})
        if user.pk not in known:
            known[user.pk] = self.organizers.filter(pk=user.pk).exists()
        return known[user.pk]

    def remember_organizer(self, user, organizes):
        self.__dict__.setdefault("_organizer_answers", {})[user.pk] = organizes


class Room(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=120)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    # Opening hours in the summit's local time; empty means open all day.
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["summit", "name"], name="room_name_unique_per_summit")]

    def __str__(self):
        return self.name


class Track(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(max_length=120)
    colour = models.CharField(max_length=7, default="#1f6feb", help_text=_("Hex colour, e.g. #1f6feb"))

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["summit", "name"], name="track_name_unique_per_summit")]

    def __str__(self):
        return self.name


class Speaker(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
