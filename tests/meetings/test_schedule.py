"""The schedule from the database: the command and its JSON, a flight that makes a request
impossible, closed sessions only as busy times, keep-confirmed re-runs, moves, the feed."""

import json
from datetime import UTC, timedelta

import icalendar
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from meetings import scheduling
from meetings.errors import MeetingError
from meetings.models import Meeting
from summits.calendar import tokens as feed_tokens
from summits.enums import Restriction
from tests.factories import DelegationFactory, ItineraryItemFactory, MembershipFactory, SessionFactory, SignupFactory

from .helpers import accepted, block, local, person, tables

pytestmark = pytest.mark.django_db


def iso(dt):
    return dt.astimezone(UTC).isoformat().replace("+00:00", "Z")


@pytest.fixture
def setup(summit, settings):
    settings.FEED_STATE_SECONDS = 0
    cache.clear()
    t = tables(summit, 2, reserved={1: "prime"})
    b = block(summit, t, start=(10, 0), end=(11, 0), slot=25, buffer=10)  # 10:00-10:25, 10:35-11:00
    startup, prime, flyer = person(summit, "startup"), person(summit, "prime"), person(summit, "investor")
    r1 = accepted(startup, prime, priority=3)
    delegation = DelegationFactory(summit=summit)
    MembershipFactory(delegation=delegation, user=flyer.user)
    flight = ItineraryItemFactory(
        delegation=delegation,
        kind="flight",
        end_tz="Asia/Kolkata",
        starts_at=local(summit, 0, 9),
        ends_at=local(summit, 0, 12),
    )
    r2 = accepted(startup, flyer)
    closed = SessionFactory(
        summit=summit,
        title="Secret roundtable",
        restriction=Restriction.US_PERSONS,
        starts_at=local(summit, 0, 10),
        ends_at=local(summit, 0, 10, 25),
    )
    SignupFactory(session=closed, registration=prime)
    return dict(
        block=b, tables=t, startup=startup, prime=prime, flyer=flyer, r1=r1, r2=r2, flight=flight, closed=closed
    )


def test_command_json_has_the_issue_shape_and_explains_the_flight(setup, summit, tmp_path, capsys):
    out = tmp_path / "s.json"
    call_command("schedule_meetings", summit.slug, "--time-limit", "5", "--json", str(out))
    printed = capsys.readouterr().out
    assert "placed: 1" in printed and "unplaced: 1" in printed and "no common free slot" in printed
    # The flyer has no common free slot: not counted among people left without a meeting.
    assert "people with a possible meeting but none placed: 0" in printed and "host table changes: 0" in printed
    data = json.loads(out.read_text())
    assert list(data) == ["slots", "requests", "busy", "caps", "tables", "placed", "unplaced", "bound", "objective"]
    s1 = local(summit, 0, 10)
    s2 = local(summit, 0, 10, 35)
    assert data["slots"] == [
        {"start": iso(s1), "end": iso(s1 + timedelta(minutes=25)), "tables": ["T1", "T2"]},
        {"start": iso(s2), "end": iso(s2 + timedelta(minutes=25)), "tables": ["T1", "T2"]},
    ]
    st, pr, fl = setup["startup"].pk, setup["prime"].pk, setup["flyer"].pk
    assert data["requests"] == [
        {"id": setup["r1"].pk, "a": st, "b": pr, "priority": 3},
        {"id": setup["r2"].pk, "a": st, "b": fl, "priority": 2},
    ]
    # The closed session is a bare interval: no title anywhere.
    assert data["busy"] == {
        str(st): [],
        str(pr): [[iso(s1), iso(s1 + timedelta(minutes=25))]],
        str(fl): [[iso(local(summit, 0, 9)), iso(local(summit, 0, 12))]],
    }
    assert "Secret" not in out.read_text()
    assert data["caps"] == {str(st): None, str(pr): None, str(fl): None}
    assert data["tables"] == [{"name": "T1", "stage": "prime"}, {"name": "T2", "stage": None}]
    assert data["placed"] == [
        {"request": setup["r1"].pk, "start": iso(s2), "end": iso(s2 + timedelta(minutes=25)), "table": "T1"}
    ]
    assert data["unplaced"] == [{"request": setup["r2"].pk, "reason": "no common free slot"}]
    assert (data["objective"], data["bound"]) == (3, 3)


def test_keep_confirmed_rerun_moves_nothing_and_a_move_checks_conflicts(setup, summit, organizer):
    scheduling.run_schedule(summit=summit, time_limit=5)
    scheduling.publish_schedule(summit=summit, actor=organizer)
    meeting = Meeting.objects.get()
    assert (meeting.status, meeting.sequence) == ("confirmed", 0)
    _built, result = scheduling.run_schedule(summit=summit, keep_confirmed=True, time_limit=5)
    assert result.moved == []
    assert Meeting.objects.get().pk == meeting.pk
    with pytest.raises(MeetingError) as error:  # the prime's closed session
        scheduling.move_meeting(
            meeting=meeting, starts_at=local(summit, 0, 10), table=setup["tables"][0], actor=organizer
        )
    assert error.value.code == "busy"
    with pytest.raises(MeetingError) as error:
        scheduling.move_meeting(
            meeting=meeting, starts_at=local(summit, 0, 10, 5), table=setup["tables"][0], actor=organizer
        )
    assert error.value.code == "no_slot"
    moved = scheduling.move_meeting(
        meeting=meeting, starts_at=local(summit, 0, 10, 35), table=setup["tables"][1], actor=organizer
    )
    assert (moved.table.number, moved.sequence, moved.pinned) == (2, 1, True)


def test_private_feed_shows_the_meeting_and_its_etag_follows_a_move(setup, summit, organizer, client):
    scheduling.run_schedule(summit=summit, time_limit=5)
    startup = setup["startup"]
    token = feed_tokens.renew_feed_token(startup, actor=startup.user)
    url = reverse("summits:personal-feed", kwargs={"slug": summit.slug, "token": token.token})
    draft = client.get(url)
    assert "meeting-" not in draft.content.decode()  # drafts are not shown
    scheduling.publish_schedule(summit=summit, actor=organizer)
    first = client.get(url)
    assert first["ETag"] != draft["ETag"]
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(first.content).events}
    event = next(e for k, e in events.items() if k.startswith(f"meeting-{setup['r1'].pk}@"))
    prime = setup["prime"]
    assert str(event["SUMMARY"]) == f"Meeting: {prime.badge_name} ({prime.organisation})"
    assert str(event["LOCATION"]) == "Block, table T1"
    assert (event["SEQUENCE"], event.start.astimezone(UTC)) == (0, local(summit, 0, 10, 35).astimezone(UTC))
    meeting = Meeting.objects.get()
    scheduling.move_meeting(meeting=meeting, starts_at=meeting.starts_at, table=setup["tables"][1], actor=organizer)
    second = client.get(url)
    assert second["ETag"] != first["ETag"]
    event = next(e for e in icalendar.Calendar.from_ical(second.content).events if str(e["UID"]).startswith("meeting-"))
    assert (event["SEQUENCE"], str(event["LOCATION"])) == (1, "Block, table T2")
    assert client.get(url, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_a_solver_time_out_keeps_the_previous_schedule_and_says_so(setup, summit, organizer, monkeypatch, capsys):
    from meetings import scheduler

    scheduling.run_schedule(summit=summit, time_limit=5)
    before = list(Meeting.objects.values_list("request_id", "starts_at", "table_id", "sequence"))
    timed_out = scheduler.Result({}, {}, 0, 0, "TIMEOUT", 1.0, greedy=1)
    monkeypatch.setattr(scheduler, "solve", lambda *a, **k: timed_out)
    call_command("schedule_meetings", summit.slug, "--time-limit", "1")
    assert "the previous schedule was kept" in capsys.readouterr().out
    assert list(Meeting.objects.values_list("request_id", "starts_at", "table_id", "sequence")) == before


def test_published_meetings_show_in_my_agenda_my_itinerary_and_the_booklet(setup, summit, organizer, client):
    import subprocess

    from meetings.models import MeetingRequest

    from .helpers import block as make_block

    flyer, prime = setup["flyer"], setup["prime"]
    # The flyer's delegation meets the prime on day 2, after the flight.
    make_block(summit, setup["tables"], day=1, start=(15, 0), end=(15, 20), slot=20, name="Day two")
    MeetingRequest.objects.filter(pk=setup["r2"].pk).delete()
    accepted(flyer, prime)
    scheduling.run_schedule(summit=summit, time_limit=5)
    scheduling.publish_schedule(summit=summit, actor=organizer)
    client.force_login(flyer.user)
    agenda = client.get(reverse("summits:my-agenda", kwargs={"slug": summit.slug})).content.decode()
    assert "My 1:1 meetings" in agenda and f"{prime.badge_name} ({prime.organisation})" in agenda
    assert "15:00" in agenda and "Day two, table T" in agenda
    itinerary = client.get(reverse("delegations:my-itinerary", kwargs={"slug": summit.slug})).content.decode()
    assert "My 1:1 meetings" in itinerary and prime.badge_name in itinerary
    delegation = flyer.user.delegation_memberships.get().delegation
    client.force_login(delegation.lead)
    pdf = client.get(reverse("delegations:itinerary-pdf", kwargs={"pk": delegation.pk})).content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "1:1 meetings" in text and flyer.badge_name in text and prime.badge_name in text
