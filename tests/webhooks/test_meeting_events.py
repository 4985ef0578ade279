"""`meeting.scheduled`: one signed delivery per meeting when the organizer publishes the
schedule (and again when a confirmed meeting moves), with the parties as the organizer's
table plan shows them; never to another summit's endpoints, never a closed session's details."""

import pytest
from standardwebhooks import Webhook

from meetings import scheduling
from meetings.models import Meeting
from summits.enums import Restriction
from tests.factories import SessionFactory, SignupFactory, SummitFactory
from tests.meetings.helpers import accepted, block, draft_meeting, local, person, tables
from tests.webhooks.test_deliveries import Receiver, endpoint_for, send_pending
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_endpoints(settings):
    """Deliveries to a receiver on 127.0.0.1 over http (as tests/webhooks/test_deliveries.py)."""
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_REQUIRE_HTTPS = False
    settings.WEBHOOK_TIMEOUT = 0.5


@pytest.fixture
def drafts(summit):
    t = tables(summit, 2)
    b = block(summit, t, start=(10, 0), end=(11, 35), slot=25, buffer=10, name="Morning block")
    startup = person(summit, "startup", badge_name="Asha Rao", organisation="Drone Works")
    prime = person(summit, "prime", badge_name="Bill Carter", organisation="Big Prime Inc")
    prime.meeting_profile.show_organisation = False
    prime.meeting_profile.save()
    investor = person(summit, "investor", badge_name="Chen Li", organisation="Seed Fund")
    # The prime holds a seat in a closed session: the payload says nothing of it.
    closed = SessionFactory(
        summit=summit, title="Hypersonic secrets", restriction=Restriction.US_PERSONS, starts_at=local(summit, 0, 12)
    )
    SignupFactory(session=closed, registration=prime)
    first = draft_meeting(accepted(startup, prime), b, t[0], slot=0)
    second = draft_meeting(accepted(investor, startup), b, t[1], slot=1)
    return {"block": b, "tables": t, "first": first, "second": second, "startup": startup, "prime": prime}


def test_publishing_sends_one_signed_delivery_per_meeting(local_endpoints, summit, organizer, drafts):
    other_summit = SummitFactory()
    with Receiver() as receiver, Receiver() as elsewhere:
        endpoint = endpoint_for(summit, organizer, receiver.url, ("meeting.scheduled",))
        endpoint_for(summit, organizer, receiver.url, ("session.changed",))
        endpoint_for(other_summit, organizer, elsewhere.url, ("meeting.scheduled",))
        assert scheduling.publish_schedule(summit=summit, actor=organizer) == 2
        send_pending()
    assert elsewhere.received == [] and not Delivery.objects.filter(endpoint__summit=other_summit).exists()
    assert len(receiver.received) == 2
    payloads = []
    for headers, body in receiver.received:
        headers = {k.lower(): v for k, v in headers.items()}
        payloads.append(Webhook(endpoint.secret).verify(body, headers))  # raises unless signed with its secret
        assert b"Hypersonic" not in body
    payloads.sort(key=lambda p: p["data"]["starts_at"])
    first = drafts["first"]
    assert payloads[0]["type"] == "meeting.scheduled" and payloads[0]["summit"] == summit.slug
    assert payloads[0]["data"] == {
        "id": first.pk,
        "request": first.request_id,
        "starts_at": local(summit, 0, 10).isoformat(),
        "ends_at": local(summit, 0, 10, 25).isoformat(),
        "timezone": "Asia/Kolkata",
        "block": "Morning block",
        "table": "T1",
        "sequence": 0,
        "parties": [
            {"registration": drafts["startup"].pk, "name": "Asha Rao", "organisation": "Drone Works"},
            # The prime chose not to show the organisation: the table plan leaves it out too.
            {"registration": drafts["prime"].pk, "name": "Bill Carter", "organisation": ""},
        ],
    }
    assert payloads[0]["data"]["starts_at"].endswith("+05:30")
    assert payloads[1]["data"]["starts_at"] == local(summit, 0, 10, 35).isoformat()
    assert [p["name"] for p in payloads[1]["data"]["parties"]] == ["Chen Li", "Asha Rao"]


def test_publishing_again_announces_only_the_new_drafts(local_endpoints, summit, organizer, drafts):
    scheduling.publish_schedule(summit=summit, actor=organizer)
    endpoint_for(summit, organizer, "http://127.0.0.1:9/h", ("meeting.scheduled",))
    assert scheduling.publish_schedule(summit=summit, actor=organizer) == 0
    assert not Delivery.objects.exists()


def test_a_confirmed_meeting_moved_by_hand_is_announced_again_a_draft_is_not(
    local_endpoints, summit, organizer, drafts
):
    endpoint_for(summit, organizer, "http://127.0.0.1:9/h", ("meeting.scheduled",))
    first = drafts["first"]
    scheduling.move_meeting(
        meeting=first, starts_at=local(summit, 0, 11, 10), table=drafts["tables"][0], actor=organizer
    )
    assert not Delivery.objects.exists()  # still a draft: announced when published
    scheduling.publish_schedule(summit=summit, actor=organizer)
    Delivery.objects.all().delete()
    scheduling.move_meeting(meeting=first, starts_at=local(summit, 0, 10), table=drafts["tables"][0], actor=organizer)
    [delivery] = Delivery.objects.all()
    assert delivery.payload["data"]["id"] == first.pk and delivery.payload["data"]["sequence"] == 2
    assert delivery.payload["data"]["starts_at"] == local(summit, 0, 10).isoformat()


def test_without_subscribers_publishing_reads_no_meeting(summit, organizer, drafts, django_assert_num_queries):
    Endpoint.objects.create(summit=summit, url="https://example.com/h", events=["session.changed"], secret="x")
    # Its savepoint; lock and read the drafts, confirm them, the endpoints (no meeting read for
    # them), the rules (read, created in a savepoint, saved), the audit entry.
    with django_assert_num_queries(11):
        scheduling.publish_schedule(summit=summit, actor=organizer)
    assert Meeting.objects.filter(status="confirmed").count() == 2


def test_the_organizer_chooses_meeting_scheduled_on_the_endpoint_form(client, local_endpoints, summit, organizer):
    client.force_login(organizer)
    url = f"/summits/{summit.slug}/manage/webhooks/"
    assert 'value="meeting.scheduled"' in client.get(url).content.decode()
    response = client.post(url, {"url": "http://127.0.0.1:9/h", "events": ["meeting.scheduled"]})
    assert response.status_code == 302
    assert Endpoint.objects.get().events == ["meeting.scheduled"]
