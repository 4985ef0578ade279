from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterStatus(models.TextChoices):
    AWAITING_MEMBER = "awaiting_member", _("Waiting for the person's passport data")
    SUBMITTED = "submitted", _("Submitted, waiting for review")
    CHANGES_NEEDED = "changes_needed", _("Changes needed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    REVOKED = "revoked", _("Revoked")

    @classmethod
    def editable_by_person(cls):
        return [cls.AWAITING_MEMBER, cls.CHANGES_NEEDED]

    @classmethod
    def reviewable(cls):
        return [cls.SUBMITTED]

    @classmethod
    def issued(cls):
        return [cls.APPROVED, cls.REVOKED]
