"""Exits at lists that track them (online and from an offline desk's queue), and one list's
figures and CSV by category, day and outcome, with who is inside now."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from badges.enums import ListKind
from badges.lists import create_checkin_list, scan_at_list
from badges.models import ListEntry
from badges.services import badge_for
from badges.snapshot import list_snapshot
from tests.factories import CategoryFactory, RegistrationFactory, SummitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit(db):
    today = datetime.now(UTC).date()
    return SummitFactory(start_date=today - timedelta(days=1), end_date=today + timedelta(days=1))


@pytest.fixture
def hall(summit, organizer):
    return create_checkin_list(summit=summit, actor=organizer, name="Hall A", kind=ListKind.HALL, track_exits=True)


def minutes_ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


def test_an_exit_marks_the_person_out_and_lets_them_back_in(hall, approved, organizer):
    code = badge_for(approved).secret

    def at_hall(minutes, exit=False, desk="North"):
        return scan_at_list(
            checkin_list=hall, raw_code=code, staff=organizer, desk=desk, at=minutes_ago(minutes), exit=exit
        )

    assert at_hall(50, exit=True).outcome == "not_inside"
    assert at_hall(40).outcome == "checked_in"
    again = at_hall(35, desk="South")
    assert again.outcome == "already_checked_in" and again.message.endswith("by North.")
    left = at_hall(30, exit=True, desk="Exit")
    assert (left.outcome, left.tone) == ("exited", "ok")
    assert at_hall(25, exit=True).outcome == "not_inside"
    assert at_hall(20).outcome == "checked_in"  # back in after leaving
    assert list(ListEntry.objects.filter(checkin_list=hall).values_list("outcome", "first", "exit")) == [
        ("not_inside", False, True),
        ("checked_in", True, False),
        ("already_checked_in", False, False),
        ("exited", False, True),
        ("not_inside", False, True),
        ("checked_in", False, False),
    ]
    snap = list_snapshot(hall)
    assert snap["exits"] is True and snap["badges"][0][-1] == "in"


def test_a_list_without_exits_refuses_an_exit_desk(client, summit, organizer, approved):
    hall = create_checkin_list(summit=summit, actor=organizer, name="Plain", kind=ListKind.HALL)
    client.force_login(organizer)
    response = client.post(
        reverse("badges:scan", kwargs={"slug": summit.slug}),
        {"code": badge_for(approved).secret, "list": hall.pk, "direction": "out"},
        HTTP_ACCEPT="application/json",
    )
    assert (response.status_code, response.json()["message"]) == (400, "This list does not record exits.")
    scans = [{"id": "exit-00001", "code": badge_for(approved).secret, "at": timezone.now().isoformat(), "exit": True}]
    answer = client.post(
        reverse("badges:sync", kwargs={"slug": summit.slug}),
        json.dumps({"list": hall.pk, "scans": scans}),
        content_type="application/json",
    )
    assert answer.json()["results"] == [
        {"id": "exit-00001", "stored": "refused", "code": "no_exits", "message": "This list does not record exits."}
    ]
    assert ListEntry.objects.count() == 0


def test_offline_exits_and_entries_sync_in_time_order(client, summit, hall, approved, staff_user):
    code = badge_for(approved).secret
    scans = [
        {"id": "ex-000003", "code": code, "at": minutes_ago(10).isoformat(), "desk": "In"},
        {"id": "ex-000001", "code": code, "at": minutes_ago(30).isoformat(), "desk": "In"},
        {"id": "ex-000002", "code": code, "at": minutes_ago(20).isoformat(), "desk": "Out", "exit": True},
    ]
    client.force_login(staff_user)
    response = client.post(
        reverse("badges:sync", kwargs={"slug": summit.slug}),
        json.dumps({"list": hall.pk, "scans": scans}),
        content_type="application/json",
    )
    assert [(r["id"], r["outcome"]) for r in response.json()["results"]] == [
        ("ex-000001", "checked_in"),
        ("ex-000002", "exited"),
        ("ex-000003", "checked_in"),
    ]


def test_a_lists_figures_by_category_day_and_outcome_with_who_is_inside(client, summit, hall, organizer, category):
    speakers = CategoryFactory(summit=summit, name="Speaker")
    inside = RegistrationFactory(summit=summit, category=category, badge_name="Asha Inside")
    left = RegistrationFactory(summit=summit, category=speakers, badge_name="Ben Left")
    pending = RegistrationFactory(summit=summit, category=speakers, status="pending")
    for person, minutes in ((inside, 30), (left, 25)):
        scan_at_list(checkin_list=hall, raw_code=badge_for(person).secret, staff=organizer, at=minutes_ago(minutes))
    scan_at_list(checkin_list=hall, raw_code=badge_for(left).secret, staff=organizer, at=minutes_ago(5), exit=True)
    scan_at_list(checkin_list=hall, raw_code=badge_for(pending).secret, staff=organizer, at=minutes_ago(4))
    scan_at_list(checkin_list=hall, raw_code=badge_for(inside).secret, staff=organizer, at=minutes_ago(3))

    url = reverse("badges:list-figures", kwargs={"slug": summit.slug, "pk": hall.pk})
    client.force_login(organizer)
    html = client.get(url).content.decode()
    assert '<span class="figure" id="inside-now">1</span>' in html
    assert f'<tr><th scope="row">{category.name}</th><td>1</td><td>1</td><td>2</td></tr>' in html
    assert '<tr><th scope="row">Speaker</th><td>1</td><td>1</td><td>3</td></tr>' in html
    assert '<tr data-outcome="checked_in"><th scope="row">Checked in</th><td>2</td></tr>' in html

    rows = list(csv.reader(io.StringIO(client.get(url + "figures.csv").content.decode())))
    assert rows[0] == ["by", "value", "approved", "people counted", "scans", "exits", "refused"]
    assert ["category", "Speaker", "1", "1", "3", "", ""] in rows
    day = f"{timezone.now().astimezone(summit.tz):%Y-%m-%d}"
    if minutes_ago(30).astimezone(summit.tz).date() == timezone.now().astimezone(summit.tz).date():
        assert [f"day ({summit.timezone})", day, "", "2", "5", "1", "1"] in rows
    assert sorted(r[1:5] for r in rows if r[0] == "outcome") == sorted(
        [
            ["already_checked_in", "", "", "1"],
            ["checked_in", "", "", "2"],
            ["exited", "", "", "1"],
            ["not_approved", "", "", "1"],
        ]
    )
    assert ["inside now", "", "", "1", "", "", ""] in rows


def test_a_lists_figures_are_for_this_summits_organizers_only(client, summit, hall, staff_user, organizer):
    url = reverse("badges:list-figures", kwargs={"slug": summit.slug, "pk": hall.pk})
    client.force_login(staff_user)
    assert client.get(url).status_code == 404
    assert client.get(url + "figures.csv").status_code == 404
    other = SummitFactory()
    other.organizers.add(organizer)
    client.force_login(organizer)
    theirs = reverse("badges:list-figures", kwargs={"slug": other.slug, "pk": hall.pk})
    assert client.get(theirs).status_code == 404
