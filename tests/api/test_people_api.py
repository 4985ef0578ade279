"""Registrations, sign-ups, check-ins and delegations through the API: the pages' permissions."""

import pytest

from badges.services import badge_for
from summits.enums import RegistrationStatus, Restriction, SignupStatus
from summits.models import SessionSignup
from tests.api.helpers import bearer, token_for
from tests.factories import (
    CheckinStaffFactory,
    DelegationFactory,
    ItineraryItemFactory,
    RegistrationFactory,
    SummitFactory,
    UserFactory,
    roundtable,
)

pytestmark = pytest.mark.django_db


def post(client, url, data, secret):
    return client.post(url, data, content_type="application/json", **bearer(secret))


# ------------------------------------------------------------------ registrations (organizers)


def test_registrations_are_for_organizers_only(client, summit, organizer, registration):
    url = f"/api/summits/{summit.slug}/registrations/"
    assert client.get(url, **bearer(token_for(registration.user, summit))).status_code == 404
    assert client.get(url).status_code == 404
    body = client.get(url, **bearer(token_for(organizer, summit))).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["id"], row["email"], row["status"]) == (registration.pk, registration.user.email, "approved")


def test_organizer_of_one_summit_cannot_touch_another(client, summit, organizer):
    other = SummitFactory()
    theirs = RegistrationFactory(summit=other, status=RegistrationStatus.PENDING)
    secret = token_for(organizer, summit)
    assert client.get(f"/api/summits/{other.slug}/registrations/", **bearer(secret)).status_code == 404
    # Through their own summit's address with the other summit's registration id: 404 as well.
    response = post(
        client, f"/api/summits/{summit.slug}/registrations/{theirs.pk}/status/", {"status": "approved"}, secret
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == RegistrationStatus.PENDING
    client.force_login(organizer)
    assert client.get(f"/api/summits/{other.slug}/registrations/").status_code == 404


def test_organizer_approves_through_the_service(client, summit, organizer, category):
    pending = RegistrationFactory(summit=summit, category=category, status=RegistrationStatus.PENDING)
    secret = token_for(organizer, summit)
    url = f"/api/summits/{summit.slug}/registrations/{pending.pk}/status/"
    response = post(client, url, {"status": "approved"}, secret)
    assert response.status_code == 200 and response.json()["status"] == "approved"
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.APPROVED
    assert post(client, url, {"status": "nonsense"}, secret).json() == {"status": ['"nonsense" is not a valid choice.']}
    response = post(client, url, {"status": "pending"}, secret)
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_transition",
        "status": ["A registration that is approved cannot become pending approval."],
    }


# ------------------------------------------------------------------ sign-ups


def test_attendee_signs_up_and_sees_only_their_own(client, summit, registration, category):
    session = roundtable(summit, title="Drones")
    someone = RegistrationFactory(summit=summit, category=category)
    SessionSignup.objects.create(session=session, registration=someone)
    secret = token_for(registration.user, summit)
    url = f"/api/summits/{summit.slug}/signups/"
    response = post(client, url, {"session": session.pk}, secret)
    assert response.status_code == 201
    mine = SessionSignup.objects.get(registration=registration)
    assert response.json() == {
        "id": mine.pk,
        "session": {"id": session.pk, "title": "Drones", "closed": False},
        "registration": registration.pk,
        "status": "confirmed",
        "created": mine.created.astimezone(summit.tz).isoformat(),
    }
    listed = client.get(url, **bearer(secret)).json()["results"]
    assert [s["id"] for s in listed] == [mine.pk]
    again = post(client, url, {"session": session.pk}, secret)
    assert again.status_code == 409
    assert again.json() == {"code": "already_signed_up", "session": ["You are already signed up for this session."]}


def test_signup_errors_are_400_with_field_errors_and_store_nothing(client, summit, registration):
    secret = token_for(registration.user, summit)
    url = f"/api/summits/{summit.slug}/signups/"
    assert post(client, url, {}, secret).json() == {"session": ["This field is required."]}
    assert post(client, url, {"session": "x"}, secret).json() == {"session": ["A valid integer is required."]}
    foreign = roundtable(SummitFactory())
    response = post(client, url, {"session": foreign.pk}, secret)
    assert response.status_code == 400
    assert response.json() == {"code": "unknown_session", "session": ["No such session at this summit."]}
    response = client.post(url, "{not json", content_type="application/json", **bearer(secret))
    assert response.status_code == 400
    assert not SessionSignup.objects.exists()


def test_ineligible_signup_says_closed_without_details(client, summit, registration):
    closed = roundtable(summit, title="Hypersonic secrets", restriction=Restriction.US_PERSONS)
    response = post(
        client, f"/api/summits/{summit.slug}/signups/", {"session": closed.pk}, token_for(registration.user, summit)
    )
    assert response.status_code == 400
    assert response.json() == {"code": "not_eligible", "session": ["This session is open to eligible attendees only."]}


def test_attendee_cannot_cancel_someone_elses_signup(client, summit, registration, category):
    session = roundtable(summit)
    theirs = SessionSignup.objects.create(
        session=session, registration=RegistrationFactory(summit=summit, category=category)
    )
    secret = token_for(registration.user, summit)
    assert client.delete(f"/api/summits/{summit.slug}/signups/{theirs.pk}/", **bearer(secret)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == SignupStatus.CONFIRMED
    mine = SessionSignup.objects.create(session=roundtable(summit), registration=registration)
    assert client.delete(f"/api/summits/{summit.slug}/signups/{mine.pk}/", **bearer(secret)).status_code == 204
    mine.refresh_from_db()
    assert mine.status == SignupStatus.CANCELLED


def test_organizer_lists_every_signup(client, summit, organizer, registration, category):
    session = roundtable(summit, capacity=5)
    ids = [
        SessionSignup.objects.create(session=session, registration=r).pk
        for r in (registration, RegistrationFactory(summit=summit, category=category))
    ]
    body = client.get(f"/api/summits/{summit.slug}/signups/", **bearer(token_for(organizer, summit))).json()
    assert [s["id"] for s in body["results"]] == ids


def test_anonymous_signups_is_401(client, summit):
    assert client.get(f"/api/summits/{summit.slug}/signups/").status_code in (401, 403)


# ------------------------------------------------------------------ check-ins (desk staff)


def test_desk_staff_check_in_by_code(client, summit, registration):
    staff = CheckinStaffFactory(summit=summit).user
    code = badge_for(registration).secret
    url = f"/api/summits/{summit.slug}/checkins/"
    response = post(client, url, {"code": code, "desk": "Gate 1"}, token_for(staff, summit))
    assert response.status_code == 200
    body = response.json()
    assert (body["outcome"], body["ok"], body["name"]) == ("checked_in", True, registration.badge_name)
    second = post(client, url, {"code": code}, token_for(staff, summit)).json()
    assert (second["outcome"], second["ok"], second["tone"]) == ("already_checked_in", False, "warn")
    assert post(client, url, {}, token_for(staff, summit)).json() == {
        "code": ["Scan a badge code or choose a registration."]
    }


def test_attendee_is_not_desk_staff(client, summit, registration):
    code = badge_for(registration).secret
    response = post(
        client, f"/api/summits/{summit.slug}/checkins/", {"code": code}, token_for(registration.user, summit)
    )
    assert response.status_code == 404


# ------------------------------------------------------------------ delegations


def test_delegations_for_lead_and_organizer_and_nobody_else(client, summit, organizer, category):
    lead = UserFactory()
    mine = DelegationFactory(summit=summit, lead=lead, category=category, name="US startups")
    theirs = DelegationFactory(summit=summit, category=category, name="Indian primes")
    RegistrationFactory(summit=summit, user=lead, category=category)
    lead_secret = token_for(lead, summit)
    url = f"/api/summits/{summit.slug}/delegations/"
    assert [d["name"] for d in client.get(url, **bearer(lead_secret)).json()["results"]] == ["US startups"]
    organizer_view = client.get(url, **bearer(token_for(organizer, summit))).json()["results"]
    assert [d["name"] for d in organizer_view] == ["Indian primes", "US startups"]
    assert client.get(f"{url}{theirs.pk}/", **bearer(lead_secret)).status_code == 404
    assert client.get(f"{url}{theirs.pk}/itinerary/", **bearer(lead_secret)).status_code == 404
    detail = client.get(f"{url}{mine.pk}/", **bearer(lead_secret)).json()
    assert detail == {
        "id": mine.pk,
        "name": "US startups",
        "home_country": "US",
        "destination_country": "IN",
        "description": "",
        "lead": lead.email,
    }


def test_itinerary_hides_a_closed_session_linked_by_the_organizer(client, summit, category):
    lead = UserFactory()
    delegation = DelegationFactory(summit=summit, lead=lead, category=category)
    RegistrationFactory(summit=summit, user=lead, category=category)
    closed = roundtable(summit, title="Hypersonic secrets", restriction=Restriction.US_PERSONS)
    ItineraryItemFactory(delegation=delegation, kind="summit_session", session=closed, title="", notes="ITAR brief")
    ItineraryItemFactory(delegation=delegation, title="Visit to the lab", notes="Bring ID")
    entries = client.get(
        f"/api/summits/{summit.slug}/delegations/{delegation.pk}/itinerary/", **bearer(token_for(lead, summit))
    ).json()
    titles = sorted((e["title"], e["closed"], e["notes"]) for e in entries)
    assert titles == [("Closed session", True, ""), ("Visit to the lab", False, "Bring ID")]


def test_staff_session_without_two_factor_is_refused_on_staff_endpoints(client, settings, summit, organizer):
    settings.STAFF_MFA_REQUIRED = True
    client.force_login(organizer)
    response = client.get(f"/api/summits/{summit.slug}/registrations/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Sign in with your second factor first."}
    # A token was made from a session that passed two-factor: it works.
    assert (
        client.get(f"/api/summits/{summit.slug}/registrations/", **bearer(token_for(organizer, summit))).status_code
        == 200
    )


@pytest.mark.parametrize("endpoint", ["signups", "delegations"])
def test_everyones_rows_need_the_organizers_second_factor(client, settings, summit, organizer, endpoint):
    """Sign-ups and delegations are open to any signed-in person (their own rows); an organizer
    gets everyone's, and so must have passed two-factor, as on the organizer pages."""
    settings.STAFF_MFA_REQUIRED = True
    client.force_login(organizer)
    response = client.get(f"/api/summits/{summit.slug}/{endpoint}/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Sign in with your second factor first."}
    assert (
        client.get(f"/api/summits/{summit.slug}/{endpoint}/", **bearer(token_for(organizer, summit))).status_code == 200
    )
