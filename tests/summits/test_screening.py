"""The screening page (verify, revoke) and every change that ends eligibility releasing places."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from summits.agenda.scheduling import reschedule_session
from summits.agenda.signups import screen_attendee, sign_up_for_session
from summits.enums import RegistrationStatus, Restriction, SignupStatus
from summits.models import AuditEntry, Registration, SessionSignup
from summits.registration.services import set_registration_status
from summits.screening.services import declared_facts, looks_like_document_number, verify_eligibility
from tests.factories import RegistrationFactory, RoomFactory, SummitFactory, UserFactory, roundtable
from tests.summits.helpers import admin_change_data

pytestmark = pytest.mark.django_db

TITLE = "Undersea sensing (closed)"


def screening_url(summit):
    return f"/summits/{summit.slug}/manage/screening/"


def text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def org_client(client, organizer):
    client.force_login(organizer)
    return client


@pytest.fixture
def declared(summit):
    """An approved attendee who declared U.S. citizenship; nobody has verified it."""
    return RegistrationFactory(
        summit=summit, badge_name="Dana Lee", is_us_person=True, country_of_citizenship="US", verified=False
    )


def verify_data(registration, **changes):
    data = {
        "action": "verify",
        "registration": registration.pk,
        "facts": declared_facts(registration),
        "document": "green_card",
        "reference": "Card shown at the registration desk",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "reference,refused",
    [
        ("Passport shown at desk 2", False),
        ("Green card seen by Asha, 10:15", False),
        ("", False),
        ("Z1234567", True),
        ("passport Z 123 4567", True),
        ("A-1234-5678", True),
        ("SRC1234567890 seen", True),
    ],
)
def test_a_reference_that_looks_like_a_document_number_is_refused(reference, refused):
    assert looks_like_document_number(reference) is refused


@pytest.mark.parametrize("who", ["anonymous", "attendee", "other_organizer"])
def test_screening_page_is_404_to_anyone_but_the_summits_organizers(client, summit, declared, who):
    if who == "attendee":
        client.force_login(declared.user)
    elif who == "other_organizer":
        other = SummitFactory()
        user = UserFactory()
        other.organizers.add(user)
        client.force_login(user)
    assert client.get(screening_url(summit)).status_code == 404
    assert client.post(screening_url(summit), verify_data(declared)).status_code == 404
    declared.refresh_from_db()
    assert declared.eligibility_status == "awaiting"


def test_organizer_verifies_with_who_when_how_and_an_audit_entry(org_client, summit, organizer, declared):
    page = text(org_client.get(screening_url(summit)))
    assert "Awaiting verification (1)" in page and "Dana Lee" in page
    assert "United States of America · U.S. person" in page
    response = org_client.post(screening_url(summit), verify_data(declared))
    assert response.status_code == 302
    declared.refresh_from_db()
    assert declared.eligibility_verified
    assert (declared.eligibility_checked_by, declared.eligibility_document, declared.eligibility_reference) == (
        organizer,
        "green_card",
        "Card shown at the registration desk",
    )
    entry = AuditEntry.objects.get(action="summits.eligibility.verified")
    assert (entry.actor, entry.object_id, entry.data["document"]) == (organizer, str(declared.pk), "green_card")
    detail = text(org_client.get(f"/summits/{summit.slug}/manage/registrations/{declared.pk}/"))
    when = f"{declared.eligibility_checked_at.astimezone(summit.tz):%-d %b %Y %H:%M}"
    assert (
        f"Verified by {organizer.email} on {when} (Green card (permanent resident card)): "
        "Card shown at the registration desk"
    ) in detail
    assert "Declared United States of America · U.S. person" in detail


def test_a_document_number_as_reference_is_refused_at_the_field_and_kept(org_client, summit, declared):
    response = org_client.post(screening_url(summit), verify_data(declared, reference="Passport Z 123 4567"))
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        f'<p class="error" id="id_reference_{declared.pk}_error">Do not record document numbers. Describe what '
        "you saw, e.g. “passport shown at desk 2”.</p>"
    ) in html
    assert 'value="Passport Z 123 4567"' in html
    declared.refresh_from_db()
    assert declared.eligibility_status == "awaiting"
    assert not AuditEntry.objects.filter(action="summits.eligibility.verified").exists()


def test_missing_document_and_foreign_registration_are_refused(org_client, summit, declared):
    response = org_client.post(screening_url(summit), verify_data(declared, document=""))
    assert response.status_code == 400
    assert f'id="id_document_{declared.pk}_error">Choose the document you saw.</p>' in response.content.decode()
    foreign = RegistrationFactory(is_us_person=True, verified=False)
    response = org_client.post(screening_url(summit), verify_data(foreign))
    assert response.status_code == 400
    assert "Select a valid choice." in text(response)
    foreign.refresh_from_db()
    assert foreign.eligibility_status == "awaiting"


def test_facts_changed_since_the_page_was_read_are_not_verified(org_client, summit, declared):
    seen = declared_facts(declared)
    Registration.objects.filter(pk=declared.pk).update(country_of_citizenship="GB")
    response = org_client.post(screening_url(summit), verify_data(declared, facts=seen))
    assert response.status_code == 400
    assert "The attendee changed their details meanwhile: check them again before verifying." in text(response)
    declared.refresh_from_db()
    assert declared.eligibility_status == "awaiting"


def test_revoke_needs_a_reason(org_client, summit, declared):
    response = org_client.post(screening_url(summit), {"action": "revoke", "registration": declared.pk, "reason": ""})
    assert response.status_code == 400
    assert f'id="id_reason_{declared.pk}_error">Say why: the decision is recorded with its reason.</p>' in (
        response.content.decode()
    )


def test_dashboard_links_the_screening_page(org_client, summit):
    assert f'href="{screening_url(summit)}"' in org_client.get(f"/summits/{summit.slug}/manage/").content.decode()


# --- Losing eligibility releases the seat: one test per trigger -----------------------------


@pytest.fixture
def full_session(summit):
    """A U.S.-persons-only roundtable with one seat: a verified U.S. person holds it, another waits."""
    session = roundtable(summit, title=TITLE, capacity=1, restriction=Restriction.US_PERSONS)
    holder = RegistrationFactory(summit=summit, is_us_person=True, country_of_citizenship="US")
    waiting = RegistrationFactory(summit=summit, is_us_person=True, country_of_citizenship="US")
    sign_up_for_session(registration=holder, session=session)
    sign_up_for_session(registration=waiting, session=session)
    mail.outbox.clear()
    return session, holder, waiting


def assert_released_and_promoted(session, holder, waiting, *, told=True):
    assert SessionSignup.objects.get(registration=holder, session=session).status == SignupStatus.CANCELLED
    assert SessionSignup.objects.get(registration=waiting, session=session).status == SignupStatus.CONFIRMED
    to_holder = [m for m in mail.outbox if m.to == [holder.user.email]]
    if told:
        assert [m.subject for m in to_holder] == [f"{session.summit.name}: session places released"]
    for message in to_holder:
        assert TITLE not in message.subject + message.body
    assert [m.subject for m in mail.outbox if m.to == [waiting.user.email]] == [
        f"{session.summit.name}: a seat freed up: you are in"
    ]
    entry = AuditEntry.objects.get(action="summits.signup.released")
    return entry.data["reason"]


def test_revoking_a_verification_releases_the_seat(org_client, summit, full_session):
    session, holder, waiting = full_session
    response = org_client.post(
        screening_url(summit), {"action": "revoke", "registration": holder.pk, "reason": "Card was expired"}
    )
    assert response.status_code == 302
    assert assert_released_and_promoted(session, holder, waiting) == "eligibility_revoked"
    assert AuditEntry.objects.get(action="summits.eligibility.revoked").data["reason"] == "Card was expired"


def test_changing_a_fact_releases_the_seat(client, summit, full_session):
    session, holder, waiting = full_session
    client.force_login(holder.user)
    client.post(
        f"/summits/{summit.slug}/me/",
        {"badge_name": holder.badge_name, "organisation": "Acme", "country_of_citizenship": "US", "save": "1"},
    )
    holder.refresh_from_db()
    assert (holder.is_us_person, holder.eligibility_status) == (False, "awaiting")
    assert assert_released_and_promoted(session, holder, waiting) == "facts_changed"


def test_denying_a_clearance_releases_the_seat(summit, organizer):
    session = roundtable(summit, title=TITLE, capacity=1, restriction=Restriction.CLEARED)
    holder, waiting = RegistrationFactory(summit=summit), RegistrationFactory(summit=summit)
    for person in (holder, waiting):
        screen_attendee(session=session, registration=person, granted=True, reason="Vetted", actor=organizer)
        sign_up_for_session(registration=person, session=session)
    mail.outbox.clear()
    screen_attendee(session=session, registration=holder, granted=False, reason="Withdrawn", actor=organizer)
    assert assert_released_and_promoted(session, holder, waiting) == "clearance_denied"


def test_tightening_a_restriction_in_the_agenda_builder_releases_the_seat(org_client, summit):
    session = roundtable(summit, title=TITLE, capacity=1, room=RoomFactory(summit=summit))
    holder = RegistrationFactory(summit=summit, country_of_citizenship="IN")
    waiting = RegistrationFactory(summit=summit, is_us_person=True, country_of_citizenship="US")
    sign_up_for_session(registration=holder, session=session)
    sign_up_for_session(registration=waiting, session=session)
    mail.outbox.clear()
    local = session.starts_at.astimezone(summit.tz)
    response = org_client.post(
        f"/summits/{summit.slug}/manage/agenda/sessions/{session.pk}/",
        {
            "title": TITLE,
            "kind": "roundtable",
            "room": session.room_id,
            "day": local.date().isoformat(),
            "start_time": f"{local:%H:%M}",
            "end_time": f"{local + (session.ends_at - session.starts_at):%H:%M}",
            "capacity": "1",
            "needs_signup": "on",
            "restriction": "us_persons",
        },
    )
    assert response.status_code == 302
    assert assert_released_and_promoted(session, holder, waiting) == "restriction_changed"


def test_tightening_a_restriction_in_the_admin_releases_the_seat(client, summit):
    session = roundtable(summit, title=TITLE, capacity=1, restriction=Restriction.COUNTRIES, allowed_countries=["IN"])
    holder = RegistrationFactory(summit=summit, country_of_citizenship="IN")
    waiting = RegistrationFactory(summit=summit, country_of_citizenship="US")
    sign_up_for_session(registration=holder, session=session)
    reschedule_session(session, actor=None, allowed_countries=["IN", "US"])
    sign_up_for_session(registration=waiting, session=session)
    mail.outbox.clear()
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="summits"))
    summit.organizers.add(staff)
    client.force_login(staff)
    # Everything as the admin shows it (times in the active zone): only the countries change.
    data = admin_change_data(session, staff, allowed_countries=["US"])
    response = client.post(f"/admin/summits/session/{session.pk}/change/", data)
    assert response.status_code == 302, text(response)[:2000]
    assert assert_released_and_promoted(session, holder, waiting) == "restriction_changed"


def test_a_status_change_releases_the_seat(summit, organizer, full_session):
    session, holder, waiting = full_session
    set_registration_status(holder, RegistrationStatus.DECLINED, actor=organizer)
    # The registration mail tells the person; no second mail about places.
    assert assert_released_and_promoted(session, holder, waiting, told=False) == "registration_status"
    assert [m.subject for m in mail.outbox if m.to == [holder.user.email]] == [
        f"{summit.name}: your registration is declined"
    ]


def test_verification_in_the_admin_is_read_only(client, summit, declared):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    html = client.get(f"/admin/summits/registration/{declared.pk}/change/").content.decode()
    assert 'name="eligibility_status"' not in html and 'name="verified_us_person"' not in html


def test_a_place_in_line_is_released_too_and_the_next_verified_person_gets_the_seat(summit, organizer):
    session = roundtable(summit, title=TITLE, capacity=1, restriction=Restriction.US_PERSONS)
    holder = RegistrationFactory(summit=summit, is_us_person=True, country_of_citizenship="US")
    unverified = RegistrationFactory(summit=summit, is_us_person=True, country_of_citizenship="US")
    verified = RegistrationFactory(summit=summit, is_us_person=True, country_of_citizenship="US")
    for person in (holder, unverified, verified):
        sign_up_for_session(registration=person, session=session)
    # The second in line changes a fact while waiting: their place is released at once.
    Registration.objects.filter(pk=unverified.pk).update(eligibility_status="awaiting")
    from summits.screening.services import release_ineligible_places

    assert [s.session_id for s in release_ineligible_places(unverified, reason="facts_changed")] == [session.pk]
    set_registration_status(holder, RegistrationStatus.CANCELLED, actor=holder.user)
    assert SessionSignup.objects.get(registration=verified).status == SignupStatus.CONFIRMED
    # Verifying again does not hand back a released place: they sign up again.
    verify_eligibility(unverified, actor=organizer, document="passport", reference="")
    assert SessionSignup.objects.get(registration=unverified).status == SignupStatus.CANCELLED
