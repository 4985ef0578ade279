"""What an offline desk keeps of its check-in list: per badge a keyed hash of its secret (HMAC
with the list's snapshot key, never the secret), the name, organisation, category, status and
the list's verdict that does not depend on the clock; the hashes of revoked secrets; the list's
window and re-entry rule; the first entries so far. No email, phone or passport data.

The desk answers a scan from this within milliseconds and with the online wording: the texts
come along, with {time} and {desk} left for the desk to fill in."""

import hashlib
import hmac
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from summits.enums import RegistrationStatus
from summits.models import AcknowledgementAcceptance, Registration, SessionClearance, SessionSignup
from summits.screening.acknowledgements import current_version
from summits.screening.eligibility import is_eligible

from .door import ineligible_verdict
from .enums import ListKind, ScanOutcome
from .models import ListEntry, RevokedSecret

HASH_HEX = 24  # 96 bits: no two of a summit's badges collide, and nothing to type in


def code_hash(key_hex, code):
    return hmac.new(bytes.fromhex(key_hex), code.encode(), hashlib.sha256).hexdigest()[:HASH_HEX]


def snapshot_expires(summit):
    """The end of the summit's last day (local): the desk erases its snapshot then."""
    return datetime.combine(summit.end_date + timedelta(days=1), time.min, tzinfo=summit.tz)


def is_over(summit, now=None):
    return (now or timezone.now()) >= snapshot_expires(summit)


def _session_refusals(checkin_list, registrations):
    """{registration_id: outcome} for a session list's door rules, in a fixed number of queries."""
    session = checkin_list.session
    refusals = {}
    cleared = set(
        SessionClearance.objects.filter(session=session, granted=True).values_list("registration_id", flat=True)
    )
    signed_up = set()
    if session.needs_signup:
        signed_up = set(
            SessionSignup.objects.filter(session=session, status="confirmed").values_list("registration_id", flat=True)
        )
    version = current_version(session)
    accepted = set()
    if version is not None:
        accepted = set(
            AcknowledgementAcceptance.objects.filter(version=version).values_list("registration_id", flat=True)
        )
    for registration in registrations:
        ids = frozenset({session.pk}) if registration.pk in cleared else frozenset()
        if not is_eligible(registration, session, cleared_session_ids=ids):
            refusals[registration.pk] = str(ineligible_verdict(registration, session)[0])
        elif session.needs_signup and registration.pk not in signed_up:
            refusals[registration.pk] = ScanOutcome.NOT_SIGNED_UP
        elif version is not None and registration.pk not in accepted:
            refusals[registration.pk] = ScanOutcome.ACKNOWLEDGEMENT_MISSING
    return refusals


def _texts(checkin_list):
    outcomes = [
        ScanOutcome.CHECKED_IN,
        ScanOutcome.ALREADY_CHECKED_IN,
        ScanOutcome.ADMITTED,
        ScanOutcome.ALREADY_ADMITTED,
        ScanOutcome.REVOKED,
        ScanOutcome.UNKNOWN,
        ScanOutcome.MALFORMED,
        ScanOutcome.NOT_APPROVED,
        ScanOutcome.NOT_ELIGIBLE,
        ScanOutcome.NOT_VERIFIED,
        ScanOutcome.NOT_SIGNED_UP,
        ScanOutcome.ACKNOWLEDGEMENT_MISSING,
        ScanOutcome.NOT_ON_LIST,
        ScanOutcome.OUTSIDE_WINDOW,
    ]
    messages = {
        ScanOutcome.CHECKED_IN: _("Welcome! Checked in at {time}."),
        ScanOutcome.ALREADY_CHECKED_IN: _("Already checked in at {time}{desk}."),
        ScanOutcome.ADMITTED: _("Admit."),
        ScanOutcome.ALREADY_ADMITTED: _("Admit: entered before at {time}."),
        ScanOutcome.REVOKED: _("Badge revoked: reprinted at {time}. Ask for the new badge."),
        ScanOutcome.UNKNOWN: _("No badge has this code."),
        ScanOutcome.MALFORMED: _("That is not a badge code: expected letters and digits only."),
        ScanOutcome.NOT_APPROVED: _("Registration not approved."),
        ScanOutcome.NOT_ELIGIBLE: _("Deny: not eligible for this closed session."),
        ScanOutcome.NOT_VERIFIED: _("Deny: not verified. Send them to the organizers for an ID check."),
        ScanOutcome.NOT_SIGNED_UP: _("Deny: not signed up for this session."),
        ScanOutcome.ACKNOWLEDGEMENT_MISSING: _("Not in yet: the acknowledgement is not accepted. Ask an organizer."),
        ScanOutcome.NOT_ON_LIST: _("Deny: this category does not enter here."),
        ScanOutcome.OUTSIDE_WINDOW: _("Deny: this entrance is closed now."),
    }
    return {
        "by": _(" by {desk}"),
        "outcomes": {
            str(o): {"headline": str(o.label), "message": str(messages[o]), "tone": _tone(o)} for o in outcomes
        },
    }


def _tone(outcome):
    if outcome in ScanOutcome.green():
        return "ok"
    if outcome in ScanOutcome.amber():
        return "warn"
    return "hold" if outcome == ScanOutcome.ACKNOWLEDGEMENT_MISSING else "bad"


def list_snapshot(checkin_list, *, now=None):
    """The snapshot as a JSON-ready dict (about 100 bytes a badge)."""
    summit = checkin_list.summit
    now = now or timezone.now()
    key = checkin_list.snapshot_key
    registrations = list(
        Registration.objects.filter(summit=summit, badge__isnull=False).select_related("category", "badge")
    )
    allowed = set(checkin_list.categories.values_list("pk", flat=True))
    refusals = {}
    if checkin_list.kind == ListKind.SESSION and checkin_list.session_id:
        approved = [r for r in registrations if r.status == RegistrationStatus.APPROVED]
        refusals = _session_refusals(checkin_list, approved)
    first = {
        registration_id: (f"{at.astimezone(summit.tz):%H:%M}", desk)
        for registration_id, at, desk in ListEntry.objects.filter(checkin_list=checkin_list, first=True).values_list(
            "registration_id", "scanned_at", "desk"
        )
    }
    badges = []
    for r in registrations:
        if r.status != RegistrationStatus.APPROVED:
            deny = ScanOutcome.NOT_APPROVED
        elif allowed and r.category_id not in allowed:
            deny = ScanOutcome.NOT_ON_LIST
        else:
            deny = refusals.get(r.pk, "")
        entered = first.get(r.pk)
        badges.append(
            [
                code_hash(key, r.badge.secret),
                r.badge_name,
                r.organisation,
                r.category.name,
                str(deny),
                entered[0] if entered else "",
                entered[1] if entered else "",
            ]
        )
    revoked = [
        [code_hash(key, secret), f"{at.astimezone(summit.tz):%H:%M %d %b}"]
        for secret, at in RevokedSecret.objects.filter(badge__registration__summit=summit).values_list(
            "secret", "revoked_at"
        )
    ]
    green, amber = (
        (ScanOutcome.ADMITTED, ScanOutcome.ALREADY_ADMITTED)
        if checkin_list.kind == ListKind.SESSION
        else (ScanOutcome.CHECKED_IN, ScanOutcome.ALREADY_CHECKED_IN)
    )
    return {
        "summit": summit.slug,
        "list": checkin_list.pk,
        "name": checkin_list.name,
        "key": key,
        "hash_hex": HASH_HEX,
        "generated": now.isoformat(),
        "expires": snapshot_expires(summit).isoformat(),
        "opens": checkin_list.opens_at.isoformat() if checkin_list.opens_at else None,
        "closes": checkin_list.closes_at.isoformat() if checkin_list.closes_at else None,
        "reentry": checkin_list.allow_reentry,
        "green": str(green),
        "amber": str(amber),
        "tz": summit.timezone,
        "texts": _texts(checkin_list),
        "fields": ["hash", "name", "organisation", "category", "deny", "entered_at", "entered_desk"],
        "badges": badges,
        "revoked": revoked,
    }
