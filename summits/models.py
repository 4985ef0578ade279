import zoneinfo
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django_countries.fields import CountryField

from .enums import (
    CategoryKind,
    EligibilityStatus,
    IdDocument,
    QuestionKind,
    RegistrationStatus,
    Restriction,
    SessionKind,
    SessionStatus,
    SignupStatus,
    SummitStatus,
)

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
            "“%(value)s” is not an IANA time zone name, such as Asia/Kolkata.", params={"value": value}
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
            raise ValidationError({"end_date": "The summit must end on or after its first day."})
        if self.registration_opens and self.registration_closes and self.registration_closes <= self.registration_opens:
            raise ValidationError({"registration_closes": "Registration must close after it opens."})

    def is_organizer(self, user):
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        # Asked by the view and again by the page header: one query per request, not two.
        known = self.__dict__.setdefault("_organizer_answers", {})
        if user.pk not in known:
            known[user.pk] = self.organizers.filter(pk=user.pk).exists()
        return known[user.pk]


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
    colour = models.CharField(max_length=7, default="#1f6feb", help_text="Hex colour, e.g. #1f6feb")

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


class Session(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=250)
    kind = models.CharField(max_length=20, choices=SessionKind.choices, default=SessionKind.PLENARY)
    track = models.ForeignKey(Track, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    room = models.ForeignKey(Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    starts_at = models.DateTimeField(help_text="Stored in UTC.")
    ends_at = models.DateTimeField(help_text="Stored in UTC.")
    description = models.TextField(blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: no seat limit.")
    needs_signup = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    speakers = models.ManyToManyField(Speaker, related_name="sessions", blank=True)
    moderators = models.ManyToManyField(Speaker, related_name="moderated_sessions", blank=True)
    restriction = models.CharField(max_length=20, choices=Restriction.choices, default=Restriction.OPEN)
    allowed_countries = CountryField(multiple=True, blank=True, help_text="For 'citizens of listed countries'.")
    # What signing up requires accepting (restricted sessions only); see summits/acknowledgements.py.
    acknowledgement = models.ForeignKey(
        "summits.Acknowledgement", on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
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


class RegistrationCategory(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=CategoryKind.choices)
    badge_colour = models.CharField(max_length=7, default="#1f6feb", help_text="Hex colour of the badge band.")
    needs_approval = models.BooleanField(default=False)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: no limit.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "registration categories"
        constraints = [models.UniqueConstraint(fields=["summit", "name"], name="category_name_unique_per_summit")]

    def __str__(self):
        return self.name


class RegistrationQuestion(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(max_length=250)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = models.TextField(blank=True, help_text="For 'one of a list': one choice per line.")
    required = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Registration(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="registrations")
    category = models.ForeignKey(RegistrationCategory, on_delete=models.RESTRICT, related_name="registrations")
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING)
    badge_name = models.CharField(max_length=120, help_text="Your name as you write it; it is printed on the badge.")
    organisation = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    country_of_citizenship = CountryField()
    is_us_person = models.BooleanField(
        default=False, help_text="U.S. citizen or lawful permanent resident (for export-controlled sessions)."
    )
    dietary_needs = models.CharField(max_length=300, blank=True)
    accessibility_needs = models.CharField(max_length=300, blank=True)
    # Export-control screening (summits/screening.py). The two facts above are the attendee's
    # declaration; a screener's verification keeps a copy of the facts it saw, so a later
    # change of either fact (by any path) no longer counts as verified.
    eligibility_status = models.CharField(
        max_length=20, choices=EligibilityStatus.choices, default=EligibilityStatus.AWAITING
    )
    verified_us_person = models.BooleanField(default=False)
    verified_citizenship = CountryField(blank=True)
    eligibility_document = models.CharField(max_length=20, choices=IdDocument.choices, blank=True)
    eligibility_reference = models.CharField(max_length=200, blank=True)
    eligibility_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    eligibility_checked_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "summit"], name="one_registration_per_user_and_summit")]
        indexes = [models.Index(fields=["category", "status", "created"])]

    def __str__(self):
        return f"{self.badge_name} ({self.summit})"

    @property
    def is_approved(self):
        return self.status == RegistrationStatus.APPROVED

    @property
    def eligibility_verified(self):
        """Verified, and the declaration still says what the screener saw."""
        return (
            self.eligibility_status == EligibilityStatus.VERIFIED
            and self.verified_us_person == self.is_us_person
            and (self.verified_citizenship.code or "") == (self.country_of_citizenship.code or "")
        )

    @property
    def changed_since_verification(self):
        """Awaiting verification again because a deciding fact changed after a screener's decision."""
        return self.eligibility_status == EligibilityStatus.AWAITING and self.eligibility_checked_at is not None


class RegistrationAnswer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(RegistrationQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.question}: {self.value}"


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


class AuditEntry(models.Model):
    """Who did what, written by services: `summits.registration.approved`, `badges.checkin.denied`."""

    action = models.CharField(max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_entries")
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.action}"


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


# Registered with the summits app from their own module (this one would pass ~400 lines).
from .acknowledgement_models import (  # noqa: E402, F401
    AcceptanceMethod,
    Acknowledgement,
    AcknowledgementAcceptance,
    AcknowledgementVersion,
)
