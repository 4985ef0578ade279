"""The offline desk's server side: its list's snapshot (who may fetch it, what it holds) and
the upload of queued scans (in order, idempotent, earliest wins, bad input refused)."""

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from badges.enums import ListKind
from badges.lists import create_checkin_list, scan_at_list
from badges.models import ListEntry
from badges.services import badge_for, reprint_badge
from tests.factories import CheckinStaffFactory, RegistrationFactory, SummitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit(db):
    today = datetime.now(UTC).date()
    return SummitFactory(start_date=today - timedelta(days=1), end_date=today + timedelta(days=1))


@pytest.fixture
def hall(summit, organizer):
    return create_checkin_list(summit=summit, actor=organizer, name="Main hall", kind=ListKind.HALL)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def snapshot_url(summit, checkin_list):
    return reverse("badges:snapshot", kwargs={"slug": summit.slug, "pk": checkin_list.pk})


def sync(client, summit, body):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(reverse("badges:sync", kwargs={"slug": summit.slug}), data=data, content_type="application/json")


def scan(code, at, *, scan_id, desk="Desk 1", outcome="checked_in"):
    return {"id": scan_id, "code": code, "at": at.isoformat(), "desk": desk, "outcome": outcome}


def test_the_snapshot_holds_keyed_hashes_and_no_contact_or_passport_data(
    staff_client, summit, hall, approved, organizer
):
    approved.user.email = "priya@drdo.example"
    approved.user.save()
    old = badge_for(approved).secret
    reprint_badge(badge_for(approved), actor=organizer)
    new = badge_for(approved).secret
    response = staff_client.get(snapshot_url(summit, hall), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    import gzip

    raw = gzip.decompress(response.content).decode()
    snap = json.loads(raw)
    key = bytes.fromhex(snap["key"])
    expected = hmac.new(key, new.encode(), hashlib.sha256).hexdigest()[:24]
    assert snap["badges"] == [[expected, "Priya Raman", "DRDO", approved.category.name, "", "", "", ""]]
    assert [h for h, _when in snap["revoked"]] == [hmac.new(key, old.encode(), hashlib.sha256).hexdigest()[:24]]
    for secret_or_private in (new, old, "priya@drdo.example", "passport", "phone"):
        assert secret_or_private not in raw
    assert snap["key"] != summit.slug and response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("who", ["anonymous", "attendee", "staff_elsewhere"])
def test_only_this_summits_desk_staff_get_the_snapshot(client, summit, hall, approved, who):
    if who == "attendee":
        client.force_login(approved.user)
    elif who == "staff_elsewhere":
        client.force_login(CheckinStaffFactory(summit=SummitFactory()).user)
    assert client.get(snapshot_url(summit, hall)).status_code in (302, 404)
    if who != "anonymous":
        assert client.get(snapshot_url(summit, hall)).status_code == 404


def test_another_summits_list_is_not_served_under_this_summit(staff_client, summit, organizer):
    other = SummitFactory()
    theirs = create_checkin_list(summit=other, actor=organizer, name="Theirs", kind=ListKind.HALL)
    assert staff_client.get(snapshot_url(summit, theirs)).status_code == 404


def test_no_snapshot_once_the_summit_is_over(staff_client, summit, hall):
    summit.end_date = summit.start_date = timezone.now().date() - timedelta(days=3)
    summit.save()
    assert staff_client.get(snapshot_url(summit, hall)).status_code == 404


def test_queued_scans_are_stored_once_in_time_order(staff_client, summit, hall, approved):
    code = badge_for(approved).secret
    now = timezone.now()
    body = {
        "list": hall.pk,
        "scans": [
            scan(code, now - timedelta(minutes=1), scan_id="scan-bbbbbbbb", outcome="already_checked_in"),
            scan(code, now - timedelta(minutes=5), scan_id="scan-aaaaaaaa"),
            scan("NOSUCHCODE", now - timedelta(minutes=2), scan_id="scan-cccccccc", outcome="unknown"),
        ],
    }
    first = sync(staff_client, summit, body)
    assert first.status_code == 200
    assert [(r["id"], r["stored"], r["outcome"]) for r in first.json()["results"]] == [
        ("scan-aaaaaaaa", "new", "checked_in"),
        ("scan-cccccccc", "new", "unknown"),
        ("scan-bbbbbbbb", "new", "already_checked_in"),
    ]
    replay = sync(staff_client, summit, body)
    assert [(r["id"], r["stored"]) for r in replay.json()["results"]] == [
        ("scan-aaaaaaaa", "duplicate"),
        ("scan-cccccccc", "duplicate"),
        ("scan-bbbbbbbb", "duplicate"),
    ]
    assert ListEntry.objects.filter(checkin_list=hall).count() == 3
    assert ListEntry.objects.get(first=True).client_id == "scan-aaaaaaaa"


def test_two_offline_desks_the_earliest_scan_wins_and_the_other_is_a_conflict(
    client, staff_client, summit, hall, approved, organizer
):
    code = badge_for(approved).secret
    now = timezone.now()
    # Desk B uploads first, but Desk A scanned the badge a minute earlier.
    sync(
        staff_client,
        summit,
        {"list": hall.pk, "scans": [scan(code, now - timedelta(minutes=4), scan_id="desk-b-0001", desk="B")]},
    )
    answer = sync(
        staff_client,
        summit,
        {"list": hall.pk, "scans": [scan(code, now - timedelta(minutes=5), scan_id="desk-a-0001", desk="A")]},
    )
    assert answer.json()["results"][0]["outcome"] == "checked_in"
    entries = {e.client_id: (e.outcome, e.first, e.conflict) for e in ListEntry.objects.all()}
    assert entries == {
        "desk-a-0001": ("checked_in", True, False),
        "desk-b-0001": ("already_checked_in", False, True),
    }

    client.force_login(organizer)
    figures = client.get(reverse("badges:figures", kwargs={"slug": summit.slug})).content.decode()
    assert 'id="offline-conflicts"' in figures
    assert '<th scope="row">Priya Raman</th><td>Main hall</td><td>B</td>' in figures


def test_an_online_scan_after_an_earlier_offline_one_is_the_conflict(staff_client, summit, hall, approved, organizer):
    code = badge_for(approved).secret
    online = scan_at_list(checkin_list=hall, raw_code=code, staff=organizer, desk="Online")
    assert online.outcome == "checked_in"
    earlier = timezone.now() - timedelta(minutes=10)
    sync(
        staff_client, summit, {"list": hall.pk, "scans": [scan(code, earlier, scan_id="offline-0001", desk="Offline")]}
    )
    assert list(ListEntry.objects.order_by("scanned_at").values_list("desk", "first", "conflict")) == [
        ("Offline", True, False),
        ("Online", False, True),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "not json{",
        "[]",
        {"scans": []},
        {"list": "1", "scans": []},
        {"list": True, "scans": []},
        {"list": 1, "scans": "x"},
        {"list": 99999999999999999999999, "scans": []},
    ],
)
def test_a_malformed_upload_is_refused_with_nothing_stored(staff_client, summit, hall, body):
    response = sync(staff_client, summit, body)
    assert response.status_code == 400
    assert response.json()["code"] in {"malformed", "unknown_list"}
    assert ListEntry.objects.count() == 0


def test_a_scan_from_another_summits_list_is_refused(staff_client, summit, organizer):
    other = SummitFactory()
    theirs = create_checkin_list(summit=other, actor=organizer, name="Theirs", kind=ListKind.HALL)
    person = RegistrationFactory(summit=other)
    response = sync(
        staff_client,
        summit,
        {"list": theirs.pk, "scans": [scan(badge_for(person).secret, timezone.now(), scan_id="foreign-0001")]},
    )
    assert (response.status_code, response.json()["code"]) == (400, "unknown_list")
    assert ListEntry.objects.count() == 0


def test_another_summits_badge_in_this_summits_upload_is_an_unknown_code(staff_client, summit, hall):
    person = RegistrationFactory(summit=SummitFactory())
    response = sync(
        staff_client,
        summit,
        {"list": hall.pk, "scans": [scan(badge_for(person).secret, timezone.now(), scan_id="foreign-0002")]},
    )
    assert response.json()["results"][0]["outcome"] == "unknown"
    assert ListEntry.objects.get().registration is None


@pytest.mark.parametrize(
    ("item", "code"),
    [
        ({"id": "future-0001", "code": "ABC", "at": "+1h"}, "future"),
        ({"id": "naive-0001", "code": "ABC", "at": "2026-11-30T10:00:00"}, "bad_time"),
        ({"id": "junk-0001", "code": "ABC", "at": "yesterday"}, "bad_time"),
        ({"id": "x", "code": "ABC", "at": "now"}, "bad_id"),
        ({"id": "noCode-0001", "at": "now"}, "malformed"),
        ({"id": "old-00001", "code": "ABC", "at": "-5d"}, "too_old"),
        ({"id": "badcode-01", "code": "<script>", "at": "now"}, "malformed"),
    ],
)
def test_a_bad_scan_is_refused_on_its_own(staff_client, summit, hall, approved, item, code):
    now = timezone.now()
    moments = {"+1h": now + timedelta(hours=1), "-5d": now - timedelta(days=5), "now": now}
    if item.get("at") in moments:
        item = {**item, "at": moments[item["at"]].isoformat()}
    good = scan(badge_for(approved).secret, now, scan_id="good-00001")
    response = sync(staff_client, summit, {"list": hall.pk, "scans": [item, good]})
    assert response.status_code == 200
    results = {r["id"]: r for r in response.json()["results"]}
    assert results[item["id"]]["stored"] == "refused" and results[item["id"]]["code"] == code
    assert results["good-00001"]["stored"] == "new"
    assert list(ListEntry.objects.values_list("client_id", flat=True)) == ["good-00001"]


def test_the_sync_endpoint_is_for_this_summits_desk_staff_only(client, summit, hall):
    client.force_login(CheckinStaffFactory(summit=SummitFactory()).user)
    assert sync(client, summit, {"list": hall.pk, "scans": []}).status_code == 404
