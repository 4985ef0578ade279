"""Times in two zones and in the repeated hour: a delegation's home zone beside the summit's on
every page, mail, PDF and feed that shows a meeting; the occurrence choice in the meetings forms."""

import subprocess
import zoneinfo
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from delegations.models import Delegation
from meetings import scheduling
from meetings.models import MeetingBlock, MeetingRules, Unavailability
from summits.calendar import tokens as feed_tokens
from tests.factories import CategoryFactory, DelegationFactory, MembershipFactory, SummitFactory

from .helpers import accepted, block, local, person, tables

pytestmark = pytest.mark.django_db


def pdf_text(content):
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


@pytest.fixture
def published(summit, organizer, settings, django_capture_on_commit_callbacks):
    """A member of a delegation living in New York meets a local startup at 10:00 in Kolkata
    (23:30 the evening before in New York, EST)."""
    settings.FEED_STATE_SECONDS = 0
    cache.clear()
    delegation = DelegationFactory(summit=summit, home_timezone="America/New_York")
    visitor, resident = person(summit, "prime", badge_name="Dana Visitor"), person(summit, badge_name="Lata Local")
    MembershipFactory(delegation=delegation, user=visitor.user)
    block(summit, tables(summit, 1), start=(10, 0), end=(10, 20), slot=20, name="Morning")
    accepted(resident, visitor)
    scheduling.run_schedule(summit=summit, time_limit=5)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.publish_schedule(summit=summit, actor=organizer)
    new_york = local(summit, 0, 10).astimezone(zoneinfo.ZoneInfo("America/New_York"))
    return dict(delegation=delegation, visitor=visitor, local=resident, new_york=new_york)


def test_members_of_a_delegation_living_elsewhere_see_their_home_time_beside_the_summit_time(
    client, summit, organizer, published
):
    visitor, local, ny = published["visitor"], published["local"], published["new_york"]
    home = f"{ny:%a} {ny.day} {ny:%b %H:%M}–{ny + timedelta(minutes=20):%H:%M} in America/New_York"
    client.force_login(visitor.user)
    for url in (
        reverse("meetings:requests", kwargs={"slug": summit.slug}),
        reverse("summits:my-agenda", kwargs={"slug": summit.slug}),
        reverse("delegations:my-itinerary", kwargs={"slug": summit.slug}),
    ):
        page = client.get(url).content.decode()
        assert "10:00" in page and home in page, url
    # The local startup has no delegation: the summit's zone only.
    client.force_login(local.user)
    page = client.get(reverse("meetings:requests", kwargs={"slug": summit.slug})).content.decode()
    assert "10:00" in page and "America/New_York" not in page
    # Their feed: the event in the summit's zone, the home time in the description.
    token = feed_tokens.renew_feed_token(visitor, actor=visitor.user)
    feed = client.get(reverse("summits:personal-feed", kwargs={"slug": summit.slug, "token": token.token}))
    event = next(e for e in icalendar.Calendar.from_ical(feed.content).events if str(e["UID"]).startswith("meeting-"))
    assert event.start.tzinfo.key == "Asia/Kolkata" and home in str(event["DESCRIPTION"])
    # The mail of the published schedule.
    to_visitor = next(m for m in mail.outbox if m.to == [visitor.user.email])
    assert "10:00" in to_visitor.body and home in to_visitor.body
    to_local = next(m for m in mail.outbox if m.to == [local.user.email])
    assert "America/New_York" not in to_local.body


def test_the_booklet_and_the_table_plan_show_the_home_zone(client, summit, organizer, published):
    delegation, ny = published["delegation"], published["new_york"]
    client.force_login(delegation.lead)
    booklet = pdf_text(client.get(reverse("delegations:itinerary-pdf", kwargs={"pk": delegation.pk})).content)
    # The summit's time (the booklet renders with localtime off: zones are explicit) and the home time.
    flat = " ".join(booklet.split())
    assert "When (Asia/ Kolkata)" in flat and "When (America/ New_York)" in flat
    assert "10:00–10:20" in flat and f"{ny:%a} {ny.day} {ny:%b %H:%M}– {ny + timedelta(minutes=20):%H:%M}" in flat
    client.force_login(organizer)
    meeting_block = MeetingBlock.objects.get(summit=summit)
    plan = pdf_text(
        client.get(reverse("meetings:table-plan", kwargs={"slug": summit.slug, "pk": meeting_block.pk})).content
    )
    flat = " ".join(plan.split())
    home = f"({ny:%a} {ny.day} {ny:%b %H:%M}– {ny + timedelta(minutes=20):%H:%M} in America/New_York)"
    # The visitor's home time beside their name; the local startup's name alone.
    assert f"10:00– 10:20 Lata Local (Acme Defence) · Dana Visitor (Acme Defence) {home}" in flat


def test_organizer_sets_a_home_zone_and_an_unknown_zone_is_refused_at_its_field(client, summit, organizer):
    category = CategoryFactory(summit=summit)
    lead = person(summit).user
    url = reverse("delegations_manage:list", kwargs={"slug": summit.slug})
    data = {
        "name": "U.S. startups",
        "lead_email": lead.email,
        "category": category.pk,
        "home_country": "US",
        "destination_country": "IN",
        "home_timezone": "Mars/Olympus_Mons",
    }
    client.force_login(organizer)
    response = client.post(url, data)
    assert response.status_code == 400 and not Delegation.objects.exists()
    page = response.content.decode()
    assert "Choose an IANA time zone from the list" in page and 'value="U.S. startups"' in page
    assert client.post(url, {**data, "home_timezone": "America/New_York"}).status_code == 302
    assert Delegation.objects.get().home_timezone == "America/New_York"


# ---------------------------------------------------------------- the repeated hour


@pytest.fixture
def fall_back(db):
    """A New York summit over the night the clocks go back (01:00-01:59 happens twice on 7 Nov 2027)."""
    return SummitFactory(timezone="America/New_York", start_date=date(2027, 11, 6), end_date=date(2027, 11, 7))


def test_unavailable_time_in_the_repeated_hour_asks_which_and_stores_the_chosen_one(client, fall_back):
    me = person(fall_back)
    client.force_login(me.user)
    url = reverse("meetings:unavailable", kwargs={"slug": fall_back.slug})
    typed = {"day": "2027-11-07", "start": "01:30", "end": "02:30", "note": "Call home"}
    response = client.post(url, typed)
    page = response.content.decode()
    assert response.status_code == 400 and not Unavailability.objects.exists()
    assert "01:30 happens twice on 7 Nov 2027 in America/New_York" in page
    assert (
        "The first 01:30 (EDT, UTC−04:00), 05:30 UTC" in page and "The second 01:30 (EST, UTC−05:00), 06:30 UTC" in page
    )
    assert 'value="Call home"' in page and 'value="01:30"' in page  # nothing typed is lost
    assert "Which end time?" not in page  # 02:30 happens once: no choice shown for it
    assert client.post(url, {**typed, "start_fold": "second"}).status_code == 302
    item = Unavailability.objects.get()
    assert (item.starts_at, item.ends_at) == (
        datetime(2027, 11, 7, 6, 30, tzinfo=UTC),
        datetime(2027, 11, 7, 7, 30, tzinfo=UTC),
    )


def test_a_skipped_time_is_refused_at_its_field(client):
    spring = SummitFactory(timezone="America/New_York", start_date=date(2027, 3, 13), end_date=date(2027, 3, 14))
    me = person(spring)
    client.force_login(me.user)
    response = client.post(
        reverse("meetings:unavailable", kwargs={"slug": spring.slug}),
        {"day": "2027-03-14", "start": "02:30", "end": "04:00"},
    )
    assert response.status_code == 400 and "does not exist in America/New_York" in response.content.decode()
    assert not Unavailability.objects.exists()


def test_block_ending_in_the_repeated_hour_and_a_deadline_in_it(client, fall_back):
    from tests.factories import UserFactory

    organizer = UserFactory(is_staff=True)
    fall_back.organizers.add(organizer)
    t = tables(fall_back, 1)
    client.force_login(organizer)
    url = reverse("meetings:manage-block-create", kwargs={"slug": fall_back.slug})
    typed = {
        "name": "Night owls",
        "day": "2027-11-07",
        "start": "00:30",
        "end": "01:30",
        "slot_minutes": 20,
        "buffer_minutes": 0,
        "tables": [t[0].pk],
    }
    response = client.post(url, typed)
    assert response.status_code == 400 and "01:30 happens twice" in response.content.decode()
    assert not MeetingBlock.objects.exists()
    # The second 01:30 (EST): two hours, six slots of 20 minutes.
    assert client.post(url, {**typed, "end_fold": "second"}).status_code == 302
    created = MeetingBlock.objects.get()
    assert (created.starts_at, created.ends_at) == (
        datetime(2027, 11, 7, 4, 30, tzinfo=UTC),
        datetime(2027, 11, 7, 6, 30, tzinfo=UTC),
    )

    rules_url = reverse("meetings:manage-rules", kwargs={"slug": fall_back.slug})
    rules = {"deadline_day": "2027-11-07", "deadline_time": "01:15", "min_per_startup": 0}
    assert client.post(rules_url, rules).status_code == 400
    assert client.post(rules_url, {**rules, "deadline_fold": "first"}).status_code == 302
    assert MeetingRules.objects.get().request_deadline == datetime(2027, 11, 7, 5, 15, tzinfo=UTC)
    # The page shows the choice again, made as stored.
    page = client.get(reverse("meetings:manage", kwargs={"slug": fall_back.slug})).content.decode()
    assert (
        'name="deadline_fold" value="first" ' in page
        and "checked" in page.split('name="deadline_fold" value="first"')[1][:40]
    )


def test_the_lead_chooses_the_home_zone_and_nobody_else_can(client, summit):
    delegation = DelegationFactory(summit=summit)
    member = person(summit).user
    MembershipFactory(delegation=delegation, user=member)
    url = reverse("delegations:home-zone", kwargs={"pk": delegation.pk})
    client.force_login(delegation.lead)
    roster = client.get(reverse("delegations:roster", kwargs={"pk": delegation.pk})).content.decode()
    assert "Home time zone" in roster
    response = client.post(url, {"home_timezone": "America/Gotham"})
    assert response.status_code == 400 and "Choose an IANA time zone from the list" in response.content.decode()
    assert client.post(url, {"home_timezone": "America/Chicago"}).status_code == 302
    delegation.refresh_from_db()
    assert delegation.home_timezone == "America/Chicago"
    for outsider in (member, DelegationFactory(summit=summit).lead):  # a member; another delegation's lead
        client.force_login(outsider)
        assert client.post(url, {"home_timezone": ""}).status_code == 404
    delegation.refresh_from_db()
    assert delegation.home_timezone == "America/Chicago"
