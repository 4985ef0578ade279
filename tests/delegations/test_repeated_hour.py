"""Wall-clock times that happen twice when clocks go back: the lead chooses which, and it stays chosen.

7 Nov 2027 in America/New_York: 01:30 is 01:30 EDT (05:30 UTC) and, an hour later, 01:30 EST (06:30 UTC).
31 Oct 2027 in Europe/London: 01:30 is 01:30 BST (00:30 UTC) and 01:30 GMT (01:30 UTC).
"""

from datetime import UTC, datetime

import icalendar
import pytest
import vobject
from django.urls import reverse

from delegations.forms import ItemForm, SiteVisitForm
from delegations.models import ItineraryItem
from delegations.services import add_itinerary_item
from summits.calendar import tokens as feeds
from summits.models import Registration
from summits.screening.eligibility import SessionAccess
from tests.delegations.helpers import utc_instant
from tests.factories import OrganisationFactory
from tests.rendered_form import RenderedForm

pytestmark = pytest.mark.django_db

NY_FIRST = datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
NY_SECOND = datetime(2027, 11, 7, 6, 30, tzinfo=UTC)
NY_MESSAGE = (
    "01:30 happens twice on 7 Nov 2027 in America/New_York: "
    "choose the first (EDT, UTC\u221204:00) or the second (EST, UTC\u221205:00)."
)
LONDON_MESSAGE = (
    "01:30 happens twice on 31 Oct 2027 in Europe/London: "
    "choose the first (BST, UTC+01:00) or the second (GMT, UTC+00:00)."
)


def meeting(**data):
    return {
        "kind": "meeting",
        "title": "Night call with Delhi",
        "starts_at": "2027-11-07T01:30",
        "start_tz": "America/New_York",
        "ends_at": "2027-11-07T03:00",
        "location": "Hotel lobby",
        "everyone": "on",
        **data,
    }


def red_eye(**data):
    # Leaves New York at 18:30 EDT on 30 Oct, lands in London at 01:30 on 31 Oct, the night the UK
    # clocks go back. (The real ones land at dawn; this one makes the point.)
    return {
        "kind": "flight",
        "title": "BA 178",
        "starts_at": "2027-10-30T18:30",
        "start_tz": "America/New_York",
        "ends_at": "2027-10-31T01:30",
        "end_tz": "Europe/London",
        "start_place": "JFK",
        "end_place": "LHR",
        "everyone": "on",
        **data,
    }


def item_form(delegation, data):
    return ItemForm(data, delegation=delegation, access=SessionAccess())


# --- the form ----------------------------------------------------------------------------------------


def test_a_start_that_happens_twice_is_refused_naming_both_instants_and_offers_the_choice(delegation):
    form = item_form(delegation, meeting())
    assert not form.is_valid()
    assert form.errors == {"starts_at": [NY_MESSAGE]}
    shown = [field.name for field in form.display_fields()]
    assert shown[shown.index("starts_at") + 1] == "start_fold"
    assert "end_fold" not in shown  # 03:00 happens once
    assert dict(form.fields["start_fold"].choices) == {
        "first": "The first 01:30 (EDT, UTC\u221204:00), 05:30 UTC",
        "second": "The second 01:30 (EST, UTC\u221205:00), 06:30 UTC",
    }


@pytest.mark.parametrize(("choice", "instant"), [("second", NY_SECOND), ("first", NY_FIRST)])
def test_the_chosen_occurrence_is_the_stored_instant(delegation, organizer, choice, instant):
    form = item_form(delegation, meeting(start_fold=choice))
    assert form.is_valid(), form.errors
    item = add_itinerary_item(delegation, actor=organizer, participants=[], **form.item_fields())
    item.refresh_from_db()
    assert item.starts_at == instant
    assert item.ends_at == datetime(2027, 11, 7, 8, 0, tzinfo=UTC)  # 03:00 EST


def test_an_arrival_that_happens_twice_in_another_zone_than_the_departure(delegation, organizer):
    form = item_form(delegation, red_eye())
    assert not form.is_valid()
    assert form.errors == {"ends_at": [LONDON_MESSAGE]}
    assert [f.name for f in form.display_fields()].count("start_fold") == 0

    form = item_form(delegation, red_eye(end_fold="second"))
    assert form.is_valid(), form.errors
    item = add_itinerary_item(delegation, actor=organizer, participants=[], **form.item_fields())
    item.refresh_from_db()
    assert item.starts_at == datetime(2027, 10, 30, 22, 30, tzinfo=UTC)  # EDT until 7 Nov
    assert item.ends_at == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # GMT
    assert item.local_end.isoformat() == "2027-10-31T01:30:00+00:00"


def test_a_choice_for_a_time_that_happens_once_is_ignored(delegation):
    form = item_form(delegation, meeting(starts_at="2027-11-07T00:30", start_fold="second", end_fold="junk"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == datetime(2027, 11, 7, 4, 30, tzinfo=UTC)
    assert "start_fold" not in [f.name for f in form.display_fields()]


def test_a_skipped_time_is_still_refused_and_never_offers_a_choice(delegation):
    form = item_form(delegation, meeting(starts_at="2027-03-14T02:30", ends_at="2027-03-14T04:00"))
    assert not form.is_valid()
    assert form.errors == {
        "starts_at": ["14 Mar 2027 02:30 does not exist in America/New_York: the clocks skip that hour."]
    }
    assert "start_fold" not in [f.name for f in form.display_fields()]


def test_a_site_visit_in_the_repeated_hour_needs_its_choice_too(delegation, organizer):
    host = OrganisationFactory()
    data = {
        "new_trip_name": "Boston labs",
        "new_trip_city": "Boston",
        "host": host.pk,
        "starts_at": "2027-11-07T01:15",
        "ends_at": "2027-11-07T01:45",
        "start_tz": "America/New_York",
        "address": "1 Main St",
        "advance_notice_days": "0",
        "everyone": "on",
    }
    form = SiteVisitForm(data, delegation=delegation)
    assert not form.is_valid()
    assert set(form.errors) == {"starts_at", "ends_at"}
    assert [f.name for f in form.when_fields()][:4] == ["starts_at", "start_fold", "ends_at", "end_fold"]
    form = SiteVisitForm({**data, "start_fold": "second", "end_fold": "second"}, delegation=delegation)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["starts_at"], form.cleaned_data["ends_at"]) == (
        datetime(2027, 11, 7, 6, 15, tzinfo=UTC),
        datetime(2027, 11, 7, 6, 45, tzinfo=UTC),
    )
    # The first 01:45 (05:45 UTC) is before the second 01:15 (06:15 UTC): it ends before it starts.
    form = SiteVisitForm({**data, "start_fold": "second", "end_fold": "first"}, delegation=delegation)
    assert not form.is_valid()
    assert "ends before it starts" in form.errors["ends_at"][0]


# --- through the pages -------------------------------------------------------------------------------


def test_the_page_answers_400_with_the_error_at_the_field_keeps_what_was_typed_and_saves_nothing(
    client, delegation, lead
):
    client.force_login(lead)
    url = reverse("delegations:item-add", kwargs={"pk": delegation.pk})
    response = client.post(url, meeting())
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<p class="error" id="id_starts_at_error">{NY_MESSAGE}</p>' in html
    assert 'name="start_fold" value="first"' in html and 'name="start_fold" value="second"' in html
    assert 'name="end_fold"' not in html
    assert "The second 01:30 (EST, UTC\u221205:00), 06:30 UTC" in html
    typed = RenderedForm(html).data
    assert typed["starts_at"] == "2027-11-07T01:30" and typed["ends_at"] == "2027-11-07T03:00"
    assert (typed["title"], typed["location"], typed["start_tz"], typed["kind"]) == (
        "Night call with Delhi",
        "Hotel lobby",
        "America/New_York",
        "meeting",
    )
    assert "start_fold" not in typed  # nothing chosen for the person
    assert not ItineraryItem.objects.exists()
    assert "style=" not in html and "<script>" not in html  # strict CSP: no inline style or script

    # The person picks the second 01:30 and submits the same page.
    response = client.post(url, {**typed, "start_fold": "second"})
    assert response.status_code == 302
    assert ItineraryItem.objects.get().starts_at == NY_SECOND


def test_a_page_without_a_repeated_time_never_shows_the_choice(client, delegation, lead):
    client.force_login(lead)
    html = client.get(reverse("delegations:item-add", kwargs={"pk": delegation.pk})).content.decode()
    assert "fold" not in html
    # 01:30 that night happens once in Kolkata; the flight lacks its number and arrival zone.
    response = client.post(
        reverse("delegations:item-add", kwargs={"pk": delegation.pk}),
        meeting(title="", kind="flight", start_tz="Asia/Kolkata", end_tz=""),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_title_error"' in html and 'id="id_end_tz_error"' in html
    assert "fold" not in html and "happens twice" not in html


@pytest.mark.parametrize(("instant", "checked"), [(NY_SECOND, "second"), (NY_FIRST, "first")])
def test_editing_an_item_in_the_repeated_hour_preselects_its_occurrence_and_keeps_it(
    client, delegation, lead, instant, checked
):
    item = add_itinerary_item(
        delegation,
        actor=lead,
        kind="meeting",
        title="Night call with Delhi",
        starts_at=instant,
        ends_at=datetime(2027, 11, 7, 8, 0, tzinfo=UTC),
        start_tz="America/New_York",
    )
    client.force_login(lead)
    url = reverse("delegations:item-edit", kwargs={"pk": delegation.pk, "item_pk": item.pk})
    html = client.get(url).content.decode()
    rendered = RenderedForm(html).data
    assert rendered["starts_at"] == "2027-11-07T01:30"
    assert rendered["start_fold"] == [checked]
    assert "end_fold" not in rendered and 'name="end_fold"' not in html

    response = client.post(url, {**rendered, "start_fold": checked})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.starts_at == instant


def test_editing_a_flight_landing_in_the_second_london_0130_keeps_it(client, delegation, lead):
    item = add_itinerary_item(
        delegation,
        actor=lead,
        kind="flight",
        title="BA 178",
        starts_at=datetime(2027, 10, 30, 22, 30, tzinfo=UTC),
        ends_at=datetime(2027, 10, 31, 1, 30, tzinfo=UTC),
        start_tz="America/New_York",
        end_tz="Europe/London",
    )
    client.force_login(lead)
    url = reverse("delegations:item-edit", kwargs={"pk": delegation.pk, "item_pk": item.pk})
    rendered = RenderedForm(client.get(url).content.decode()).data
    assert (rendered["ends_at"], rendered["end_fold"]) == ("2027-10-31T01:30", ["second"])
    assert "start_fold" not in rendered
    assert client.post(url, {**rendered, "end_fold": "second"}).status_code == 302
    item.refresh_from_db()
    assert (item.starts_at, item.ends_at, item.sequence) == (
        datetime(2027, 10, 30, 22, 30, tzinfo=UTC),
        datetime(2027, 10, 31, 1, 30, tzinfo=UTC),
        1,
    )


# --- the feeds ---------------------------------------------------------------------------------------


@pytest.fixture
def night_items(delegation, lead):
    second = add_itinerary_item(
        delegation,
        actor=lead,
        kind="meeting",
        title="Second 01:30",
        starts_at=NY_SECOND,
        ends_at=datetime(2027, 11, 7, 8, 0, tzinfo=UTC),
        start_tz="America/New_York",
    )
    first = add_itinerary_item(
        delegation,
        actor=lead,
        kind="meeting",
        title="First 01:30",
        starts_at=NY_FIRST,
        ends_at=datetime(2027, 11, 7, 6, 15, tzinfo=UTC),  # 01:15 EST, the second one
        start_tz="America/New_York",
    )
    flight = add_itinerary_item(
        delegation,
        actor=lead,
        kind="flight",
        title="BA 178",
        starts_at=datetime(2027, 10, 30, 22, 30, tzinfo=UTC),
        ends_at=datetime(2027, 10, 31, 1, 30, tzinfo=UTC),
        start_tz="America/New_York",
        end_tz="Europe/London",
    )
    return second, first, flight


EXPECTED = {
    "Second 01:30": (NY_SECOND, datetime(2027, 11, 7, 8, 0, tzinfo=UTC)),
    "First 01:30": (NY_FIRST, datetime(2027, 11, 7, 6, 15, tzinfo=UTC)),
    "BA 178": (datetime(2027, 10, 30, 22, 30, tzinfo=UTC), datetime(2027, 10, 31, 1, 30, tzinfo=UTC)),
}


def title(summary):
    """ "[U.S. industry delegation] BA 178" → "BA 178" (feeds label items with their delegation)."""
    return summary.split("] ", 1)[-1]


def instants_icalendar(body):
    cal = icalendar.Calendar.from_ical(body)
    return {
        title(str(e["SUMMARY"])): (e.decoded("DTSTART").astimezone(UTC), e.decoded("DTEND").astimezone(UTC))
        for e in cal.walk("VEVENT")
    }


def instants_vobject(body):
    def instant(prop):
        return prop.value.astimezone(UTC) if prop.value.utcoffset() == UTC.utcoffset(None) else utc_instant(prop)

    return {
        title(e.summary.value): (instant(e.dtstart), instant(e.dtend))
        for e in vobject.readOne(body.decode()).vevent_list
    }


def test_the_delegation_feed_carries_each_exact_instant(client, delegation, night_items):
    body = client.get(f"/delegations/feed/{delegation.feed_token}.ics").content
    text = body.decode()
    # A time in the repeated hour is written in UTC, first occurrence or second: RFC 5545 reads it
    # with a TZID as the first, khal as the second; only UTC makes every client agree.
    assert "DTSTART:20271107T063000Z" in text and "DTEND;TZID=Europe/London" not in text
    assert "DTSTART:20271107T053000Z" in text and "DTEND:20271107T061500Z" in text
    assert "TZID=America/New_York:20271107T01" not in text
    assert "DTEND;TZID=America/New_York:20271107T030000" in text  # a time that happens once keeps its zone
    assert instants_icalendar(body) == EXPECTED
    assert instants_vobject(body) == EXPECTED


def test_my_personal_feed_carries_each_exact_instant(client, delegation, member, night_items):
    registration = Registration.objects.get(user=member.user, summit=delegation.summit)
    token = feeds.renew_feed_token(registration, actor=member.user)
    path = reverse("summits:personal-feed", kwargs={"slug": delegation.summit.slug, "token": token.token})
    body = client.get(path).content
    events = instants_icalendar(body)
    assert {title: events[title] for title in EXPECTED} == EXPECTED


def test_the_itinerary_page_names_the_offset_of_each_end_of_the_repeated_hour(client, delegation, lead, night_items):
    client.force_login(lead)
    html = client.get(reverse("delegations:itinerary", kwargs={"pk": delegation.pk})).content.decode()
    # "First 01:30" runs from 01:30 EDT to the second 01:15 (EST): both ends carry their offset.
    entry = html[html.index("First 01:30") - 1200 : html.index("First 01:30")]
    entry = entry[entry.rindex('<li class="itin-entry') :]
    assert "America/New_York, UTC-04:00" in entry and "America/New_York, UTC-05:00" in entry
    second = html[html.index("Second 01:30") - 1200 : html.index("Second 01:30")]
    second = second[second.rindex('<li class="itin-entry') :]
    assert "America/New_York, UTC-05:00" in second and "UTC-04:00" not in second


def test_a_choice_made_survives_another_error_on_the_page(client, delegation, lead):
    client.force_login(lead)
    url = reverse("delegations:item-add", kwargs={"pk": delegation.pk})
    response = client.post(url, meeting(kind="flight", title="", end_tz="America/New_York", start_fold="second"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_title_error"' in html and "happens twice" not in html
    assert RenderedForm(html).data["start_fold"] == ["second"]
    assert not ItineraryItem.objects.exists()
