from django.db import models


class RosterRole(models.TextChoices):
    HEAD = "head", "Head of delegation"
    MEMBER = "member", "Member"
    LIAISON = "liaison", "Liaison officer"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REVOKED = "revoked", "Revoked"


class OrganisationKind(models.TextChoices):
    STARTUP = "startup", "Startup"
    PRIME = "prime", "Prime"
    LAB = "lab", "Laboratory"
    INCUBATOR = "incubator", "Incubator"
    AGENCY = "agency", "Government agency"
    UNIVERSITY = "university", "University"
    INVESTOR = "investor", "Investor"


class ItemKind(models.TextChoices):
    FLIGHT = "flight", "Flight"
    GROUND = "ground", "Ground transport"
    HOTEL = "hotel", "Hotel stay"
    MEAL = "meal", "Meal"
    MEETING = "meeting", "Meeting"
    SESSION = "session", "Summit session"
    SITE_VISIT = "site_visit", "Site visit"

    @classmethod
    def travel(cls):
        """Kinds that take you from one place (and zone) to another."""
        return [cls.FLIGHT, cls.GROUND]

    @classmethod
    def not_clashing(cls):
        """A hotel stay spans nights: being in a meeting meanwhile is no clash."""
        return [cls.HOTEL]
