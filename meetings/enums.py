"""States and kinds of the matchmaking app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    STARTUP = "startup", _("Startup")
    SME = "sme", _("SME")
    PRIME = "prime", _("Prime")
    INVESTOR = "investor", _("Investor")
    GOVERNMENT = "government", _("Government")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Priority(models.IntegerChoices):
    LOW = 1, _("Nice to have")
    NORMAL = 2, _("Important")
    HIGH = 3, _("Essential")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Proposed (not yet published)")
    CONFIRMED = "confirmed", _("Confirmed")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    TIMED_OUT = "timed_out", _("Timed out: the previous schedule was kept")
    FAILED = "failed", _("Failed")
