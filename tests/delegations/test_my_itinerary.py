"""'My itinerary': a member's items merged with their confirmed session sign-ups, clashes flagged."""

from datetime import UTC, datetime

import pytest

from delegations.queries import my_itinerary
from delegations.services import add_itinerary_item, plan_site_visit, remove_member
from summits.models import Registration, SessionSignup
from tests.factories import DelegationFactory, MembershipFactory, OrganisationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def at(day, hh, mm=0):
    return datetime(2027, 2, day, hh, mm, tzinfo=UTC)


@pytest.fixture
def roundtable(summit, member):
    session = SessionFactory(
        summit=summit,
        title="Counter-drone systems",
        kind="roundtable",
        needs_signup=True,
        starts_at=at(17, 5, 30),
        ends_at=at(17, 7),
    )  # 11:00–12:30 in Kolkata
    SessionSignup.objects.create(session=session, registration=Registration.objects.get(user=member.user))
    return session


def visit(delegation, lead, start, end, **extra):
    return plan_site_visit(
        delegation,
        actor=lead,
        new_trip={"name": "Bengaluru startups", "city": "Bengaluru"},
        host=OrganisationFactory(name="Tonbo Imaging"),
        starts_at=start,
        ends_at=end,
        start_tz="Asia/Kolkata",
        address="Electronic City, Bengaluru",
        **extra,
    )


def test_a_site_visit_overlapping_a_signed_up_roundtable_is_flagged_on_both(delegation, lead, member, roundtable):
    visit(delegation, lead, at(17, 6), at(17, 8))
    _, entries = my_itinerary(member.user, delegation.summit)
    by_title = {e.title: e for e in entries}
    assert set(by_title) == {"Site visit: Tonbo Imaging", "Counter-drone systems"}
    assert by_title["Site visit: Tonbo Imaging"].clashes == ["Overlaps “Counter-drone systems”"]
    assert by_title["Counter-drone systems"].clashes == ["Overlaps “Site visit: Tonbo Imaging”"]
    assert by_title["Counter-drone systems"].signed_up


def test_a_flight_that_lands_after_a_meeting_starts_is_flagged(delegation, lead, member):
    add_itinerary_item(
        delegation,
        actor=lead,
        kind="flight",
        title="6E 6011",
        starts_at=at(18, 2, 30),
        ends_at=at(18, 4, 15),
        start_tz="Asia/Kolkata",
        end_tz="Asia/Kolkata",
        start_place="BLR",
        end_place="HYD",
    )
    add_itinerary_item(
        delegation,
        actor=lead,
        kind="meeting",
        title="T-Hub welcome",
        starts_at=at(18, 4),
        ends_at=at(18, 5),
        start_tz="Asia/Kolkata",
    )
    _, entries = my_itinerary(member.user, delegation.summit)
    flight = next(e for e in entries if e.kind == "flight")
    assert flight.clashes == ["Arrives 15 min after “T-Hub welcome” starts"]


def test_back_to_back_items_and_hotel_stays_are_no_clash(delegation, lead, member, roundtable):
    add_itinerary_item(
        delegation,
        actor=lead,
        kind="meeting",
        title="Before",
        starts_at=at(17, 4),
        ends_at=at(17, 5, 30),
        start_tz="Asia/Kolkata",
    )
    add_itinerary_item(
        delegation,
        actor=lead,
        kind="hotel",
        title="Taj West End",
        starts_at=at(16, 9),
        ends_at=at(19, 6),
        start_tz="Asia/Kolkata",
    )
    _, entries = my_itinerary(member.user, delegation.summit)
    assert [e.clashes for e in entries] == [[], [], []]


def test_each_item_is_shown_in_its_own_zone_and_days_follow_local_dates(client, delegation, lead, member):
    add_itinerary_item(
        delegation,
        actor=lead,
        kind="flight",
        title="AI 104",
        starts_at=at(15, 2, 40),
        ends_at=at(15, 18, 35),
        start_tz="America/New_York",
        end_tz="Asia/Kolkata",
        start_place="IAD",
        end_place="DEL",
    )
    client.force_login(member.user)
    html = client.get(f"/delegations/my/{delegation.summit.slug}/").content.decode()
    assert "Sunday 14 February 2027" in html  # departure day in Washington
    assert "21:40" in html and "America/New_York, UTC-05:00" in html
    assert "Tue 16 Feb 00:05" in html and "Asia/Kolkata, UTC+05:30" in html


def test_only_my_items_and_only_confirmed_signups(delegation, lead, member, make_member, summit):
    other = make_member("other@example.org")
    add_itinerary_item(
        delegation,
        actor=lead,
        kind="meeting",
        title="Just the other",
        starts_at=at(17, 4),
        ends_at=at(17, 5),
        start_tz="Asia/Kolkata",
        everyone=False,
        participants=[other],
    )
    waitlisted = SessionFactory(summit=summit, title="Full roundtable")
    SessionSignup.objects.create(
        session=waitlisted, registration=Registration.objects.get(user=member.user), status="waitlisted"
    )
    _, entries = my_itinerary(member.user, summit)
    assert entries == []


def test_a_member_of_two_delegations_sees_both_labelled(client, delegation, lead, member):
    second = DelegationFactory(summit=delegation.summit, name="Space startups", category=delegation.category)
    MembershipFactory(delegation=second, user=member.user)
    add_itinerary_item(
        delegation,
        actor=lead,
        kind="meal",
        title="Breakfast",
        starts_at=at(16, 3),
        ends_at=at(16, 4),
        start_tz="Asia/Kolkata",
    )
    add_itinerary_item(
        second,
        actor=second.lead,
        kind="meeting",
        title="ISRO call",
        starts_at=at(16, 6),
        ends_at=at(16, 7),
        start_tz="Asia/Kolkata",
    )
    client.force_login(member.user)
    html = client.get(f"/delegations/my/{delegation.summit.slug}/").content.decode()
    assert 'itin-label">U.S. industry delegation</strong>' in html and 'itin-label">Space startups</strong>' in html
    assert "Breakfast" in html and "ISRO call" in html


def test_a_removed_member_no_longer_has_the_items(delegation, lead, member):
    add_itinerary_item(
        delegation,
        actor=lead,
        kind="meal",
        title="Breakfast",
        starts_at=at(16, 3),
        ends_at=at(16, 4),
        start_tz="Asia/Kolkata",
    )
    remove_member(member, actor=lead)
    assert my_itinerary(member.user, delegation.summit) == ([], [])


def test_a_restricted_session_the_member_may_not_see_is_closed_everywhere(client, delegation, lead, member):
    session = SessionFactory(summit=delegation.summit, title="ITAR deep dive", restriction="us_persons")
    add_itinerary_item(delegation, actor=lead, kind="session", session=session)
    client.force_login(member.user)  # a citizen of India, not a U.S. person
    for url in (f"/delegations/my/{delegation.summit.slug}/", f"/delegations/{delegation.pk}/itinerary/"):
        html = client.get(url).content.decode()
        assert "Closed session" in html and "ITAR" not in html
    client.force_login(lead)  # the lead is no organizer and not registered: closed too
    assert "ITAR" not in client.get(f"/delegations/{delegation.pk}/itinerary/").content.decode()


def test_the_lead_moves_a_visit_changes_who_goes_and_records_the_outcome(client, delegation, lead, member, make_member):
    other = make_member("other@example.org")
    planned = visit(delegation, lead, at(17, 6), at(17, 8))
    client.force_login(lead)
    url = f"/delegations/{delegation.pk}/visits/{planned.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'value="2027-02-17T11:30"' in page and "Electronic City" in page
    response = client.post(
        url,
        {
            "trip": planned.trip_id,
            "host": planned.host_id,
            "starts_at": "2027-02-18T15:00",
            "ends_at": "2027-02-18T16:30",
            "start_tz": "Asia/Kolkata",
            "address": "Tonbo HQ, Bengaluru",
            "advance_notice_days": "10",
            "citizenship_details": "on",
            "participants": [other.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    planned.refresh_from_db()
    planned.item.refresh_from_db()
    assert (planned.item.starts_at, planned.item.address, planned.advance_notice_days, planned.citizenship_details) == (
        at(18, 9, 30),
        "Tonbo HQ, Bengaluru",
        10,
        True,
    )
    assert (planned.item.everyone, list(planned.item.participants.all()), planned.item.sequence) == (False, [other], 1)
    assert my_itinerary(member.user, delegation.summit)[1] == []  # no longer goes
    response = client.post(
        f"/delegations/{delegation.pk}/visits/{planned.pk}/outcome/",
        {"visit_notes": "Impressive MWIR line.", "follow_ups": "Send NDA\nVisit again in May"},
    )
    planned.refresh_from_db()
    assert planned.follow_up_list == ["Send NDA", "Visit again in May"]


def test_a_visit_form_missing_its_host_answers_400_at_the_fields(client, delegation, lead):
    client.force_login(lead)
    response = client.post(
        f"/delegations/{delegation.pk}/visits/add/",
        {
            "new_trip_name": "Hyderabad",
            "new_trip_city": "Hyderabad",
            "starts_at": "2027-02-19T09:30",
            "ends_at": "2027-02-19T09:00",
            "start_tz": "Asia/Kolkata",
            "address": "T-Hub",
            "advance_notice_days": "2",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_new_host_name_error"' in html and 'id="id_ends_at_error"' in html
    assert 'value="Hyderabad"' in html
