"""Export-control eligibility: who may see a restricted session's details and join it.

Everything that shows or admits to a session (pages, feeds, exports, door scans)
asks `SessionAccess`, so the rule lives in one place.

Citizenship and U.S.-person status count only once a screener has verified them
(`Registration.eligibility_verified`, read from the registration row: no query). What
the attendee merely declared opens nothing.
"""

from dataclasses import dataclass, field

from ..enums import EligibilityStatus, RegistrationStatus, Restriction
from ..models import Registration, SessionClearance
from ..registration.queries import own_registration


def is_eligible(registration, session, *, cleared_session_ids=frozenset()):
    """Whether an approved registration meets the session's restriction.

    `cleared_session_ids` lets a caller that checks many sessions pass the
    registration's clearances in, so the check costs no query per session.
    """
    if not session.is_restricted:
        return True
    if registration is None or registration.status != RegistrationStatus.APPROVED:
        return False
    if session.restriction == Restriction.US_PERSONS:
        return registration.eligibility_verified and registration.verified_us_person
    if session.restriction == Restriction.COUNTRIES:
        return registration.eligibility_verified and _citizen_of_allowed(registration.verified_citizenship, session)
    if session.restriction == Restriction.CLEARED:
        return session.pk in cleared_session_ids
    return False


def _citizen_of_allowed(country, session):
    return bool(country.code) and country.code in {c.code for c in session.allowed_countries}


def awaits_verification(registration, session):
    """Whether the person's declaration would open the session once a screener verifies it.

    For the short "your status awaits verification" line; says nothing about the session.
    """
    if registration is None or registration.eligibility_verified:
        return False
    if registration.eligibility_status == EligibilityStatus.REVOKED:
        return False
    if registration.status != RegistrationStatus.APPROVED:
        return False
    if session.restriction == Restriction.US_PERSONS:
        return registration.is_us_person
    if session.restriction == Restriction.COUNTRIES:
        return _citizen_of_allowed(registration.country_of_citizenship, session)
    return False


@dataclass
class SessionAccess:
    """What one person may see of a summit's sessions. Built once per request: two queries at most."""

    registration: Registration | None = None
    is_organizer: bool = False
    cleared_session_ids: frozenset = field(default_factory=frozenset)

    @classmethod
    def for_user(cls, user, summit, *, sessions=None):
        """`sessions`: the only sessions the caller will ask about (a session page); their
        clearances are read only if one of them needs one, so an open session's page asks none."""
        if summit.is_organizer(user):
            return cls(is_organizer=True)
        registration = own_registration(user, summit, with_category=False)
        if sessions is None:
            return cls.for_registration(registration)
        return cls.for_sessions(registration, sessions)

    @classmethod
    def for_registration(cls, registration):
        if registration is None:
            return cls()
        cleared = frozenset(
            SessionClearance.objects.filter(registration=registration, granted=True).values_list(
                "session_id", flat=True
            )
        )
        return cls(registration=registration, cleared_session_ids=cleared)

    @classmethod
    def for_sessions(cls, registration, sessions):
        """Access to these sessions only (e.g. a session live and as released: the same id)."""
        needing = {session.pk for session in sessions if session.restriction == Restriction.CLEARED}
        if registration is None or not needing:
            return cls(registration=registration)
        cleared = frozenset(
            SessionClearance.objects.filter(
                registration=registration, session_id__in=needing, granted=True
            ).values_list("session_id", flat=True)
        )
        return cls(registration=registration, cleared_session_ids=cleared)

    @classmethod
    def for_session(cls, registration, session):
        """Access to one session: asks for a clearance only if the session needs one (one query at most)."""
        if registration is None or session.restriction != Restriction.CLEARED:
            return cls(registration=registration)
        cleared = frozenset(
            SessionClearance.objects.filter(registration=registration, session=session, granted=True).values_list(
                "session_id", flat=True
            )
        )
        return cls(registration=registration, cleared_session_ids=cleared)

    def can_see(self, session):
        """Whether the person may see the session's title, description, speakers and attendees."""
        return self.is_organizer or self.is_eligible(session)

    def is_eligible(self, session):
        return is_eligible(self.registration, session, cleared_session_ids=self.cleared_session_ids)

    def awaits_verification(self, session):
        return not self.is_organizer and awaits_verification(self.registration, session)
