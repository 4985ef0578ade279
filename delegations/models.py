"""Delegations, their rosters, invitations, itineraries and scouting trips.

All times are stored in UTC; every itinerary item names the IANA zone(s) it is shown in.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from conclave.tokens import SELECTOR_LENGTH, mint_token, selector_of
from summits.models import TIMEZONE_CHOICES, RegistrationCategory, Session, Summit, validate_timezone

from .enums import InvitationStatus, ItemKind, OrganisationKind, RosterRole

# conclave.tokens' scheme, the whole token stored beside its selector (its first SELECTOR_LENGTH characters).
TOKEN_LENGTH = 32  # mint_token(24): 192 random bits, URL-safe base64


def new_token():
    """An unguessable secret for URLs (feeds, invitations); the migrations name this function."""
    return mint_token(24)


def _with_selector(update_fields, token_field, selector_field):
    """`update_fields` that also write the selector whenever they write the token."""
    if update_fields is None or token_field not in update_fields:
        return update_fields
    return {*update_fields, selector_field}


class Delegation(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="delegations")
    name = models.CharField(max_length=200)
    home_country = CountryField(help_text=_("Where the delegation comes from."))
    destination_country = CountryField(help_text=_("Where it travels to."))
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_delegations")
    category = models.ForeignKey(
        RegistrationCategory,
        on_delete=models.RESTRICT,
        related_name="+",
        help_text=_("Default registration category for invited members."),
    )
    description = models.TextField(blank=True)
    # Where the members live: pages, mails, the booklet and feeds show meeting times in the
    # summit's zone and, beside them, in this one. Empty: only the summit's zone.
    home_timezone = models.CharField(
        _("home time zone"),
        max_length=64,
        choices=TIMEZONE_CHOICES,
        validators=[validate_timezone],
        blank=True,
        help_text=_("Where the members live; meeting times are also shown in this zone."),
    )
    feed_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Always selector_of(feed_token), set by save(): lookups go through it (queries.delegation_for_feed_token).
    feed_token_selector = models.CharField(max_length=SELECTOR_LENGTH, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["summit", "name"]
        constraints = [models.UniqueConstraint(fields=["summit", "name"], name="delegation_name_unique_per_summit")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("delegations:roster", kwargs={"pk": self.pk})

    def save(self, *args, update_fields=None, **kwargs):
        self.feed_token_selector = selector_of(self.feed_token)
        update_fields = _with_selector(update_fields, "feed_token", "feed_token_selector")
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def direction(self):
        return f"{self.home_country.code} → {self.destination_country.code}"


class Membership(models.Model):
    """One stay of a person on a roster. Removal sets `left_at`; the row stays as history."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegation_memberships")
    role = models.CharField(max_length=20, choices=RosterRole.choices, default=RosterRole.MEMBER)
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    left_reason = models.CharField(max_length=300, blank=True)
    replaced_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "user"], condition=Q(left_at__isnull=True), name="one_active_membership"
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=F("joined_at")), name="membership_left_after_join"
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.delegation} ({self.get_role_display()})"

    @property
    def is_active(self):
        return self.left_at is None


class Invitation(models.Model):
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=RosterRole.choices, default=RosterRole.MEMBER)
    category = models.ForeignKey(RegistrationCategory, on_delete=models.RESTRICT, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Always selector_of(token), set by save(): lookups go through it (queries.invitation_for_token).
    token_selector = models.CharField(max_length=SELECTOR_LENGTH, unique=True, editable=False)
    status = models.CharField(max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    replaces = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "email"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.delegation}"

    def get_absolute_url(self):
        return reverse("delegations:invitation", kwargs={"token": self.token})

    def save(self, *args, update_fields=None, **kwargs):
        self.token_selector = selector_of(self.token)
        update_fields = _with_selector(update_fields, "token", "token_selector")
        super().save(*args, update_fields=update_fields, **kwargs)


class Organisation(models.Model):
    """A directory shared across summits: hosts of site visits, members' employers."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    country = CountryField()
    city = models.CharField(max_length=120)
    # Shown as a link in the directory: http(s) only (URLField alone also takes ftp://).
    website = models.URLField(blank=True, validators=[URLValidator(schemes=["http", "https"])])
    technology_areas = models.CharField(
        max_length=300, blank=True, help_text=_("Comma-separated, e.g. Space, Autonomy")
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "city"], name="organisation_unique_per_city")]
        # The directory is shared by every summit: organizers of one summit get the standard
        # view permission; only this one (granted on purpose) or a superuser may edit it.
        permissions = [("change_shared_organisation", "Can edit the organisation directory shared by all summits")]

    def __str__(self):
        return f"{self.name} ({self.city})"

    @property
    def technology_list(self):
        return [t.strip() for t in self.technology_areas.split(",") if t.strip()]


class ScoutingTrip(models.Model):
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="scouting_trips")
    name = models.CharField(max_length=200)
    city = models.CharField(max_length=120)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.city})"


class ItineraryItem(models.Model):
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    title = models.CharField(max_length=250, blank=True)
    starts_at = models.DateTimeField(help_text=_("Stored in UTC."))
    ends_at = models.DateTimeField(help_text=_("Stored in UTC."))
    start_tz = models.CharField(max_length=64, choices=TIMEZONE_CHOICES, validators=[validate_timezone])
    end_tz = models.CharField(
        max_length=64,
        choices=TIMEZONE_CHOICES,
        validators=[validate_timezone],
        blank=True,
        help_text=_("Arrival zone."),
    )
    start_place = models.CharField(max_length=200, blank=True, help_text=_("Departure airport or station."))
    end_place = models.CharField(max_length=200, blank=True, help_text=_("Arrival airport or station."))
    location = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    contact = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    # A summit session on the itinerary is linked: its title, time and room come from the session.
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    everyone = models.BooleanField(default=True, help_text=_("Applies to the whole delegation."))
    participants = models.ManyToManyField(Membership, blank=True, related_name="items")
    sequence = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="item_ends_after_start"),
            models.CheckConstraint(condition=~Q(kind="flight") | ~Q(end_tz=""), name="flight_has_arrival_zone"),
            models.CheckConstraint(
                condition=~Q(kind="session") | Q(session__isnull=False), name="session_item_links_session"
            ),
        ]
        indexes = [models.Index(fields=["delegation", "starts_at"])]

    def __str__(self):
        return self.display_title

    def clean(self):
        errors = {}
        if self.kind == ItemKind.FLIGHT and not self.end_tz:
            errors["end_tz"] = _("A flight needs its arrival time zone.")
        if self.kind == ItemKind.SESSION and not self.session_id:
            errors["session"] = _("Choose the summit session.")
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("This ends before it starts once the time zones are applied.")
        if errors:
            raise ValidationError(errors)

    @property
    def arrival_tz(self):
        return self.end_tz or self.start_tz

    @property
    def local_start(self):
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.start_tz))

    @property
    def local_end(self):
        return self.ends_at.astimezone(zoneinfo.ZoneInfo(self.arrival_tz))

    @property
    def display_title(self):
        if self.title:
            return self.title
        if self.session_id:
            return self.session.title
        return self.get_kind_display()


class SiteVisit(models.Model):
    """The scouting-trip side of an itinerary item of kind "site visit"."""

    item = models.OneToOneField(ItineraryItem, on_delete=models.CASCADE, related_name="visit")
    trip = models.ForeignKey(ScoutingTrip, on_delete=models.CASCADE, related_name="visits")
    host = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="visits")
    requires_id = models.BooleanField(default=True, help_text=_("Visitors must show a passport or government ID."))
    citizenship_details = models.BooleanField(
        default=False, help_text=_("The host needs each visitor's citizenship details in advance.")
    )
    advance_notice_days = models.PositiveIntegerField(default=0, help_text=_("Days of notice the host needs."))
    access_notes = models.CharField(max_length=300, blank=True)
    visit_notes = models.TextField(blank=True, help_text=_("After the visit: what we saw and heard."))
    follow_ups = models.TextField(blank=True, help_text=_("After the visit: one follow-up per line."))

    def __str__(self):
        return f"Visit to {self.host}"

    @property
    def follow_up_list(self):
        return [line.strip() for line in self.follow_ups.splitlines() if line.strip()]
