"""Itinerary items: wall-clock times in their own zones, stored in UTC, and the rules that refuse bad ones."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conclave.timezones import zone_label
from delegations.forms import ItemForm
from delegations.models import ItineraryItem
from delegations.services import add_itinerary_item, update_itinerary_item
from summits.screening.eligibility import SessionAccess
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def form(delegation, **data):
    base = {"kind": "meeting", "title": "Meeting", "everyone": "on"}
    return ItemForm({**base, **data}, delegation=delegation, access=SessionAccess())


def test_flight_washington_to_delhi_is_stored_as_exact_utc_instants(delegation, organizer):
    f = form(
        delegation,
        kind="flight",
        title="AI 104",
        starts_at="2027-02-14T21:40",
        start_tz="America/New_York",
        ends_at="2027-02-16T00:05",
        end_tz="Asia/Kolkata",
        start_place="IAD",
        end_place="DEL",
    )
    assert f.is_valid(), f.errors
    item = add_itinerary_item(delegation, actor=organizer, participants=[], **f.item_fields())
    item.refresh_from_db()
    assert item.starts_at == datetime(2027, 2, 15, 2, 40, tzinfo=UTC)  # EST is UTC-5
    assert item.ends_at == datetime(2027, 2, 15, 18, 35, tzinfo=UTC)  # IST is UTC+5:30
    assert item.ends_at - item.starts_at == timedelta(hours=15, minutes=55)
    assert (item.local_start.isoformat(), item.local_end.isoformat()) == (
        "2027-02-14T21:40:00-05:00",
        "2027-02-16T00:05:00+05:30",
    )


def test_a_flight_across_the_spring_forward_night_has_the_true_duration(delegation, organizer):
    # Leaves Delhi Saturday night, lands in New York the Sunday morning the clocks go forward.
    f = form(
        delegation,
        kind="flight",
        title="AI 105",
        starts_at="2027-03-13T23:00",
        start_tz="Asia/Kolkata",
        ends_at="2027-03-14T05:30",
        end_tz="America/New_York",
    )
    assert f.is_valid(), f.errors
    item = add_itinerary_item(delegation, actor=organizer, participants=[], **f.item_fields())
    assert item.starts_at == datetime(2027, 3, 13, 17, 30, tzinfo=UTC)
    assert item.ends_at == datetime(2027, 3, 14, 9, 30, tzinfo=UTC)  # EDT, UTC-4, already
    assert item.ends_at - item.starts_at == timedelta(hours=16)
    assert zone_label("America/New_York", item.ends_at) == "America/New_York, UTC-04:00"
    assert zone_label("America/New_York", item.ends_at - timedelta(days=1)) == "America/New_York, UTC-05:00"


def test_a_flight_across_the_date_line_lands_earlier_on_the_clock_and_is_accepted(delegation, organizer):
    # Tokyo 18:00 on the 20th to Los Angeles 11:00 the same day: later in UTC, earlier on the wall clock.
    f = form(
        delegation,
        kind="flight",
        title="NH 6",
        starts_at="2027-02-20T18:00",
        start_tz="Asia/Tokyo",
        ends_at="2027-02-20T11:00",
        end_tz="America/Los_Angeles",
    )
    assert f.is_valid(), f.errors
    item = add_itinerary_item(delegation, actor=organizer, participants=[], **f.item_fields())
    assert item.starts_at == datetime(2027, 2, 20, 9, 0, tzinfo=UTC)
    assert item.ends_at == datetime(2027, 2, 20, 19, 0, tzinfo=UTC)


def test_the_other_way_across_the_date_line_arrives_two_calendar_days_later(delegation, organizer):
    f = form(
        delegation,
        kind="flight",
        title="NZ 1",
        starts_at="2027-02-20T21:30",
        start_tz="America/Los_Angeles",
        ends_at="2027-02-22T07:00",
        end_tz="Pacific/Auckland",
    )
    assert f.is_valid(), f.errors
    item = add_itinerary_item(delegation, actor=organizer, participants=[], **f.item_fields())
    assert item.ends_at - item.starts_at == timedelta(hours=12, minutes=30)


def test_an_item_that_ends_before_it_starts_once_zones_are_applied_is_refused_at_the_end_field(delegation):
    # 10:00 in Kolkata is 04:30 UTC; 00:00 in New York that same day is 05:00 UTC... but 23:00 the day
    # before is 04:00 UTC: before the start.
    f = form(
        delegation,
        kind="flight",
        title="XX 1",
        starts_at="2027-02-17T10:00",
        start_tz="Asia/Kolkata",
        ends_at="2027-02-16T23:00",
        end_tz="America/New_York",
    )
    assert not f.is_valid()
    assert list(f.errors) == ["ends_at"]
    assert "ends before it starts" in f.errors["ends_at"][0]


def test_a_flight_without_arrival_zone_is_refused_at_that_field(delegation):
    f = form(
        delegation,
        kind="flight",
        title="AI 104",
        starts_at="2027-02-14T21:40",
        start_tz="America/New_York",
        ends_at="2027-02-16T00:05",
    )
    assert not f.is_valid()
    assert f.errors["end_tz"] == ["A flight needs its arrival time zone."]


def test_the_service_refuses_the_same_rules_without_the_form(delegation, organizer):
    start = datetime(2027, 2, 15, 2, 40, tzinfo=UTC)
    with pytest.raises(ValidationError) as excinfo:
        add_itinerary_item(
            delegation,
            actor=organizer,
            kind="flight",
            title="AI 104",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            start_tz="America/New_York",
            end_tz="",
        )
    assert excinfo.value.message_dict == {"end_tz": ["A flight needs its arrival time zone."]}
    with pytest.raises(ValidationError) as excinfo:
        add_itinerary_item(
            delegation,
            actor=organizer,
            kind="meeting",
            title="Back to the future",
            starts_at=start,
            ends_at=start - timedelta(minutes=1),
            start_tz="Asia/Kolkata",
        )
    assert list(excinfo.value.message_dict) == ["ends_at"]
    assert not ItineraryItem.objects.exists()


def test_the_database_refuses_them_too(delegation):
    start = datetime(2027, 2, 15, 2, 40, tzinfo=UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        ItineraryItem.objects.create(
            delegation=delegation, kind="flight", starts_at=start, ends_at=start, start_tz="UTC", end_tz=""
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ItineraryItem.objects.create(
            delegation=delegation, kind="meal", starts_at=start, ends_at=start - timedelta(hours=1), start_tz="UTC"
        )


def test_an_invalid_form_answers_400_keeps_what_was_typed_and_names_the_field(client, delegation, lead):
    client.force_login(lead)
    data = {
        "kind": "flight",
        "title": "AI 104",
        "starts_at": "2027-02-14T21:40",
        "start_tz": "America/New_York",
        "ends_at": "2027-02-16T00:05",
        "end_tz": "",
        "start_place": "IAD",
        "everyone": "on",
    }
    response = client.post(f"/delegations/{delegation.pk}/itinerary/add/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_end_tz_error"' in html and "A flight needs its arrival time zone." in html
    assert 'value="2027-02-14T21:40"' in html and 'value="IAD"' in html


def test_a_summit_session_on_the_itinerary_is_linked_and_follows_its_moves(delegation, organizer):
    session = SessionFactory(summit=delegation.summit, title="Opening plenary")
    item = add_itinerary_item(delegation, actor=organizer, kind="session", session=session)
    assert (item.title, item.start_tz, item.starts_at) == ("", "Asia/Kolkata", session.starts_at)
    from summits.agenda.scheduling import update_session

    new_start = session.starts_at + timedelta(hours=2)
    update_session(session, actor=organizer, starts_at=new_start, ends_at=new_start + timedelta(hours=1))
    from delegations.queries import delegation_entries

    [entry] = delegation_entries(delegation, SessionAccess(is_organizer=True))
    assert (entry.title, entry.starts_at) == ("Opening plenary", new_start)


def test_a_session_from_another_summit_is_refused(delegation, organizer):
    other = SessionFactory()
    with pytest.raises(ValidationError) as excinfo:
        add_itinerary_item(delegation, actor=organizer, kind="session", session=other)
    assert list(excinfo.value.message_dict) == ["session"]


def test_editing_an_item_raises_its_sequence(delegation, organizer):
    start = datetime(2027, 2, 15, 4, tzinfo=UTC)
    item = add_itinerary_item(
        delegation,
        actor=organizer,
        kind="meal",
        title="Dinner",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        start_tz="Asia/Kolkata",
    )
    update_itinerary_item(item, actor=organizer, title="Dinner at the residence")
    item.refresh_from_db()
    assert (item.sequence, item.title) == (1, "Dinner at the residence")


def test_the_session_choice_offers_a_lead_only_the_sessions_they_may_see(client, delegation, lead, organizer):
    SessionFactory(summit=delegation.summit, title="ITAR licensing deep dive", restriction="us_persons")
    SessionFactory(summit=delegation.summit, title="Opening plenary")
    client.force_login(lead)
    html = client.get(f"/delegations/{delegation.pk}/itinerary/add/").content.decode()
    assert "Opening plenary" in html and "ITAR" not in html and "Closed session" not in html
    client.force_login(organizer)
    assert "ITAR licensing deep dive" in client.get(f"/delegations/{delegation.pk}/itinerary/add/").content.decode()


def test_the_lead_edits_a_flight_in_its_own_zones_and_removes_an_item(client, delegation, lead):
    start = datetime(2027, 2, 15, 2, 40, tzinfo=UTC)
    item = add_itinerary_item(
        delegation,
        actor=lead,
        kind="flight",
        title="AI 104",
        starts_at=start,
        ends_at=start + timedelta(hours=16),
        start_tz="America/New_York",
        end_tz="Asia/Kolkata",
    )
    client.force_login(lead)
    page = client.get(f"/delegations/{delegation.pk}/itinerary/{item.pk}/edit/").content.decode()
    assert 'value="2027-02-14T21:40"' in page  # shown in the departure zone, not UTC
    assert 'value="2027-02-16T00:10"' in page  # and the arrival in the arrival zone (18:40 UTC)
    response = client.post(
        f"/delegations/{delegation.pk}/itinerary/{item.pk}/edit/",
        {
            "kind": "flight",
            "title": "AI 104",
            "starts_at": "2027-02-14T22:10",
            "start_tz": "America/New_York",
            "ends_at": "2027-02-16T00:35",
            "end_tz": "Asia/Kolkata",
            "everyone": "on",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.starts_at, item.ends_at, item.sequence) == (
        datetime(2027, 2, 15, 3, 10, tzinfo=UTC),
        datetime(2027, 2, 15, 19, 5, tzinfo=UTC),
        1,
    )
    assert client.post(f"/delegations/{delegation.pk}/itinerary/{item.pk}/delete/").status_code == 302
    assert not ItineraryItem.objects.filter(pk=item.pk).exists()


def test_an_item_for_chosen_members_only(client, delegation, lead, member, make_member):
    other = make_member("other@example.org")
    client.force_login(lead)
    response = client.post(
        f"/delegations/{delegation.pk}/itinerary/add/",
        {
            "kind": "meeting",
            "title": "Investor breakfast",
            "starts_at": "2027-02-17T08:00",
            "start_tz": "Asia/Kolkata",
            "ends_at": "2027-02-17T09:00",
            "participants": [member.pk],
        },
    )
    assert response.status_code == 302
    item = ItineraryItem.objects.get(title="Investor breakfast")
    assert (item.everyone, list(item.participants.all())) == (False, [member])
    assert "Maya Member" in client.get(f"/delegations/{delegation.pk}/itinerary/").content.decode()
    assert other not in item.participants.all()
