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
from summits.models import Registration
from summits.screening.acknowledgements import current_version

from .door_rules import door_refusals
from .enums import ListKind, ScanOutcome
from .lists import MOVEMENTS
from .models import ListEntry, RevokedSecret
from .presence import outcomes_of

HASH_HEX = 24  # 96 bits: no two of a summit's badges collide, and nothing to type in


def code_hash(key_hex, code):
    return hmac.new(bytes.fromhex(key_hex), code.encode(), hashlib.sha256).hexdigest()[:HASH_HEX]


def snapshot_expires(summit):
    """The end of the summit's last day (local): the desk erases its snapshot then."""
    return datetime.combine(summit.end_date + timedelta(days=1), time.min, tzinfo=summit.tz)


def is_over(summit, now=None):
    return (now or timezone.now()) >= snapshot_expires(summit)


def _texts(checkin_list, acknowledgement):
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
        ScanOutcome.EXITED,
        ScanOutcome.NOT_INSIDE,
    ]
    missing = _("Not in yet: the acknowledgement is not accepted. Ask an organizer.")
    if acknowledgement is not None:
        # The online door's wording; the desk offers "Signed on paper: record it and admit".
        missing = _(
            "Not in yet: “%(title)s” version %(number)s is not accepted. Have it read and signed on paper, then record it."
        ) % {"title": acknowledgement["title"], "number": acknowledgement["number"]}
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
        ScanOutcome.ACKNOWLEDGEMENT_MISSING: missing,
        ScanOutcome.NOT_ON_LIST: _("Deny: this category does not enter here."),
        ScanOutcome.OUTSIDE_WINDOW: _("Deny: this entrance is closed now."),
        ScanOutcome.EXITED: _("Goodbye: left at {time}."),
        ScanOutcome.NOT_INSIDE: _("Not inside: no entry here since the last exit."),
    }
    return {
        "by": _(" by {desk}"),
        "paper": _("Acknowledgement signed on paper: recorded at this desk, sent when the network is back."),
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


def _entered(checkin_list):
    """{registration_id: (time, desk, inside)}: the counted entry; for lists that track exits the
    last movement instead, and "in" or "out" (what the desk needs to decide the next scan)."""
    tz = checkin_list.summit.tz
    if not checkin_list.track_exits:
        rows = ListEntry.objects.filter(checkin_list=checkin_list, first=True).values_list(
            "registration_id", "scanned_at", "desk"
        )
        return {pk: (f"{at.astimezone(tz):%H:%M}", desk, "") for pk, at, desk in rows}
    last = {}
    for pk, at, exit, desk in ListEntry.objects.filter(checkin_list=checkin_list, outcome__in=MOVEMENTS).values_list(
        "registration_id", "scanned_at", "exit", "desk"
    ):
        if pk not in last or last[pk][0] <= at:
            last[pk] = (at, exit, desk)
    return {pk: (f"{at.astimezone(tz):%H:%M}", desk, "out" if exit else "in") for pk, (at, exit, desk) in last.items()}


def _acknowledgement(checkin_list):
    """What a door's offline desk records when the acknowledgement is signed on paper."""
    if checkin_list.session_id is None or checkin_list.session.acknowledgement_id is None:
        return None
    version = current_version(checkin_list.session)
    if version is None:
        return None
    return {"version": version.pk, "title": version.acknowledgement.title, "number": version.number}


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
        refusals = door_refusals(checkin_list.session, approved)
    first = _entered(checkin_list)
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
                entered[2] if entered else "",
            ]
        )
    revoked = [
        [code_hash(key, secret), f"{at.astimezone(summit.tz):%H:%M %d %b}"]
        for secret, at in RevokedSecret.objects.filter(badge__registration__summit=summit).values_list(
            "secret", "revoked_at"
        )
    ]
    green, amber = outcomes_of(checkin_list)
    acknowledgement = _acknowledgement(checkin_list)
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
        "exits": checkin_list.track_exits,
        "acknowledgement": acknowledgement,
        "green": str(green),
        "amber": str(amber),
        "tz": summit.timezone,
        "texts": _texts(checkin_list, acknowledgement),
        "fields": ["hash", "name", "organisation", "category", "deny", "entered_at", "entered_desk", "inside"],
        "badges": badges,
        "revoked": revoked,
    }
