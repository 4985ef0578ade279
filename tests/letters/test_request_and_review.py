from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from letters.enums import LetterStatus
from letters.models import LetterRequest
from tests.factories import RegistrationFactory, SummitFactory, UserFactory

from .conftest import valid_data

pytestmark = pytest.mark.django_db


def url(summit, name, **kw):
    return reverse(f"letters:{name}", kwargs={"slug": summit.slug, **kw})


def test_an_approved_registrant_requests_a_letter_and_organizers_are_told(
    client, registration, organizer, audit_actions
):
    summit = registration.summit
    client.force_login(registration.user)
    response = client.post(url(summit, "mine"), valid_data(summit))
    assert response.status_code == 302
    letter = LetterRequest.objects.get()
    assert (letter.status, letter.passport_number, str(letter.date_of_birth)) == ("submitted", "K1234567", "1988-04-12")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([registration.user.email, organizer.email])
    assert all("K1234567" not in m.body and "1988" not in m.body for m in mail.outbox)
    assert audit_actions() == ["letters.request.submitted"]


def test_the_raw_columns_never_hold_the_plaintext(client, registration):
    client.force_login(registration.user)
    client.post(url(registration.summit, "mine"), valid_data(registration.summit))
    with connection.cursor() as cursor:
        cursor.execute("SELECT passport_number, date_of_birth FROM letters_letterrequest")
        number, birth = cursor.fetchone()
    assert "K1234567" not in number and "1988" not in birth
    assert number.startswith("gAAAA") and birth.startswith("gAAAA")


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"departure": "2000-01-01"}, "departure", None),
        ({"passport_expiry": "2001-01-01"}, "passport_expiry", "This passport has already expired."),
        ({"passport_number": "ab"}, "passport_number", "A passport number is 5 to 20 letters and digits."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_stored(client, registration, overrides, field, message):
    summit = registration.summit
    client.force_login(registration.user)
    data = valid_data(summit, **overrides)
    response = client.post(url(summit, "mine"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert errors[field] == [message]
    assert response.context["form"].data["passport_name"] == "Priya Raman"
    assert LetterRequest.objects.count() == 0


def test_a_passport_expiring_within_six_months_of_departure_is_refused_with_the_reason(client, registration):
    summit = registration.summit
    departure = summit.end_date + timedelta(days=1)
    client.force_login(registration.user)
    response = client.post(
        url(summit, "mine"), valid_data(summit, passport_expiry=(departure + timedelta(days=100)).isoformat())
    )
    assert response.status_code == 400
    (error,) = response.context["form"].errors["passport_expiry"]
    assert "six months after departure" in error
    assert LetterRequest.objects.count() == 0


def test_someone_not_approved_cannot_request(client, summit):
    pending = RegistrationFactory(summit=summit, status="pending")
    client.force_login(pending.user)
    response = client.post(url(summit, "mine"), valid_data(summit))
    assert response.status_code == 400
    assert LetterRequest.objects.count() == 0
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.post(url(summit, "mine"), valid_data(summit)).status_code == 400
    assert LetterRequest.objects.count() == 0


def submit(client, registration):
    client.force_login(registration.user)
    client.post(url(registration.summit, "mine"), valid_data(registration.summit))
    return LetterRequest.objects.get(user=registration.user)


def test_the_queue_shows_passport_numbers_masked(client, registration, organizer):
    submit(client, registration)
    client.force_login(organizer)
    response = client.get(url(registration.summit, "queue"))
    assert response.status_code == 200
    assert "•••••567" in response.text and "K1234567" not in response.text and "1988" not in response.text


def test_showing_the_full_passport_number_is_audited(client, registration, organizer, audit_actions):
    letter = submit(client, registration)
    client.force_login(organizer)
    page = client.get(url(registration.summit, "review", pk=letter.pk))
    assert "K1234567" not in page.text
    shown = client.post(url(registration.summit, "review", pk=letter.pk))
    assert "K1234567" in shown.text and "12 April 1988" in shown.text
    assert audit_actions()[-1] == "letters.passport.viewed"


def test_changes_needed_then_resubmit_then_approve(client, registration, organizer, audit_actions):
    summit = registration.summit
    letter = submit(client, registration)
    client.force_login(organizer)
    assert client.post(url(summit, "changes", pk=letter.pk), {"reason": ""}).status_code == 400
    client.post(url(summit, "changes", pk=letter.pk), {"reason": "Your consulate is in New York."})
    letter.refresh_from_db()
    assert (letter.status, letter.review_note) == ("changes_needed", "Your consulate is in New York.")
    client.force_login(registration.user)
    page = client.get(url(summit, "mine"))
    assert "Your consulate is in New York." in page.text
    client.post(url(summit, "mine"), valid_data(summit, consulate="New York"))
    letter.refresh_from_db()
    assert (letter.status, letter.consulate) == ("submitted", "New York")
    client.force_login(organizer)
    assert client.post(url(summit, "approve", pk=letter.pk)).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.APPROVED and len(letter.reference) == 10 and letter.pdf.startswith(b"%PDF")
    assert audit_actions() == [
        "letters.request.submitted",
        "letters.request.changes_needed",
        "letters.request.submitted",
        "letters.request.approved",
    ]
    subjects = [m.subject for m in mail.outbox if m.to == [registration.user.email]]
    assert subjects[-1] == f"Your visa letter for {summit.name} is ready"


def test_reject_with_reason_mails_the_person(client, registration, organizer):
    letter = submit(client, registration)
    client.force_login(organizer)
    client.post(url(registration.summit, "reject", pk=letter.pk), {"reason": "Not a delegate."})
    letter.refresh_from_db()
    assert letter.status == "rejected"
    assert "Not a delegate." in mail.outbox[-1].body


def test_bulk_approve(client, summit, organizer, category):
    letters = [submit(client, RegistrationFactory(summit=summit, category=category)) for _ in range(3)]
    client.force_login(organizer)
    response = client.post(url(summit, "queue"), {"selected": [letter.pk for letter in letters[:2]]})
    assert response.status_code == 302
    assert sorted(LetterRequest.objects.values_list("status", flat=True)) == ["approved", "approved", "submitted"]
    assert client.post(url(summit, "queue"), {"selected": ["x"]}).status_code == 400
    # An id past the database's integer range (the form fuzz found a 500) or junk beside a real id
    # approves nothing.
    for junk in (["9" * 30], [str(letters[2].pk), "²"]):
        assert client.post(url(summit, "queue"), {"selected": junk}).status_code == 400
    assert LetterRequest.objects.filter(status="submitted").count() == 1


def test_organizers_of_another_summit_and_attendees_cannot_reach_a_request(client, registration, organizer):
    letter = submit(client, registration)
    other = SummitFactory()
    other_organizer = UserFactory(is_staff=True)
    other.organizers.add(other_organizer)
    client.force_login(other_organizer)
    assert client.get(url(registration.summit, "review", pk=letter.pk)).status_code == 404
    assert client.get(url(other, "review", pk=letter.pk)).status_code == 404
    assert client.post(url(other, "approve", pk=letter.pk)).status_code == 404
    assert client.post(url(other, "queue"), {"selected": [letter.pk]}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == "submitted"
    someone = RegistrationFactory(summit=registration.summit)
    client.force_login(someone.user)
    assert client.get(url(registration.summit, "review", pk=letter.pk)).status_code == 404
    assert client.get(url(registration.summit, "mine-pdf")).status_code == 404
