from django.db import models
from django.utils.translation import gettext_lazy as _


class RosterRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    MEMBER = "member", _("Member")
    LIAISON = "liaison", _("Liaison officer")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")


class OrganisationKind(models.TextChoices):
    STARTUP = "startup", _("Startup")
    PRIME = "prime", _("Prime")
    LAB = "lab", _("Laboratory")
    INCUBATOR = "incubator", _("Incubator")
    AGENCY = "agency", _("Government agency")
    UNIVERSITY = "university", _("University")
    INVESTOR = "investor", _("Investor")


class ItemKind(models.TextChoices):
    FLIGHT = "flight", _("Flight")
    GROUND = "ground", _("Ground transport")
    HOTEL = "hotel", _("Hotel stay")
    MEAL = "meal", _("Meal")
    MEETING = "meeting", _("Meeting")
    SESSION = "session", _("Summit session")
    SITE_VISIT = "site_visit", _("Site visit")

    @classmethod
    def travel(cls):
        """Kinds that take you from one place (and zone) to another."""
        return [cls.FLIGHT, cls.GROUND]

    @classmethod
    def not_clashing(cls):
        """A hotel stay spans nights: being in a meeting meanwhile is no clash."""
        return [cls.HOTEL]
