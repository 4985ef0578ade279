from django.db import models
from django.utils.translation import gettext_lazy as _


class SummitStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    ROUNDTABLE = "roundtable", _("Roundtable")
    WORKSHOP = "workshop", _("Workshop")
    PITCH = "pitch", _("Pitch session")
    EDUCATION = "education", _("Education (Gurukul)")
    NETWORKING = "networking", _("Networking")
    BREAK = "break", _("Break")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Restriction(models.TextChoices):
    """Who may see and join a session (export control)."""

    OPEN = "open", _("Open to all attendees")
    US_PERSONS = "us_persons", _("U.S. persons only")
    COUNTRIES = "countries", _("Citizens of listed countries only")
    CLEARED = "cleared", _("Attendees cleared by an organizer only")


class CategoryKind(models.TextChoices):
    INDUSTRY = "industry", _("Industry / prime")
    STARTUP = "startup", _("Startup / SME")
    GOVERNMENT = "government", _("Government")
    ACADEMIA = "academia", _("Academia")
    INVESTOR = "investor", _("Investor")
    MEDIA = "media", _("Media")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    WAITLISTED = "waitlisted", _("Waiting list")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def seat_holding(cls):
        """Statuses that occupy a seat of the category's capacity."""
        return [cls.PENDING, cls.APPROVED]

    @classmethod
    def active(cls):
        return [cls.PENDING, cls.APPROVED, cls.WAITLISTED]


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    # The session itself was cancelled: the seat is freed, but the person's agenda
    # and calendar feed keep showing the session (as cancelled).
    SESSION_CANCELLED = "session_cancelled", _("Session cancelled")

    @classmethod
    def active(cls):
        """Statuses that hold a seat or a place in line."""
        return [cls.CONFIRMED, cls.WAITLISTED]


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    YES_NO = "yes_no", _("Yes / no")
    CHOICE = "choice", _("One of a list")


class EligibilityStatus(models.TextChoices):
    """Where a registration's export-control facts (citizenship, U.S.-person status) stand."""

    AWAITING = "awaiting", _("Declared, awaiting verification")
    VERIFIED = "verified", _("Verified")
    REVOKED = "revoked", _("Verification revoked")


class IdDocument(models.TextChoices):
    """The document a screener saw when verifying (its number is never recorded)."""

    PASSPORT = "passport", _("Passport")
    GREEN_CARD = "green_card", _("Green card (permanent resident card)")
    OTHER = "other", _("Other official identity document")
