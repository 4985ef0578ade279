"""The door of a session with an acknowledgement: amber hold until the current version is accepted,
collection on paper at the desk, and what the compliance CSV then says."""

import csv
import io

import pytest
from django.urls import reverse

from badges.checkin import scan_at_door
from badges.models import SessionAdmission
from badges.services import badge_for
from summits.agenda.signups import sign_up_for_session
from summits.enums import Restriction
from summits.models import AcknowledgementAcceptance, AuditEntry
from summits.screening.acknowledgements import attach_acknowledgement, create_acknowledgement, publish_version
from tests.factories import CategoryFactory, CheckinStaffFactory, RegistrationFactory, roundtable

pytestmark = pytest.mark.django_db


@pytest.fixture
def door(summit, organizer):
    session = roundtable(summit, title="Jet engine co-production", restriction=Restriction.US_PERSONS)
    notice = create_acknowledgement(summit=summit, title="EAR notice", text="Version one.", actor=organizer)
    attach_acknowledgement(session, notice, actor=organizer)
    session.refresh_from_db()
    return session


@pytest.fixture
def holder(summit, door):
    """Signed up with version 1 accepted; then version 2 is published."""
    registration = RegistrationFactory(
        summit=summit, category=CategoryFactory(summit=summit), badge_name="Dana Cole", is_us_person=True
    )
    sign_up_for_session(registration=registration, session=door, accepted_version=door.acknowledgement.versions.get())
    return registration


@pytest.fixture
def v2(door, organizer, holder):
    return publish_version(door.acknowledgement, text="Version two.", actor=organizer)


def post(client, name, summit, data, *, as_json=True):
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    return client.post(reverse(f"badges:{name}", kwargs={"slug": summit.slug}), data, **headers)


def test_version_one_accepted_admits(door, holder, staff_user):
    result = scan_at_door(session=door, raw_code=badge_for(holder).secret, staff=staff_user)
    assert (result.outcome, result.tone) == ("admitted", "ok")


def test_after_a_new_version_the_door_holds_in_amber(door, holder, v2, staff_user):
    result = scan_at_door(session=door, raw_code=badge_for(holder).secret, staff=staff_user, desk="Door A")
    assert result.as_json() == {
        "outcome": "acknowledgement_missing",
        "ok": False,
        "tone": "hold",
        "headline": "Hold: acknowledgement missing",
        "message": "Not in yet: “EAR notice” version 2 is not accepted. Have it read and signed on paper, then record it.",
        "name": "Dana Cole",
        "details": ["Acme Defence", holder.category.name, "India"],
        "collect": {"registration": holder.pk, "session": door.pk, "version": v2.pk},
    }
    assert not SessionAdmission.objects.exists()
    entry = AuditEntry.objects.get(action="badges.door.denied")
    assert entry.data["outcome"] == "acknowledgement_missing"


def test_desk_collects_on_paper_then_the_door_admits(client, summit, door, holder, v2, staff_user):
    client.force_login(staff_user)
    data = {"session": door.pk, "code": badge_for(holder).secret, "desk": "Door A"}
    assert post(client, "scan", summit, data).json()["outcome"] == "acknowledgement_missing"
    response = post(
        client,
        "collect-acknowledgement",
        summit,
        {"registration": holder.pk, "session": door.pk, "version": v2.pk, "desk": "Door A"},
    )
    assert response.status_code == 200
    assert (response.json()["outcome"], response.json()["tone"]) == ("admitted", "ok")
    acceptance = AcknowledgementAcceptance.objects.get(version=v2)
    assert (acceptance.method, acceptance.collected_by, acceptance.desk, acceptance.user) == (
        "desk",
        staff_user,
        "Door A",
        holder.user,
    )
    entry = AuditEntry.objects.get(action="summits.acknowledgement.collected_at_desk")
    assert (entry.actor, entry.data["number"], entry.data["desk"]) == (staff_user, 2, "Door A")
    assert SessionAdmission.objects.get().registration == holder
    assert post(client, "scan", summit, data).json()["outcome"] == "already_admitted"


def test_desk_without_script_shows_the_collect_button(client, summit, door, holder, v2, staff_user):
    client.force_login(staff_user)
    response = post(
        client, "scan", summit, {"session": door.pk, "code": badge_for(holder).secret, "desk": "Door A"}, as_json=False
    )
    html = response.content.decode()
    assert 'class="scan-result scan-hold"' in html
    assert '<p class="scan-headline">Hold: acknowledgement missing</p>' in html
    assert f'<input type="hidden" name="version" value="{v2.pk}">' in html
    assert "Signed on paper: record it and admit</button>" in html
    assert "<script>" not in html


def test_collecting_a_stale_version_or_another_summits_person_is_refused(
    client, summit, other_summit, door, holder, v2, staff_user
):
    client.force_login(staff_user)
    v1 = door.acknowledgement.versions.get(number=1)
    stale = post(
        client, "collect-acknowledgement", summit, {"registration": holder.pk, "session": door.pk, "version": v1.pk}
    )
    assert stale.status_code == 400
    assert (
        stale.json()["message"]
        == "A new version of the acknowledgement was published meanwhile: read it and accept it again."
    )
    stranger = RegistrationFactory(
        summit=other_summit, category=CategoryFactory(summit=other_summit), is_us_person=True
    )
    elsewhere = post(
        client, "collect-acknowledgement", summit, {"registration": stranger.pk, "session": door.pk, "version": v2.pk}
    )
    assert elsewhere.status_code == 400
    assert not AcknowledgementAcceptance.objects.filter(version=v2).exists()
    assert not SessionAdmission.objects.exists()


def test_staff_of_another_summit_cannot_collect(client, summit, other_summit, door, holder, v2):
    client.force_login(CheckinStaffFactory(summit=other_summit).user)
    response = post(
        client, "collect-acknowledgement", summit, {"registration": holder.pk, "session": door.pk, "version": v2.pk}
    )
    assert response.status_code == 404
    assert not AcknowledgementAcceptance.objects.filter(version=v2).exists()


def test_compliance_csv_shows_desk_collection_and_every_door_scan(
    client, summit, organizer, door, holder, v2, staff_user
):
    code = badge_for(holder).secret
    held = scan_at_door(session=door, raw_code=code, staff=staff_user, desk="Door A")
    client.force_login(staff_user)
    post(
        client,
        "collect-acknowledgement",
        summit,
        {"registration": holder.pk, "session": door.pk, "version": v2.pk, "desk": "Door A"},
    )
    client.force_login(organizer)
    response = client.get(reverse("summits:session-compliance-csv", args=[summit.slug, door.pk]))
    (row,) = list(csv.DictReader(io.StringIO(response.content.decode())))
    scans = [
        e.created.astimezone(summit.tz)
        for e in AuditEntry.objects.filter(action__startswith="badges.door.").order_by("pk")
    ]
    admitted = SessionAdmission.objects.get().created.astimezone(summit.tz)
    assert held.outcome == "acknowledgement_missing"
    assert (row["name"], row["acknowledgement version accepted"], row["current version accepted"]) == (
        "Dana Cole",
        "2",
        "yes",
    )
    assert row["accepted how"] == f"on paper at the desk ({staff_user.email}, Door A)"
    assert row["admitted (Asia/Kolkata)"] == f"{admitted:%Y-%m-%d %H:%M}"
    assert row["door scans (Asia/Kolkata)"] == (
        f"{scans[0]:%Y-%m-%d %H:%M} acknowledgement_missing; {scans[1]:%Y-%m-%d %H:%M} admitted"
    )
