from django.db import models
from django.utils.translation import gettext_lazy as _


class BadgeFormat(models.TextChoices):
    BADGE = "badge", _("4 × 3 inch badge stock (one per page)")
    A4 = "a4", _("A4 sheet of six (4 × 3 inch inserts)")
    LETTER = "letter", _("US Letter sheet of six (Avery 5392-style)")


class BatchSort(models.TextChoices):
    SURNAME = "surname", _("Surname")
    DELEGATION = "delegation", _("Delegation, then surname")


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Printing")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ScanOutcome(models.TextChoices):
    """What a scan at the desk or door answers. `ok` outcomes are green."""

    CHECKED_IN = "checked_in", _("Checked in")
    ALREADY_CHECKED_IN = "already_checked_in", _("Already checked in")
    NOT_APPROVED = "not_approved", _("Registration not approved")
    REVOKED = "revoked", _("Badge revoked")
    WRONG_SUMMIT = "wrong_summit", _("Badge of another summit")
    UNKNOWN = "unknown", _("Unknown code")
    MALFORMED = "malformed", _("Not a badge code")
    ADMITTED = "admitted", _("Admit")
    ALREADY_ADMITTED = "already_admitted", _("Admit (entered before)")
    NOT_ELIGIBLE = "not_eligible", _("Deny: not eligible")
    # Declared eligible, but no screener has verified it yet.
    NOT_VERIFIED = "not_verified", _("Deny: ID not verified")
    NOT_SIGNED_UP = "not_signed_up", _("Deny: not signed up")
    # Otherwise admitted, but the session's current acknowledgement is not accepted yet.
    ACKNOWLEDGEMENT_MISSING = "acknowledgement_missing", _("Hold: acknowledgement missing")
    # Check-in lists: the person's category does not pass this entrance, or it is closed now.
    NOT_ON_LIST = "not_on_list", _("Deny: not on this list")
    OUTSIDE_WINDOW = "outside_window", _("Deny: outside the opening hours")
    # Exit desks of lists that track exits: the person is out now, or was not inside.
    EXITED = "exited", _("Left")
    NOT_INSIDE = "not_inside", _("Not inside")

    @classmethod
    def green(cls):
        return {cls.CHECKED_IN, cls.ADMITTED, cls.EXITED}

    @classmethod
    def amber(cls):
        return {cls.ALREADY_CHECKED_IN, cls.ALREADY_ADMITTED, cls.NOT_INSIDE}


class ListKind(models.TextChoices):
    """What a check-in list guards: the summit's entrance on one day, a session's door, a hall."""

    ENTRANCE = "entrance", _("Summit entrance (one day)")
    SESSION = "session", _("Door of a session")
    HALL = "hall", _("Hall")
