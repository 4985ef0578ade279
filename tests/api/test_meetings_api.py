"""Meetings and meeting requests through the API: the meetings pages' queries and permissions
(an organizer reads the summit's confirmed meetings, a participant their own, anyone else 404;
requests for approved registrants; answering goes through answer_request)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import scheduling
from meetings.models import MeetingRequest, MeetingTable
from summits.enums import RegistrationStatus
from tests.api.helpers import bearer, token_for
from tests.factories import SummitFactory, UserFactory
from tests.meetings.helpers import accepted, block, draft_meeting, local, person, tables

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(summit, organizer, settings):
    settings.API_RATE_LIMIT = "100000/m"
    t = tables(summit, 3)
    b = block(summit, t, start=(10, 0), end=(11, 0), slot=25, buffer=10, name="Morning block")
    asha = person(summit, "startup", badge_name="Asha Rao", organisation="Drone Works")
    bill = person(summit, "prime", badge_name="Bill Carter", organisation="Big Prime Inc")
    bill.meeting_profile.show_organisation = False
    bill.meeting_profile.save()
    chen = person(summit, "investor", badge_name="Chen Li", organisation="Seed Fund")
    dana = person(summit, "government", badge_name="Dana Iyer")
    ours = draft_meeting(accepted(asha, bill), b, t[0], slot=0)
    theirs = draft_meeting(accepted(chen, dana), b, t[1], slot=0)
    scheduling.publish_schedule(summit=summit, actor=organizer)
    draft = draft_meeting(accepted(chen, asha), b, t[2], slot=1)  # not published yet
    return {"asha": asha, "bill": bill, "chen": chen, "dana": dana, "ours": ours, "theirs": theirs, "draft": draft}


def get(client, url, secret=None):
    return client.get(url, **(bearer(secret) if secret else {}))


def test_the_organizer_reads_every_confirmed_meeting_in_the_summits_zone(client, summit, organizer, world):
    body = get(client, f"/api/summits/{summit.slug}/meetings/", token_for(organizer, summit)).json()
    assert [row["id"] for row in body["results"]] == sorted([world["ours"].pk, world["theirs"].pk])
    row = next(r for r in body["results"] if r["id"] == world["ours"].pk)
    assert row == {
        "id": world["ours"].pk,
        "request": world["ours"].request_id,
        "starts_at": local(summit, 0, 10).isoformat(),
        "ends_at": local(summit, 0, 10, 25).isoformat(),
        "block": {"id": world["ours"].block_id, "name": "Morning block"},
        "table": "T1",
        "status": "confirmed",
        "sequence": 0,
        "parties": [
            {"registration": world["asha"].pk, "name": "Asha Rao", "organisation": "Drone Works"},
            {"registration": world["bill"].pk, "name": "Bill Carter", "organisation": ""},
        ],
    }
    assert row["starts_at"].endswith("+05:30")
    draft = f"/api/summits/{summit.slug}/meetings/{world['draft'].pk}/"
    assert get(client, draft, token_for(organizer, summit)).status_code == 404


def test_a_participant_reads_their_own_meetings_only(client, summit, world):
    secret = token_for(world["bill"].user, summit)
    body = get(client, f"/api/summits/{summit.slug}/meetings/", secret).json()
    assert [row["id"] for row in body["results"]] == [world["ours"].pk]
    own = get(client, f"/api/summits/{summit.slug}/meetings/{world['ours'].pk}/", secret)
    assert own.status_code == 200 and own.json()["parties"][0]["name"] == "Asha Rao"
    # Another attendee's meeting by id, and one not published yet: 404, as if it did not exist.
    for meeting in ("theirs", "draft"):
        assert get(client, f"/api/summits/{summit.slug}/meetings/{world[meeting].pk}/", secret).status_code == 404
    stranger = token_for(UserFactory(), summit)
    assert get(client, f"/api/summits/{summit.slug}/meetings/", stranger).json()["count"] == 0
    assert get(client, f"/api/summits/{summit.slug}/meetings/{world['ours'].pk}/").status_code in (401, 403)


def test_another_summits_organizer_gets_404(client, summit, world):
    other = SummitFactory()
    their_organizer = UserFactory(is_staff=True)
    other.organizers.add(their_organizer)
    url = f"/api/summits/{summit.slug}/meetings/{world['ours'].pk}/"
    # Their token is scoped to their summit: this summit's address is 404.
    assert get(client, url, token_for(their_organizer, other)).status_code == 404
    assert get(client, f"/api/summits/{summit.slug}/meetings/", token_for(their_organizer, other)).status_code == 404
    # Signed in, they are nobody here: no meeting, and the id is 404.
    client.force_login(their_organizer)
    assert client.get(f"/api/summits/{summit.slug}/meetings/").json()["count"] == 0
    assert client.get(url).status_code == 404
    # And this summit's meeting id through their own summit's address: 404 too.
    assert (
        get(
            client, f"/api/summits/{other.slug}/meetings/{world['ours'].pk}/", token_for(their_organizer, other)
        ).status_code
        == 404
    )


def test_the_meetings_list_costs_the_same_queries_for_few_or_many(client, summit, organizer, world):
    secret = token_for(organizer, summit)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert get(client, f"/api/summits/{summit.slug}/meetings/", secret).status_code == 200
        return len(context)

    few = count()
    b = world["ours"].block
    more = [MeetingTable.objects.create(summit=summit, number=n) for n in range(4, 7)]
    for i, table in enumerate(more):
        b.tables.add(table)
        draft_meeting(accepted(person(summit), person(summit)), b, table, slot=i % 2)
    scheduling.publish_schedule(summit=summit, actor=organizer)
    assert count() <= few


def test_requests_show_as_on_the_requests_page(client, summit, world):
    asha, bill, chen = world["asha"], world["bill"], world["chen"]
    sent = MeetingRequest.objects.create(summit=summit, requester=asha, recipient=chen, message="Coffee?")
    declined = MeetingRequest.objects.create(summit=summit, requester=asha, recipient=world["dana"], status="declined")
    to_asha = MeetingRequest.objects.create(summit=summit, requester=bill, recipient=asha, message="Sonar?")
    body = get(client, f"/api/summits/{summit.slug}/meeting-requests/", token_for(asha.user, summit)).json()
    rows = {row["id"]: row for row in body["results"]}
    assert rows[sent.pk]["direction"] == "sent" and rows[sent.pk]["other"] == {
        "registration": chen.pk,
        "name": "Chen Li",
    }
    # A declined request reads as expired to its requester: nobody sees who declined whom.
    assert rows[declined.pk]["status"] == "expired"
    assert (rows[to_asha.pk]["direction"], rows[to_asha.pk]["message"]) == ("received", "Sonar?")
    # Chen's view: the request from Asha; Dana does not see the one she declined.
    dana = get(client, f"/api/summits/{summit.slug}/meeting-requests/", token_for(world["dana"].user, summit)).json()
    assert declined.pk not in {row["id"] for row in dana["results"]}


def test_requests_are_for_approved_registrants(client, summit, world):
    pending = person(summit, status=RegistrationStatus.PENDING)
    response = get(client, f"/api/summits/{summit.slug}/meeting-requests/", token_for(pending.user, summit))
    assert response.status_code == 403 and response.json()["code"] == "not_approved"
    assert (
        get(client, f"/api/summits/{summit.slug}/meeting-requests/", token_for(UserFactory(), summit)).status_code
        == 403
    )


def test_the_recipient_answers_through_the_service(client, summit, world):
    asha, dana = world["asha"], world["dana"]
    request = MeetingRequest.objects.create(summit=summit, requester=dana, recipient=asha)
    url = f"/api/summits/{summit.slug}/meeting-requests/{request.pk}/answer/"
    post = lambda data, secret: client.post(url, data, content_type="application/json", **bearer(secret))  # noqa: E731
    # Bad input: 400 at the field, nothing changes.
    response = post({"decision": "maybe"}, token_for(asha.user, summit))
    assert response.status_code == 400 and "decision" in response.json()
    # A read-only token reads; it cannot answer.
    from api.models import TokenScope

    assert post({"decision": "accept"}, token_for(asha.user, summit, scope=TokenScope.READ)).status_code == 403
    # The requester cannot answer their own request: it is not theirs to answer (404).
    assert post({"decision": "accept"}, token_for(dana.user, summit)).status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"
    response = post({"decision": "accept"}, token_for(asha.user, summit))
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["direction"]) == ("accepted", "received")
    request.refresh_from_db()
    assert request.status == "accepted" and request.responded_at is not None
    from summits.models import AuditEntry

    assert AuditEntry.objects.filter(action="meetings.request.accepted", summit=summit).exists()
    again = post({"decision": "decline"}, token_for(asha.user, summit))
    assert again.status_code == 400 and again.json()["code"] == "answered"
