"""Check-in lists: per-day entrances, session doors, categories, windows, re-entry; the lists
page, its CSV, and the migration that moves existing check-ins and admissions to lists."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from badges.enums import ListKind
from badges.lists import create_checkin_list, create_entrance_lists, scan_at_list
from badges.models import Checkin, CheckinList, ListEntry, SessionAdmission
from badges.services import badge_for
from summits.enums import Restriction
from tests.factories import CategoryFactory, CheckinStaffFactory, RegistrationFactory, SessionFactory, SummitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit(db):
    """A two-day summit in Kolkata whose first day is today there."""
    today = datetime.now(SummitFactory._meta.model(timezone="Asia/Kolkata").tz).date()
    return SummitFactory(start_date=today, end_date=today + timedelta(days=1))


def at(summit, day_offset, hour, minute=0):
    day = summit.start_date + timedelta(days=day_offset)
    return datetime.combine(day, datetime.min.time(), tzinfo=summit.tz).replace(hour=hour, minute=minute)


@pytest.fixture
def entrances(summit, organizer):
    return create_entrance_lists(summit=summit, actor=organizer)


def test_each_summit_day_gets_one_entrance_list_from_midnight_to_midnight(summit, organizer, entrances):
    assert [(e.kind, e.day, e.opens_at, e.closes_at) for e in entrances] == [
        (ListKind.ENTRANCE, summit.start_date, at(summit, 0, 0), at(summit, 1, 0)),
        (ListKind.ENTRANCE, summit.end_date, at(summit, 1, 0), at(summit, 2, 0)),
    ]
    assert create_entrance_lists(summit=summit, actor=organizer) == []


def test_a_second_days_entrance_is_a_fresh_check_in(summit, approved, organizer, entrances):
    day1, day2 = entrances
    code = badge_for(approved).secret
    first = scan_at_list(checkin_list=day1, raw_code=code, staff=organizer, desk="North", at=at(summit, 0, 9, 12))
    again = scan_at_list(checkin_list=day1, raw_code=code, staff=organizer, desk="South", at=at(summit, 0, 11))
    second_day = scan_at_list(checkin_list=day2, raw_code=code, staff=organizer, desk="North", at=at(summit, 1, 8, 30))

    assert (first.outcome, first.message) == ("checked_in", "Welcome! Checked in at 09:12.")
    assert (again.outcome, again.message) == ("already_checked_in", "Already checked in at 09:12 by North.")
    assert (second_day.outcome, second_day.message) == ("checked_in", "Welcome! Checked in at 08:30.")
    # The summit-wide arrival is still the first one.
    checkin = Checkin.objects.get(registration=approved)
    assert (checkin.created, checkin.desk) == (at(summit, 0, 9, 12), "North")
    assert ListEntry.objects.filter(registration=approved, first=True).count() == 2


def test_a_list_for_some_categories_and_outside_its_window_denies(summit, category, organizer):
    speakers = CategoryFactory(summit=summit, name="Speaker")
    hall = create_checkin_list(
        summit=summit, actor=organizer, name="Speakers' lounge", kind=ListKind.HALL, categories=[speakers]
    )
    delegate = RegistrationFactory(summit=summit, category=category)
    speaker = RegistrationFactory(summit=summit, category=speakers)
    denied = scan_at_list(checkin_list=hall, raw_code=badge_for(delegate).secret, staff=organizer)
    assert (denied.outcome, denied.message) == ("not_on_list", f"Deny: {category.name} does not enter here.")
    assert scan_at_list(checkin_list=hall, raw_code=badge_for(speaker).secret, staff=organizer).outcome == "checked_in"

    day1 = create_entrance_lists(summit=summit, actor=organizer)[0]
    late = scan_at_list(checkin_list=day1, raw_code=badge_for(speaker).secret, staff=organizer, at=at(summit, 1, 0, 5))
    assert late.outcome == "outside_window"
    assert late.message == f"Deny: this entrance is open {at(summit, 0, 0):%d %b} 00:00–{at(summit, 1, 0):%d %b} 00:00."


def test_a_session_door_opens_30_minutes_before_and_admits_only_the_eligible(summit, category, organizer):
    session = SessionFactory(summit=summit, restriction=Restriction.US_PERSONS, starts_at=at(summit, 0, 14))
    door = create_checkin_list(
        summit=summit, actor=organizer, name="Closed door", kind=ListKind.SESSION, session=session
    )
    us = RegistrationFactory(summit=summit, category=category, is_us_person=True, country_of_citizenship="US")
    other = RegistrationFactory(summit=summit, category=category)
    assert (door.opens_at, door.closes_at) == (at(summit, 0, 13, 30), at(summit, 0, 15))

    early = scan_at_list(checkin_list=door, raw_code=badge_for(us).secret, staff=organizer, at=at(summit, 0, 13, 29))
    assert early.outcome == "outside_window"
    admitted = scan_at_list(checkin_list=door, raw_code=badge_for(us).secret, staff=organizer, at=at(summit, 0, 13, 30))
    assert (admitted.outcome, admitted.message) == ("admitted", "Admit.")
    denied = scan_at_list(checkin_list=door, raw_code=badge_for(other).secret, staff=organizer, at=at(summit, 0, 14))
    assert denied.outcome == "not_eligible"
    assert list(SessionAdmission.objects.values_list("registration", flat=True)) == [us.pk]


def test_re_entry_records_every_entry_and_counts_one(summit, approved, organizer):
    hall = create_checkin_list(summit=summit, actor=organizer, name="Hall B", kind=ListKind.HALL, allow_reentry=True)
    code = badge_for(approved).secret
    outcomes = [scan_at_list(checkin_list=hall, raw_code=code, staff=organizer).outcome for _ in range(3)]
    assert outcomes == ["checked_in"] * 3
    assert list(ListEntry.objects.filter(checkin_list=hall).values_list("first", flat=True)) == [True, False, False]


def test_the_lists_page_is_for_organizers_and_its_csv_lists_every_entry(client, summit, approved, organizer, entrances):
    staff = CheckinStaffFactory(summit=summit).user
    page = reverse("badges:lists", kwargs={"slug": summit.slug})
    client.force_login(staff)
    assert client.get(page).status_code == 404
    client.force_login(organizer)
    response = client.post(page, {"name": "VIP lounge", "kind": "hall", "allow_reentry": "on"})
    assert response.status_code == 302
    refused = client.post(page, {"name": "Door", "kind": "session"})
    assert refused.status_code == 400
    assert "A session&#x27;s list needs one of this summit&#x27;s sessions." in refused.content.decode()
    assert list(CheckinList.objects.filter(summit=summit).values_list("name", flat=True)) == [
        "VIP lounge",
        entrances[0].name,
        entrances[1].name,
    ]

    scan_at_list(
        checkin_list=entrances[0],
        raw_code=badge_for(approved).secret,
        staff=organizer,
        desk="North",
        at=at(summit, 0, 9, 12),
    )
    rows = list(csv.reader(io.StringIO(client.get(f"{page}{entrances[0].pk}/export.csv").content.decode())))
    assert rows == [
        [
            "name",
            "organisation",
            "category",
            "outcome",
            "counted",
            "scanned (Asia/Kolkata)",
            "desk",
            "offline",
            "conflict",
            "exit",
        ],
        [
            "Priya Raman",
            "DRDO",
            approved.category.name,
            "checked_in",
            "yes",
            f"{at(summit, 0, 9, 12):%Y-%m-%d} 09:12:00",
            "North",
            "no",
            "no",
            "no",
        ],
    ]
    listed = client.get(page).content.decode()
    assert f'<tr data-list="{entrances[0].pk}">' in listed
    other = SummitFactory()
    assert (
        client.get(f"{page}{create_entrance_lists(summit=other, actor=organizer)[0].pk}/export.csv").status_code == 404
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_check_ins_and_admissions_to_lists_without_loss(summit, category, organizer):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("badges")
    executor.migrate([("badges", "0002_checkin_lists")])
    session = SessionFactory(summit=summit, starts_at=at(summit, 0, 14))
    people = [RegistrationFactory(summit=summit, category=category) for _ in range(3)]
    for person, moment in zip(people, [at(summit, 0, 9), at(summit, 0, 23, 50), at(summit, 1, 8)], strict=True):
        checkin = Checkin.objects.create(summit=summit, registration=person, desk="North", staff=organizer)
        Checkin.objects.filter(pk=checkin.pk).update(created=moment)
    admission = SessionAdmission.objects.create(session=session, registration=people[0], desk="Door A")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)

    lists = list(CheckinList.objects.filter(summit=summit).order_by("kind", "day"))
    assert [(cl.kind, cl.day, cl.session_id) for cl in lists] == [
        ("entrance", summit.start_date, None),
        ("entrance", summit.end_date, None),
        ("session", None, session.pk),
    ]
    assert sorted(
        ListEntry.objects.values_list("checkin_list__kind", "registration", "scanned_at", "desk", "first")
    ) == sorted(
        [
            ("entrance", people[0].pk, at(summit, 0, 9), "North", True),
            ("entrance", people[1].pk, at(summit, 0, 23, 50), "North", True),
            ("entrance", people[2].pk, at(summit, 1, 8), "North", True),
            ("session", people[0].pk, admission.created, "Door A", True),
        ]
    )
    assert lists[2].opens_at == session.starts_at - timedelta(minutes=30)
    # The old rows stay.
    assert Checkin.objects.count() == 3 and SessionAdmission.objects.count() == 1


@pytest.mark.parametrize("count", [1, 20])
def test_the_lists_page_and_the_desk_cost_the_same_queries_for_1_or_20_lists(
    client, summit, category, organizer, count, django_assert_max_num_queries
):
    for i in range(count):
        hall = create_checkin_list(
            summit=summit, actor=organizer, name=f"Hall {i}", kind=ListKind.HALL, categories=[category]
        )
        person = RegistrationFactory(summit=summit, category=category)
        scan_at_list(checkin_list=hall, raw_code=badge_for(person).secret, staff=organizer)
    client.force_login(organizer)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("badges:lists", kwargs={"slug": summit.slug}))
    assert page.content.decode().count('class="list-entered">1</td>') == count
    with django_assert_max_num_queries(9):
        desk = client.get(reverse("badges:desk", kwargs={"slug": summit.slug}) + f"?list={hall.pk}")
    assert f'<option value="{hall.pk}" selected>Hall {count - 1}</option>' in desk.content.decode()


def test_a_summit_archive_carries_its_lists_and_entries_without_keys_or_scan_ids(summit, approved, organizer):
    import json

    from archive.queries import export_summit_json
    from archive.services import import_summit
    from badges.sync import sync_offline_scans

    hall = create_checkin_list(
        summit=summit, actor=organizer, name="Hall", kind=ListKind.HALL, categories=[approved.category]
    )
    scan = {"id": "archived-0001", "code": badge_for(approved).secret, "at": datetime.now(summit.tz).isoformat()}
    sync_offline_scans(summit=summit, staff=organizer, payload={"list": hall.pk, "scans": [scan]})
    data = export_summit_json(summit)
    assert hall.snapshot_key not in data and "archived-0001" not in data

    copy = import_summit(json.loads(data), slug="copy-of-the-summit")

    [copied] = CheckinList.objects.filter(summit=copy)
    assert (copied.name, [c.name for c in copied.categories.all()]) == ("Hall", [approved.category.name])
    assert copied.snapshot_key != hall.snapshot_key and len(copied.snapshot_key) == 64
    assert list(
        ListEntry.objects.filter(checkin_list=copied).values_list("outcome", "first", "offline", "client_id")
    ) == [("checked_in", True, True, None)]
