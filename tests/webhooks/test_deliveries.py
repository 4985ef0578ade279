"""Webhooks end to end: a real HTTP server on 127.0.0.1 receives and verifies signed deliveries;
failures are retried with backoff and finally mark the endpoint failing; payloads keep closed
sessions closed; addresses are checked when saved and again at delivery."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from standardwebhooks import Webhook

from badges.checkin import check_in, scan_at_door
from badges.services import badge_for
from summits.agenda.scheduling import reschedule_session
from summits.enums import RegistrationStatus, Restriction
from summits.registration.services import set_registration_status
from tests.factories import RegistrationFactory, SessionFactory, roundtable
from webhooks import events
from webhooks.errors import WebhookError
from webhooks.models import Delivery, DeliveryStatus, Endpoint
from webhooks.services import BACKOFF, attempt_delivery, create_endpoint, replay_delivery

pytestmark = pytest.mark.django_db


class Receiver:
    """A local endpoint: answers `status` (after `delay` seconds) and keeps what it got."""

    def __init__(self, status=204, delay=0.0):
        self.status, self.delay, self.received = status, delay, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers.items()), body))
                time.sleep(receiver.delay)
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/conclave"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local_endpoints(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_REQUIRE_HTTPS = False
    settings.WEBHOOK_TIMEOUT = 0.5
    settings.WEBHOOK_MAX_ATTEMPTS = 3


def endpoint_for(summit, organizer, url, events_=("session.changed",)):
    return create_endpoint(summit=summit, url=url, events=list(events_), actor=organizer)


def send_pending():
    for delivery in Delivery.objects.filter(status=DeliveryStatus.PENDING).order_by("pk"):
        attempt_delivery(delivery.pk)


def test_a_signed_delivery_reaches_a_real_server_and_verifies(local_endpoints, summit, organizer):
    session = roundtable(summit, title="Drone swarms")
    with Receiver() as receiver:
        endpoint = endpoint_for(summit, organizer, receiver.url)
        reschedule_session(session, actor=organizer, title="Drone swarms at sea")
        send_pending()
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    headers = {k.lower(): v for k, v in headers.items()}
    payload = Webhook(endpoint.secret).verify(body, headers)  # raises unless the signature holds
    assert payload["type"] == "session.changed" and payload["summit"] == summit.slug
    assert payload["data"] == {
        "id": session.pk,
        "closed": False,
        "title": "Drone swarms at sea",
        "status": "scheduled",
        "starts_at": session.starts_at.astimezone(summit.tz).isoformat(),
        "ends_at": session.ends_at.astimezone(summit.tz).isoformat(),
        "room": session.room.name,
        "speakers": [],
        "moderators": [],
        "sequence": 1,
    }
    delivery = Delivery.objects.get()
    assert headers["webhook-id"] == delivery.message_id
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SUCCEEDED, 1)
    assert [a.status_code for a in delivery.attempt_log.all()] == [204]
    with pytest.raises(Exception, match="No matching signature"):
        Webhook("whsec_" + "A" * 44).verify(body, headers)


def test_closed_session_payload_carries_its_id_and_closed_session_only(local_endpoints, summit, organizer):
    session = roundtable(summit, title="Hypersonic secrets", restriction=Restriction.US_PERSONS, description="ITAR")
    with Receiver() as receiver:
        endpoint_for(summit, organizer, receiver.url)
        reschedule_session(session, actor=organizer, title="Hypersonic secrets II")
        send_pending()
    body = receiver.received[0][1].decode()
    assert json.loads(body)["data"] == {"id": session.pk, "closed": True, "title": "Closed session"}
    assert "Hypersonic" not in body and "ITAR" not in body and session.room.name not in body


def test_a_failing_endpoint_is_retried_with_backoff_then_marked_failing(local_endpoints, summit, organizer):
    session = roundtable(summit)
    with Receiver(status=500) as receiver:
        endpoint = endpoint_for(summit, organizer, receiver.url)
        reschedule_session(session, actor=organizer, title="Moved")
        delivery = Delivery.objects.get()
        now = timezone.now()
        first = attempt_delivery(delivery.pk, now=now)
        assert (first.status, first.attempts, first.next_attempt_at) == (DeliveryStatus.PENDING, 1, now + BACKOFF[0])
        second = attempt_delivery(delivery.pk, now=now)
        assert second.next_attempt_at == now + BACKOFF[1]
        third = attempt_delivery(delivery.pk, now=now)
    assert (third.status, third.attempts, third.next_attempt_at) == (DeliveryStatus.FAILED, 3, None)
    assert [a.status_code for a in third.attempt_log.all()] == [500, 500, 500]
    assert len(receiver.received) == 3
    endpoint.refresh_from_db()
    assert endpoint.failing is True
    # A replay that gets through clears the mark; it keeps the message id for the receiver to dedupe.
    with Receiver() as good:
        Endpoint.objects.filter(pk=endpoint.pk).update(url=good.url)
        copy = replay_delivery(third, actor=organizer)
        attempt_delivery(copy.pk)
    assert good.received[0][0]["webhook-id"] == third.message_id
    endpoint.refresh_from_db()
    assert endpoint.failing is False


def test_a_slow_endpoint_times_out_and_is_logged(local_endpoints, summit, organizer):
    session = roundtable(summit)
    with Receiver(delay=2) as receiver:
        endpoint_for(summit, organizer, receiver.url)
        reschedule_session(session, actor=organizer, title="Moved")
        started = time.monotonic()
        delivery = attempt_delivery(Delivery.objects.get().pk)
        assert time.monotonic() - started < 1.5
    attempt = delivery.attempt_log.get()
    assert (attempt.status_code, attempt.error, delivery.status) == (None, "timeout", DeliveryStatus.PENDING)


def test_registration_approved_and_checkin_created_events(local_endpoints, summit, organizer, category):
    pending = RegistrationFactory(summit=summit, category=category, status=RegistrationStatus.PENDING)
    with Receiver() as receiver:
        endpoint_for(summit, organizer, receiver.url, ("registration.approved", "checkin.created"))
        set_registration_status(pending, RegistrationStatus.APPROVED, actor=organizer)
        pending.refresh_from_db()
        check_in(summit=summit, registration=pending, staff=organizer, desk="Gate 2")
        send_pending()
    bodies = [json.loads(body) for _, body in receiver.received]
    assert [b["type"] for b in bodies] == ["registration.approved", "checkin.created"]
    assert bodies[0]["data"]["id"] == pending.pk and bodies[0]["data"]["email"] == pending.user.email
    assert (bodies[1]["data"]["registration"], bodies[1]["data"]["desk"]) == (pending.pk, "Gate 2")


def test_a_door_scan_without_a_list_sends_checkin_created_and_keeps_a_closed_door_closed(
    local_endpoints, summit, organizer, category
):
    """A session's door scanned from the desk (no check-in list): `scope` "door". At a restricted
    session's door the payload names neither the session's title nor the person."""
    person = RegistrationFactory(summit=summit, category=category, is_us_person=True, badge_name="Ravi Open")
    talk = SessionFactory(summit=summit, title="Open talk")
    closed = SessionFactory(
        summit=summit,
        title="Secret table",
        restriction=Restriction.US_PERSONS,
        starts_at=talk.ends_at,
        ends_at=talk.ends_at + (talk.ends_at - talk.starts_at),
    )
    with Receiver() as receiver:
        endpoint_for(summit, organizer, receiver.url, ("checkin.created",))
        outcomes = [
            scan_at_door(session=session, raw_code=badge_for(person).secret, staff=organizer, desk="Door A").outcome
            for session in (talk, closed, talk)
        ]
        send_pending()
    assert outcomes == ["admitted", "admitted", "already_admitted"]  # a second scan sends nothing
    bodies = [json.loads(body) for _, body in receiver.received]
    assert [b["data"]["scope"] for b in bodies] == ["door", "door"]
    opened, secret = (b["data"] for b in bodies)
    assert opened["session"] == {"id": talk.pk, "closed": False, "title": "Open talk"}
    assert (opened["registration"], opened["badge_name"], opened["desk"], opened["list"]) == (
        person.pk,
        "Ravi Open",
        "Door A",
        None,
    )
    assert secret["session"] == {"id": closed.pk, "closed": True, "title": "Closed session"}
    assert (secret["registration"], secret["badge_name"]) == (None, None)
    assert b"Secret table" not in receiver.received[1][1] and b"Ravi Open" not in receiver.received[1][1]


def test_schedule_released_is_a_plain_function_for_the_release_code(local_endpoints, summit, organizer):
    with Receiver() as receiver:
        endpoint_for(summit, organizer, receiver.url, ("schedule.released",))
        [delivery] = events.schedule_released(summit, version="v2", changes={"added": 3})
        attempt_delivery(delivery.pk)
    assert json.loads(receiver.received[0][1])["data"] == {"version": "v2", "changes": {"added": 3}}


def test_releasing_the_agenda_sends_counts_by_kind_never_a_session(local_endpoints, summit, organizer):
    from schedule.services import release_schedule

    roundtable(summit, title="Secret roundtable", restriction=Restriction.US_PERSONS)
    with Receiver() as receiver:
        endpoint_for(summit, organizer, receiver.url, ("schedule.released",))
        release_schedule(summit=summit, version="1.0", actor=organizer)
        send_pending()
    [(_, body)] = receiver.received
    assert json.loads(body)["data"] == {"version": "1.0", "changes": {"added": 1}}
    assert b"Secret roundtable" not in body


def test_events_without_subscribers_queue_nothing(local_endpoints, summit, organizer):
    with Receiver() as receiver:
        endpoint_for(summit, organizer, receiver.url, ("checkin.created",))
        reschedule_session(roundtable(summit), actor=organizer, title="Moved")
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    "url, code",
    [
        ("http://example.com/hook", "not_https"),
        ("https://127.0.0.1/hook", "private_address"),
        ("https://10.1.2.3/hook", "private_address"),
        ("https://[::1]/hook", "private_address"),
        ("https://169.254.169.254/latest/meta-data", "private_address"),
        ("https://[::ffff:127.0.0.1]/hook", "private_address"),
        ("https://localhost/hook", "private_address"),
        ("ftp://example.com/", "bad_url"),
    ],
)
def test_private_loopback_and_plain_http_addresses_are_refused(settings, summit, organizer, url, code):
    settings.WEBHOOKS_REQUIRE_HTTPS = True
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(WebhookError) as caught:
        create_endpoint(summit=summit, url=url, events=["session.changed"], actor=organizer)
    assert caught.value.code == code
    assert not Endpoint.objects.exists()


def test_the_address_is_checked_again_at_delivery(local_endpoints, settings, summit, organizer):
    with Receiver() as receiver:
        endpoint_for(summit, organizer, receiver.url)
        reschedule_session(roundtable(summit), actor=organizer, title="Moved")
        settings.WEBHOOKS_ALLOW_PRIVATE = False  # as if the name now resolved to a private address
        delivery = attempt_delivery(Delivery.objects.get().pk)
    assert receiver.received == []
    assert delivery.attempt_log.get().error.startswith("private_address")
