"""`checkin.created` for scans at check-in lists (issue 17): a person newly counted at an
entrance, a hall or a session's door is a check-in too. The payload says where (`scope`
"list", the list and its kind, the session) so receivers tell it from the desk's summit-wide
arrival (`scope` "summit"); at a restricted session's door it names neither the session, the
list nor the person. Re-entries, "already" scans, refusals and exits send nothing."""

import json
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from standardwebhooks import Webhook

from badges.checkin import check_in
from badges.enums import ListKind
from badges.lists import create_checkin_list, scan_at_list
from badges.services import badge_for
from summits.enums import Restriction
from tests.badges.test_sync_batch import entrance_today, post_sync, queued
from tests.factories import RegistrationFactory, SessionFactory, SummitFactory
from tests.webhooks.test_deliveries import Receiver, endpoint_for, send_pending
from webhooks.models import Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_endpoints(settings):
    """Deliveries to a receiver on 127.0.0.1 over http (as tests/webhooks/test_deliveries.py)."""
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_REQUIRE_HTTPS = False
    settings.WEBHOOK_TIMEOUT = 0.5


@pytest.fixture
def summit(db):
    """A two-day summit in Kolkata whose first day is today there."""
    today = datetime.now(SummitFactory._meta.model(timezone="Asia/Kolkata").tz).date()
    return SummitFactory(start_date=today, end_date=today + timedelta(days=1))


@pytest.fixture
def subscribed(local_endpoints, summit, organizer):
    return endpoint_for(summit, organizer, "http://127.0.0.1:9/h", ("checkin.created",))


def data_of_deliveries():
    return [d.payload["data"] for d in Delivery.objects.order_by("pk")]


def test_an_entrance_scan_is_a_signed_check_in_that_says_which_list(local_endpoints, summit, organizer, approved):
    entrance = entrance_today(summit, organizer)
    with Receiver() as receiver:
        endpoint = endpoint_for(summit, organizer, receiver.url, ("checkin.created",))
        scanned = timezone.now() - timedelta(minutes=1)
        code = badge_for(approved).secret
        scan_at_list(checkin_list=entrance, raw_code=code, staff=organizer, desk="North", at=scanned)
        scan_at_list(checkin_list=entrance, raw_code=code, staff=organizer, desk="South")  # already: nothing
        send_pending()
    [(headers, body)] = receiver.received
    payload = Webhook(endpoint.secret).verify(body, {k.lower(): v for k, v in headers.items()})
    entry = entrance.entries.get(first=True)
    assert payload["type"] == "checkin.created"
    assert payload["data"] == {
        "id": entry.pk,
        "scope": "list",
        "list": {"id": entrance.pk, "kind": "entrance", "name": "Entrance"},
        "session": None,
        "registration": approved.pk,
        "badge_name": "Priya Raman",
        "desk": "North",
        "at": scanned.astimezone(summit.tz).isoformat(),
        "offline": False,
    }
    assert payload["data"]["at"].endswith("+05:30")


def test_the_desk_arrival_says_its_scope_too(subscribed, summit, organizer, approved):
    check_in(summit=summit, registration=approved, staff=organizer, desk="Gate 2")
    [data] = data_of_deliveries()
    assert (data["scope"], data["list"], data["session"], data["registration"]) == ("summit", None, None, approved.pk)


def test_an_open_sessions_door_names_the_session(subscribed, summit, organizer, approved):
    session = SessionFactory(summit=summit, title="Startup pitches", starts_at=timezone.now() + timedelta(minutes=5))
    door = create_checkin_list(
        summit=summit, actor=organizer, name="Pitches door", kind=ListKind.SESSION, session=session
    )
    result = scan_at_list(checkin_list=door, raw_code=badge_for(approved).secret, staff=organizer, desk="Hall B")
    assert result.outcome == "admitted"
    [data] = data_of_deliveries()
    assert data["list"] == {"id": door.pk, "kind": "session", "name": "Pitches door"}
    assert data["session"] == {"id": session.pk, "closed": False, "title": "Startup pitches"}
    assert (data["registration"], data["badge_name"], data["desk"]) == (approved.pk, "Priya Raman", "Hall B")


def test_a_restricted_sessions_door_names_neither_session_list_nor_person(subscribed, summit, organizer, category):
    session = SessionFactory(
        summit=summit,
        title="Hypersonic glide roundtable",
        restriction=Restriction.US_PERSONS,
        starts_at=timezone.now() + timedelta(minutes=5),
    )
    door = create_checkin_list(
        summit=summit, actor=organizer, name="Hypersonic door", kind=ListKind.SESSION, session=session
    )
    eligible = RegistrationFactory(
        summit=summit,
        category=category,
        badge_name="Evelyn Quartermain",
        is_us_person=True,
        country_of_citizenship="US",
    )
    outsider = RegistrationFactory(summit=summit, category=category, badge_name="Outsider Oswald")
    assert scan_at_list(checkin_list=door, raw_code=badge_for(outsider).secret, staff=organizer).outcome != "admitted"
    assert not Delivery.objects.exists()  # a refusal is no check-in
    assert scan_at_list(checkin_list=door, raw_code=badge_for(eligible).secret, staff=organizer).outcome == "admitted"
    [delivery] = Delivery.objects.all()
    assert delivery.payload["data"]["session"] == {"id": session.pk, "closed": True, "title": "Closed session"}
    assert delivery.payload["data"]["list"] == {"id": door.pk, "kind": "session", "name": None}
    assert (delivery.payload["data"]["registration"], delivery.payload["data"]["badge_name"]) == (None, None)
    body = json.dumps(delivery.payload)
    for secret in ("Hypersonic", "Quartermain", "Oswald"):
        assert secret not in body


def test_a_hall_with_re_entry_and_exits_announces_the_first_entry_only(subscribed, summit, organizer, approved):
    hall = create_checkin_list(
        summit=summit, actor=organizer, name="Expo hall", kind=ListKind.HALL, allow_reentry=True, track_exits=True
    )
    code = badge_for(approved).secret
    scan_at_list(checkin_list=hall, raw_code=code, staff=organizer)
    scan_at_list(checkin_list=hall, raw_code=code, staff=organizer, exit=True)
    scan_at_list(checkin_list=hall, raw_code=code, staff=organizer)
    assert [(d["list"]["kind"], d["list"]["name"]) for d in data_of_deliveries()] == [("hall", "Expo hall")]


def test_an_offline_upload_announces_each_newly_counted_person_once(
    client, subscribed, summit, organizer, staff_user, category
):
    entrance = entrance_today(summit, organizer)
    people = [RegistrationFactory(summit=summit, category=category) for _ in range(3)]
    scan_at_list(checkin_list=entrance, raw_code=badge_for(people[0]).secret, staff=organizer)  # online, first
    Delivery.objects.all().delete()
    scans = [queued(badge_for(p).secret, scan_id=f"upload-{i}", seconds_ago=30 - i) for i, p in enumerate(people)]
    scans.append(queued(badge_for(people[1]).secret, scan_id="upload-again", seconds_ago=5))
    client.force_login(staff_user)
    response = post_sync(client, summit, entrance, scans)
    assert [r["stored"] for r in response.json()["results"]] == ["new"] * 4
    data = data_of_deliveries()
    # people[0]'s earlier offline scan takes the place of the online one: announced already.
    assert sorted(d["registration"] for d in data) == sorted([people[1].pk, people[2].pk])
    assert all(d["offline"] and d["scope"] == "list" and d["id"] is not None for d in data)


def test_no_subscriber_no_delivery(local_endpoints, summit, organizer, approved):
    endpoint_for(summit, organizer, "http://127.0.0.1:9/h", ("session.changed",))
    endpoint_for(SummitFactory(), organizer, "http://127.0.0.1:9/h", ("checkin.created",))
    scan_at_list(checkin_list=entrance_today(summit, organizer), raw_code=badge_for(approved).secret, staff=organizer)
    assert not Delivery.objects.exists()
