"""What the door of a restricted session says: the rule, why someone is denied, whose ID check admitted them."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from summits.enums import Restriction

from .enums import ScanOutcome

# The rule the door enforces, for the scanner's header.
DOOR_RULES = {
    Restriction.US_PERSONS: gettext_lazy("U.S. persons only, ID check"),
    Restriction.COUNTRIES: gettext_lazy("Citizens of listed countries only, ID check"),
    Restriction.CLEARED: gettext_lazy("Attendees cleared by an organizer only"),
}


def door_rule(session):
    return DOOR_RULES.get(session.restriction, "")


def _declared_fit(registration, session):
    """Whether what the person declared would meet the rule (it only counts once verified)."""
    if session.restriction == Restriction.US_PERSONS:
        return registration.is_us_person
    if session.restriction == Restriction.COUNTRIES:
        code = registration.country_of_citizenship.code
        return bool(code) and code in {c.code for c in session.allowed_countries}
    return False


def ineligible_verdict(registration, session):
    """(outcome, message) for an approved badge that the session's rule keeps out."""
    if _declared_fit(registration, session) and not registration.eligibility_verified:
        if session.restriction == Restriction.US_PERSONS:
            message = _("Deny: U.S.-person status not verified. Send them to the organizers for an ID check.")
        else:
            message = _("Deny: citizenship not verified. Send them to the organizers for an ID check.")
        return ScanOutcome.NOT_VERIFIED, message
    return ScanOutcome.NOT_ELIGIBLE, _("Deny: not eligible for this closed session.")


def id_check_line(registration, session):
    """ "ID check: verified by … on …" for a session whose rule rests on a verified ID, else ""."""
    if session.restriction not in (Restriction.US_PERSONS, Restriction.COUNTRIES):
        return ""
    screener = registration.eligibility_checked_by
    who = (screener.get_full_name() or screener.email) if screener is not None else _("a former screener")
    when = formats.date_format(registration.eligibility_checked_at.astimezone(session.summit.tz), "j M Y")
    return _("ID check: verified by %(who)s on %(when)s") % {"who": who, "when": when}
