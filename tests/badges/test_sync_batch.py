"""The upload of queued scans decided as one batch: a fixed number of queries whatever the
number of scans, the same outcomes as one scan at a time, the per-scan path when a desk online
gets in the way, and the door's rules read for many people at once agreeing with one."""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from badges.checkin import door_refusal
from badges.door_rules import door_refusals
from badges.enums import ListKind
from badges.lists import create_checkin_list, scan_at_list
from badges.models import Checkin, ListEntry, SessionAdmission
from badges.services import badge_for, reprint_badge
from badges.snapshot import list_snapshot
from badges.sync import sync_offline_scans
from summits.enums import Restriction
from summits.models import AcknowledgementAcceptance, AuditEntry, SessionClearance
from summits.screening.acknowledgements import attach_acknowledgement, create_acknowledgement
from tests.factories import CategoryFactory, RegistrationFactory, SignupFactory, SummitFactory, roundtable

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit(db):
    # The tests' scans reach back a few minutes and must fall on the list's local day: a zone
    # where it is not just past midnight (the two are 10.5 hours apart, so one always is).
    zone = next(z for z in ("Asia/Kolkata", "America/New_York") if datetime.now(ZoneInfo(z)).hour >= 1)
    today = datetime.now(UTC).date()
    return SummitFactory(timezone=zone, start_date=today - timedelta(days=1), end_date=today + timedelta(days=1))


def entrance_today(summit, organizer, **options):
    # The day of a scan made now, in the summit's zone (its window is that local day).
    day = timezone.now().astimezone(summit.tz).date()
    return create_checkin_list(
        summit=summit, actor=organizer, name="Entrance", kind=ListKind.ENTRANCE, day=day, **options
    )


def queued(code, *, scan_id, seconds_ago, desk="Desk 1", outcome="checked_in", **extra):
    at = timezone.now() - timedelta(seconds=seconds_ago)
    return {"id": scan_id, "code": code, "at": at.isoformat(), "desk": desk, "outcome": outcome, **extra}


def post_sync(client, summit, checkin_list, scans):
    return client.post(
        reverse("badges:sync", kwargs={"slug": summit.slug}),
        data=json.dumps({"list": checkin_list.pk, "scans": scans}),
        content_type="application/json",
    )


@pytest.mark.parametrize("count", [1, 60])
def test_an_upload_costs_the_same_queries_for_1_or_60_scans(
    client, summit, category, organizer, staff_user, count, django_assert_num_queries
):
    entrance = entrance_today(summit, organizer)
    people = [RegistrationFactory(summit=summit, category=category) for _ in range(count + 1)]
    # One already in (earlier, online), so a later offline scan of them is "already".
    earlier = timezone.now() - timedelta(minutes=10)
    scan_at_list(
        checkin_list=entrance, raw_code=badge_for(people[0]).secret, staff=organizer, desk="Online", at=earlier
    )
    reprinted = RegistrationFactory(summit=summit, category=category)
    revoked = badge_for(reprinted).secret
    reprint_badge(badge_for(reprinted), actor=organizer)
    scans = [queued(badge_for(p).secret, scan_id=f"batch-{i:05d}", seconds_ago=count - i) for i, p in enumerate(people)]
    scans += [
        queued(revoked, scan_id="batch-revoked", seconds_ago=1),
        queued("NOSUCH", scan_id="batch-nosuch", seconds_ago=1),
    ]
    client.force_login(staff_user)
    # The summit with whether the user organizes it, the user, their desk role (3); the upload's savepoint, the list and its
    # categories, scan ids already stored (4); the batch's savepoint, badges, revoked secrets,
    # the list's row lock, the counted entries (5); the entries' insert, the arrivals read,
    # inserted and re-stamped, the audit entries (5); the webhook subscribers of the new
    # check-ins (1); two releases: 20 whatever the number.
    with django_assert_num_queries(20):
        response = post_sync(client, summit, entrance, scans)
    assert response.status_code == 200
    outcomes = [r["outcome"] for r in response.json()["results"]]
    assert outcomes.count("checked_in") == count and outcomes.count("already_checked_in") == 1
    assert sorted(set(outcomes) - {"checked_in", "already_checked_in"}) == ["revoked", "unknown"]
    assert Checkin.objects.filter(summit=summit).count() == count + 1
    assert AuditEntry.objects.filter(action="badges.checkin.created", data__list=entrance.pk).count() == count + 1


def test_the_batch_decides_like_one_scan_at_a_time(summit, organizer):
    """The same queue uploaded to one list and scanned one by one at a twin list: the same
    outcomes, counted entries and conflicts."""
    speakers = CategoryFactory(summit=summit, name="Speaker")
    others = CategoryFactory(summit=summit, name="Delegate")
    speaker, speaker2 = (RegistrationFactory(summit=summit, category=speakers) for _ in range(2))
    delegate = RegistrationFactory(summit=summit, category=others)
    pending = RegistrationFactory(summit=summit, category=speakers, status="pending")
    lost = RegistrationFactory(summit=summit, category=speakers)
    old = badge_for(lost).secret
    reprint_badge(badge_for(lost), actor=organizer)
    foreign = RegistrationFactory(summit=SummitFactory())
    codes = [
        badge_for(speaker).secret,
        badge_for(speaker2).secret,
        badge_for(speaker).secret,
        badge_for(delegate).secret,
        badge_for(pending).secret,
        old,
        badge_for(foreign).secret,
        "UNKNOWNCODE",
        badge_for(speaker2).secret,
    ]

    def twin(name, **options):
        return create_checkin_list(
            summit=summit, actor=organizer, name=name, kind=ListKind.HALL, categories=[speakers], **options
        )

    for options in ({}, {"allow_reentry": True}, {"track_exits": True}):
        batch_list, single_list = twin("Batch", **options), twin("Single", **options)
        scans = [
            queued(
                code,
                scan_id=f"eq-{batch_list.pk}-{i:03d}",
                seconds_ago=100 - i,
                exit=(i == 2 and "track_exits" in options),
            )
            for i, code in enumerate(codes)
        ]
        answers = sync_offline_scans(summit=summit, staff=organizer, payload={"list": batch_list.pk, "scans": scans})
        singles = [
            scan_at_list(
                checkin_list=single_list,
                raw_code=s["code"],
                staff=organizer,
                desk=s["desk"],
                at=datetime.fromisoformat(s["at"]),
                offline=True,
                shown=s["outcome"],
                exit=s.get("exit", False),
            )
            for s in scans
        ]
        assert [(a["outcome"], a["message"]) for a in answers] == [(r.outcome, r.message) for r in singles]

        def stored(checkin_list):
            return list(
                ListEntry.objects.filter(checkin_list=checkin_list)
                .order_by("scanned_at")
                .values_list("registration", "outcome", "first", "conflict", "exit")
            )

        assert stored(batch_list) == stored(single_list)


def test_a_desk_online_at_the_same_moment_sends_the_batch_one_scan_at_a_time(monkeypatch, summit, category, organizer):
    entrance = entrance_today(summit, organizer)
    people = [RegistrationFactory(summit=summit, category=category) for _ in range(3)]
    real = ListEntry.objects.bulk_create

    def collides(*args, **kwargs):
        raise IntegrityError("one_first_entry_per_list")

    monkeypatch.setattr(ListEntry.objects, "bulk_create", collides)
    scans = [queued(badge_for(p).secret, scan_id=f"race-{i:04d}", seconds_ago=10 - i) for i, p in enumerate(people)]
    answers = sync_offline_scans(summit=summit, staff=organizer, payload={"list": entrance.pk, "scans": scans})
    monkeypatch.setattr(ListEntry.objects, "bulk_create", real)
    assert [(a["stored"], a["outcome"]) for a in answers] == [("new", "checked_in")] * 3
    assert ListEntry.objects.filter(checkin_list=entrance, first=True).count() == 3
    assert Checkin.objects.filter(summit=summit).count() == 3


def test_the_doors_rules_for_many_agree_with_the_rule_for_one(summit, category, organizer):
    door = roundtable(summit, restriction=Restriction.US_PERSONS)
    notice = create_acknowledgement(summit=summit, title="EAR notice", text="Version one.", actor=organizer)
    attach_acknowledgement(door, notice, actor=organizer)
    door.refresh_from_db()
    cleared_door = roundtable(summit, restriction=Restriction.CLEARED)
    people = [
        RegistrationFactory(summit=summit, category=category, is_us_person=True, country_of_citizenship="US"),
        RegistrationFactory(summit=summit, category=category, is_us_person=True, verified=False),
        RegistrationFactory(summit=summit, category=category),
    ]
    signed = RegistrationFactory(summit=summit, category=category, is_us_person=True, country_of_citizenship="US")
    SignupFactory(session=door, registration=signed)
    SignupFactory(session=cleared_door, registration=people[2])
    SessionClearance.objects.create(session=cleared_door, registration=people[2], granted=True, decided_by=organizer)
    people.append(signed)
    for session in (door, cleared_door):
        many = door_refusals(session, people)
        one = {}
        for person in people:
            refusal = door_refusal(person, session)
            if refusal is not None:
                one[person.pk] = refusal.outcome
        assert many == one
    assert set(door_refusals(door, people).values()) == {
        "not_signed_up",
        "not_verified",
        "not_eligible",
        "acknowledgement_missing",
    }


def test_a_paper_acknowledgement_taken_offline_is_recorded_and_admits(summit, category, organizer, staff_user):
    door = roundtable(summit, restriction=Restriction.US_PERSONS, starts_at=timezone.now() - timedelta(minutes=10))
    notice = create_acknowledgement(summit=summit, title="EAR notice", text="Version one.", actor=organizer)
    attach_acknowledgement(door, notice, actor=organizer)
    door.refresh_from_db()
    version = notice.versions.get()
    doors = create_checkin_list(summit=summit, actor=organizer, name="Door", kind=ListKind.SESSION, session=door)
    person, other = (
        RegistrationFactory(summit=summit, category=category, is_us_person=True, country_of_citizenship="US")
        for _ in range(2)
    )
    for registration in (person, other):
        SignupFactory(session=door, registration=registration)
        badge_for(registration)
    snap = list_snapshot(doors)
    assert snap["acknowledgement"] == {"version": version.pk, "title": "EAR notice", "number": 1}
    assert {b[4] for b in snap["badges"]} == {"acknowledgement_missing"}
    assert "“EAR notice” version 1 is not accepted" in snap["texts"]["outcomes"]["acknowledgement_missing"]["message"]

    scans = [
        # Held at the door before the acknowledgement was signed: that scan stays a hold.
        queued(badge_for(person).secret, scan_id="paper-0000", seconds_ago=90, outcome="acknowledgement_missing"),
        queued(badge_for(person).secret, scan_id="paper-0001", seconds_ago=60, outcome="admitted", desk="Door A")
        | {"acknowledgement": version.pk},
        queued(badge_for(other).secret, scan_id="paper-0002", seconds_ago=50, outcome="admitted")
        | {"acknowledgement": version.pk + 999},
    ]
    answers = sync_offline_scans(summit=summit, staff=staff_user, payload={"list": doors.pk, "scans": scans})
    assert [(a["id"], a["outcome"]) for a in answers] == [
        ("paper-0000", "acknowledgement_missing"),
        ("paper-0001", "admitted"),
        ("paper-0002", "acknowledgement_missing"),
    ]
    assert "acknowledgement" not in answers[1]
    assert (
        answers[2]["acknowledgement"] == "The acknowledgement signed on paper is not this door's: have it signed again."
    )
    accepted = AcknowledgementAcceptance.objects.get(version=version)
    assert (accepted.registration, accepted.method, accepted.collected_by, accepted.desk) == (
        person,
        "desk",
        staff_user,
        "Door A",
    )
    assert SessionAdmission.objects.get(session=door).registration == person
