"""Every verdict a desk or door scan can give, and what it records."""

from datetime import UTC, datetime

import pytest

from badges.checkin import check_in, scan_at_desk, scan_at_door
from badges.enums import ScanOutcome
from badges.errors import ScanInputError
from badges.models import Checkin, SessionAdmission
from badges.services import badge_for, reprint_badge
from summits.enums import Restriction, SignupStatus
from summits.models import AuditEntry, SessionClearance, SessionSignup
from tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def scan(summit, code, staff, desk="Desk 1"):
    return scan_at_desk(summit=summit, raw_code=code, staff=staff, desk=desk)


def test_first_scan_checks_in_and_records_desk_and_staff(summit, organizer, approved):
    result = scan(summit, badge_for(approved).secret, organizer, desk="Desk 2")
    assert result.outcome == ScanOutcome.CHECKED_IN
    assert result.ok and result.tone == "ok"
    assert result.registration == approved
    checkin = Checkin.objects.get()
    assert (checkin.registration, checkin.desk, checkin.staff) == (approved, "Desk 2", organizer)
    entry = AuditEntry.objects.get(action="badges.checkin.created")
    assert entry.actor == organizer and entry.data["desk"] == "Desk 2" and entry.data["outcome"] == "checked_in"


def test_second_scan_says_already_with_time_in_summit_zone_and_desk(summit, organizer, approved):
    secret = badge_for(approved).secret
    scan(summit, secret, organizer, desk="Desk 2")
    Checkin.objects.update(created=datetime(2027, 2, 12, 3, 42, tzinfo=UTC))  # 09:12 in Asia/Kolkata
    result = scan(summit, secret.lower(), organizer, desk="Desk 5")
    assert result.outcome == ScanOutcome.ALREADY_CHECKED_IN
    assert result.message == "Already checked in at 09:12 by Desk 2."
    assert Checkin.objects.count() == 1
    assert AuditEntry.objects.filter(action="badges.checkin.denied", data__outcome="already_checked_in").count() == 1


@pytest.mark.parametrize("status", ["pending", "waitlisted", "declined", "cancelled"])
def test_registration_not_approved(summit, organizer, category, status):
    registration = RegistrationFactory(summit=summit, category=category, status=status)
    result = scan(summit, badge_for(registration).secret, organizer)
    assert result.outcome == ScanOutcome.NOT_APPROVED
    assert not Checkin.objects.exists()
    assert AuditEntry.objects.get(action="badges.checkin.denied").data["outcome"] == "not_approved"


def test_reprint_revokes_the_old_badge(summit, organizer, approved):
    old = badge_for(approved).secret
    badge = reprint_badge(badge_for(approved), actor=organizer, desk="Desk 1")
    assert badge.secret != old and badge.reprint_count == 1
    result = scan(summit, old, organizer)
    assert result.outcome == ScanOutcome.REVOKED
    revoked_at = badge.revoked_secrets.get().revoked_at.astimezone(summit.tz)
    assert result.message.startswith(f"Badge revoked: reprinted at {revoked_at:%H:%M on %d %b} (Asia/Kolkata)")
    assert result.registration == approved
    assert not Checkin.objects.exists()
    assert scan(summit, badge.secret, organizer).outcome == ScanOutcome.CHECKED_IN
    assert AuditEntry.objects.filter(action="badges.badge.reprinted", actor=organizer).count() == 1


def test_badge_of_another_summit_at_the_desk_answers_and_logs_like_an_unknown_code(summit, other_summit, organizer):
    stranger = RegistrationFactory(summit=other_summit)
    secret = badge_for(stranger).secret
    unknown = scan(summit, "ABCDEFGHJKMNPQRSTUVWXYZ2", organizer)
    result = scan(summit, secret, organizer)
    assert (
        result.as_json()
        == unknown.as_json()
        == {
            "outcome": "unknown",
            "ok": False,
            "tone": "bad",
            "headline": "Unknown code",
            "message": "No badge has this code.",
            "name": "",
            "details": [],
        }
    )
    assert result.registration is None
    assert not Checkin.objects.exists()
    # This summit's log reads the same for both scans but for the code hint ...
    entries = [
        (e.summit, e.object_id, {k: v for k, v in e.data.items() if k != "code"})
        for e in AuditEntry.objects.filter(summit=summit).order_by("pk")
    ]
    assert entries[0] == entries[1]
    # ... and the real reason is kept in an entry of no summit (superusers only).
    internal = AuditEntry.objects.get(summit=None)
    assert (internal.action, internal.actor, internal.data) == (
        "badges.checkin.denied",
        organizer,
        {
            "outcome": "wrong_summit",
            "reason": "This badge belongs to another summit.",
            "desk": "Desk 1",
            "desk_summit": summit.pk,
            "code": secret[:6] + "…",
        },
    )


def test_unknown_code(summit, organizer):
    result = scan(summit, "ABCDEFGHJKMNPQRSTUVWXYZ2", organizer)
    assert result.outcome == ScanOutcome.UNKNOWN
    # The audit log keeps a hint of the code, not a usable code.
    assert AuditEntry.objects.get(action="badges.checkin.denied").data["code"] == "ABCDEF…"


@pytest.mark.parametrize("raw", ["", "   ", "ABC/DEF", "<script>", "A" * 65, "x" * 5000, None])
def test_malformed_input_is_refused_and_recorded(summit, organizer, raw):
    with pytest.raises(ScanInputError):
        scan(summit, raw, organizer)
    entry = AuditEntry.objects.get(action="badges.checkin.denied")
    assert entry.data["outcome"] == "malformed" and len(entry.data["code"]) <= 7


def test_check_in_by_name_search_counts_once(summit, organizer, approved):
    assert check_in(summit=summit, registration=approved, staff=organizer, desk="D").outcome == "checked_in"
    assert check_in(summit=summit, registration=approved, staff=organizer, desk="D").outcome == "already_checked_in"
    assert Checkin.objects.count() == 1


# ----- door scans


def door(session, registration, staff):
    return scan_at_door(session=session, raw_code=badge_for(registration).secret, staff=staff, desk="Door A")


def test_open_session_admits_once_then_says_entered_before(summit, organizer, approved):
    session = SessionFactory(summit=summit)
    assert door(session, approved, organizer).outcome == ScanOutcome.ADMITTED
    assert door(session, approved, organizer).outcome == ScanOutcome.ALREADY_ADMITTED
    assert SessionAdmission.objects.count() == 1
    assert AuditEntry.objects.filter(action="badges.door.admitted", data__session=session.pk).count() == 2


def test_closed_session_denies_the_ineligible(summit, organizer, approved):
    session = SessionFactory(summit=summit, restriction=Restriction.US_PERSONS)
    result = door(session, approved, organizer)
    assert result.outcome == ScanOutcome.NOT_ELIGIBLE
    assert result.message == "Deny: not eligible for this closed session."
    assert not SessionAdmission.objects.exists()
    assert AuditEntry.objects.get(action="badges.door.denied").data["outcome"] == "not_eligible"


def test_closed_session_admits_a_cleared_attendee(summit, organizer, approved):
    session = SessionFactory(summit=summit, restriction=Restriction.CLEARED)
    SessionClearance.objects.create(session=session, registration=approved, decided_by=organizer)
    assert door(session, approved, organizer).outcome == ScanOutcome.ADMITTED


def test_session_with_signup_denies_those_not_confirmed(summit, organizer, approved):
    session = SessionFactory(summit=summit, needs_signup=True)
    signup = SessionSignup.objects.create(session=session, registration=approved, status=SignupStatus.WAITLISTED)
    assert door(session, approved, organizer).outcome == ScanOutcome.NOT_SIGNED_UP
    signup.status = SignupStatus.CONFIRMED
    signup.save()
    assert door(session, approved, organizer).outcome == ScanOutcome.ADMITTED


def test_door_refuses_revoked_and_unapproved_badges(summit, organizer, category, approved):
    session = SessionFactory(summit=summit)
    old = badge_for(approved).secret
    reprint_badge(badge_for(approved), actor=organizer)
    assert scan_at_door(session=session, raw_code=old, staff=organizer).outcome == ScanOutcome.REVOKED
    pending = RegistrationFactory(summit=summit, category=category, status="pending")
    assert door(session, pending, organizer).outcome == ScanOutcome.NOT_APPROVED


def test_badge_of_another_summit_at_the_door_says_what_to_do_and_reads_like_an_unknown_code(
    summit, other_summit, organizer
):
    session = SessionFactory(summit=summit)
    secret = badge_for(RegistrationFactory(summit=other_summit)).secret
    foreign = scan_at_door(session=session, raw_code=secret, staff=organizer, desk="Door A")
    unknown = scan_at_door(session=session, raw_code="ABCDEFGHJKMNPQRSTUVWXYZ2", staff=organizer, desk="Door A")
    assert foreign.as_json() == unknown.as_json()
    assert (foreign.outcome, foreign.ok, foreign.registration) == (ScanOutcome.UNKNOWN, False, None)
    assert foreign.message == (
        "Deny: this code is not a badge of this summit. Scan it once more; if it fails again, "
        "send the person to the registration desk."
    )
    assert "another summit" not in foreign.message
    assert not SessionAdmission.objects.exists()
    logged = [
        {k: v for k, v in e.data.items() if k != "code"}
        for e in AuditEntry.objects.filter(summit=summit, action="badges.door.denied").order_by("pk")
    ]
    assert logged[0] == logged[1] and logged[0]["session"] == session.pk
    internal = AuditEntry.objects.get(summit=None)
    assert (internal.action, internal.data["outcome"]) == ("badges.door.denied", "wrong_summit")
