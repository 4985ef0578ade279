import secrets as _random

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from summits.models import Registration, RegistrationCategory, Session, Summit

from .enums import BadgeFormat, BatchSort, BatchStatus, ListKind
from .secrets import new_secret


class Badge(models.Model):
    """One badge per registration. Its secret is what the QR code carries; a reprint rotates it."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="badge")
    secret = models.CharField(max_length=64, unique=True, default=new_secret)
    secret_issued_at = models.DateTimeField(auto_now_add=True)
    printed_at = models.DateTimeField(null=True, blank=True)
    reprint_count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"Badge of {self.registration.badge_name}"

    def get_status_display(self):
        """What a roster shows (the delegations app reads this)."""
        if self.printed_at is None:
            return _("Reprint pending") if self.reprint_count else _("Not printed")
        return _("Reprinted") if self.reprint_count else _("Printed")


class RevokedSecret(models.Model):
    """A secret that a reprint replaced: scanning it answers "revoked, reprinted at ..."."""

    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="revoked_secrets")
    secret = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-revoked_at"]

    def __str__(self):
        return f"Revoked secret of {self.badge}"


class CheckinStaff(models.Model):
    """Venue staff of one summit: may use the check-in desk and door scans (organizers always may)."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="checkin_staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_roles")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "check-in staff"
        constraints = [models.UniqueConstraint(fields=["summit", "user"], name="one_staff_role_per_summit")]

    def __str__(self):
        return f"{self.user} at {self.summit}"


class Checkin(models.Model):
    """A registration's arrival at the summit. At most one: scanning twice never counts twice."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="checkins")
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="checkin")
    badge = models.ForeignKey(Badge, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    desk = models.CharField(max_length=60, blank=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["summit", "created"])]

    def __str__(self):
        return f"{self.registration} checked in"


class SessionAdmission(models.Model):
    """A person let in at the door of a session; one per person and session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="admissions")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="admissions")
    desk = models.CharField(max_length=60, blank=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "registration"], name="one_admission_per_session")]

    def __str__(self):
        return f"{self.registration} admitted to {self.session}"


class BadgeBatch(models.Model):
    """An organizer's print run. Rendered by a background job that reports its progress here."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="badge_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    format = models.CharField(max_length=10, choices=BadgeFormat.choices, default=BadgeFormat.BADGE)
    cut_marks = models.BooleanField(default=False)
    sort = models.CharField(max_length=12, choices=BatchSort.choices, default=BatchSort.SURNAME)
    description = models.CharField(max_length=300, blank=True)
    registration_ids = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="badge-batches/", blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = "badge batches"

    def __str__(self):
        return f"Badge batch {self.pk} of {self.summit}"

    @property
    def percent(self):
        return 100 if not self.total else round(100 * self.done / self.total)

    @property
    def is_finished(self):
        return self.status in {BatchStatus.DONE, BatchStatus.FAILED}


def new_snapshot_key():
    return _random.token_hex(32)


class CheckinList(models.Model):
    """Who may pass one entrance: the summit's entrance on a day, a session's door, a hall.
    A desk scans against one list; each list counts its own entries."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="checkin_lists")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=ListKind.choices, default=ListKind.ENTRANCE)
    day = models.DateField(null=True, blank=True, help_text=_("Entrance lists: the summit day (local)."))
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # Empty: every category.
    categories = models.ManyToManyField(RegistrationCategory, blank=True, related_name="+")
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    allow_reentry = models.BooleanField(default=False)
    # Desks also scan people out: whoever left may come back in, and the list knows who is inside.
    track_exits = models.BooleanField(default=False)
    # The key of the offline snapshot's hashes (HMAC of each badge secret); never a secret itself.
    snapshot_key = models.CharField(max_length=64, default=new_snapshot_key, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Lists without a day (halls, doors) first, on every database (PostgreSQL puts NULLs last).
        ordering = [models.F("day").asc(nulls_first=True), "name", "pk"]

    def __str__(self):
        return self.name


class ListEntry(models.Model):
    """One entry through a list's entrance. `first` marks the one that counts (at most one per
    person and list). Scans uploaded by an offline desk are all kept (with their client id, so
    a scan sent twice is stored once), refused ones too; `conflict` marks an offline "checked
    in" that an earlier scan at another desk beat."""

    checkin_list = models.ForeignKey(CheckinList, on_delete=models.CASCADE, related_name="entries")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, null=True, blank=True, related_name="list_entries"
    )
    badge = models.ForeignKey(Badge, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    outcome = models.CharField(max_length=40)
    first = models.BooleanField(default=False)
    conflict = models.BooleanField(default=False)
    offline = models.BooleanField(default=False)
    # A scan at an exit desk (lists that track exits): "exited" marks the person out.
    exit = models.BooleanField(default=False)
    client_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    scanned_at = models.DateTimeField()
    desk = models.CharField(max_length=60, blank=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scanned_at", "pk"]
        verbose_name_plural = "list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["checkin_list", "registration"], condition=models.Q(first=True), name="one_first_entry_per_list"
            )
        ]
        indexes = [models.Index(fields=["checkin_list", "scanned_at"])]

    def __str__(self):
        return f"{self.registration} at {self.checkin_list}"
