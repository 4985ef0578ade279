"""The summits app's models, split by sub-domain. Every model is re-exported here, so
`summits.models.X`, the app label and the migrations stay what they were."""

from .acknowledgements import AcceptanceMethod, Acknowledgement, AcknowledgementAcceptance, AcknowledgementVersion
from .agenda import Session, SessionClearance, SessionSignup
from .audit import AuditEntry
from .calendar import FeedToken
from .messages import MessageDelivery, OrganizerMessage
from .registration import Registration, RegistrationAnswer, RegistrationCategory, RegistrationQuestion
from .summit import TIMEZONE_CHOICES, ZONE_REGIONS, Room, Speaker, Summit, Track, validate_timezone
from .team import Screener, TeamInvitation

__all__ = [
    "TIMEZONE_CHOICES",
    "ZONE_REGIONS",
    "AcceptanceMethod",
    "Acknowledgement",
    "AcknowledgementAcceptance",
    "AcknowledgementVersion",
    "AuditEntry",
    "FeedToken",
    "MessageDelivery",
    "OrganizerMessage",
    "Registration",
    "RegistrationAnswer",
    "RegistrationCategory",
    "RegistrationQuestion",
    "Room",
    "Screener",
    "Session",
    "SessionClearance",
    "SessionSignup",
    "Speaker",
    "Summit",
    "TeamInvitation",
    "Track",
    "validate_timezone",
]
