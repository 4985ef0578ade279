from django.db import models
from django.utils.translation import gettext_lazy as _


class SummitStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class SessionKind(models.TextChoices):
    PLENARY = "plenary", "Plenary"
    ROUNDTABLE = "roundtable", "Roundtable"
    WORKSHOP = "workshop", "Workshop"
    PITCH = "pitch", "Pitch session"
    EDUCATION = "education", "Education (Gurukul)"
    NETWORKING = "networking", "Networking"
    BREAK = "break", "Break"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Restriction(models.TextChoices):
    """Who may see and join a session (export control)."""

    OPEN = "open", "Open to all attendees"
    US_PERSONS = "us_persons", "U.S. persons only"
    COUNTRIES = "countries", "Citizens of listed countries only"
    CLEARED = "cleared", "Attendees cleared by an organizer only"


class CategoryKind(models.TextChoices):
    INDUSTRY = "industry", "Industry / prime"
    STARTUP = "startup", "Startup / SME"
    GOVERNMENT = "government", "Government"
    ACADEMIA = "academia", "Academia"
    INVESTOR = "investor", "Investor"
    MEDIA = "media", "Media"


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", "Pending approval"
    APPROVED = "approved", "Approved"
    WAITLISTED = "waitlisted", "Waiting list"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"

    @classmethod
    def seat_holding(cls):
        """Statuses that occupy a seat of the category's capacity."""
        return [cls.PENDING, cls.APPROVED]

    @classmethod
    def active(cls):
        return [cls.PENDING, cls.APPROVED, cls.WAITLISTED]


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    WAITLISTED = "waitlisted", "Waiting list"
    CANCELLED = "cancelled", "Cancelled"
    # The session itself was cancelled: the seat is freed, but the person's agenda
    # and calendar feed keep showing the session (as cancelled).
    SESSION_CANCELLED = "session_cancelled", "Session cancelled"

    @classmethod
    def active(cls):
        """Statuses that hold a seat or a place in line."""
        return [cls.CONFIRMED, cls.WAITLISTED]


class QuestionKind(models.TextChoices):
    TEXT = "text", "Short text"
    LONG_TEXT = "long_text", "Long text"
    YES_NO = "yes_no", "Yes / no"
    CHOICE = "choice", "One of a list"


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
