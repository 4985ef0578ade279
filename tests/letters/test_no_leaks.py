"""Passport data stays out of logs, CSV exports and the organizers' queue; the queue's query count is flat."""

import logging

import pytest
from django.urls import reverse

from letters.models import LetterRequest
from letters.services import submit_letter_request
from tests.factories import RegistrationFactory, SessionFactory

from .conftest import as_cleaned, valid_data
from .test_letter_pdf_and_verify import issue

pytestmark = pytest.mark.django_db


def test_the_whole_flow_logs_no_passport_data(client, registration, organizer, caplog):
    summit = registration.summit
    # seed_demo (run earlier in the same process by other tests) quiets the audit logger: undo it here.
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="conclave.audit"):
        client.force_login(registration.user)
        client.post(reverse("letters:mine", kwargs={"slug": summit.slug}), valid_data(summit))
        letter = LetterRequest.objects.get()
        client.force_login(organizer)
        client.post(reverse("letters:review", kwargs={"slug": summit.slug, "pk": letter.pk}))
        client.post(reverse("letters:approve", kwargs={"slug": summit.slug, "pk": letter.pk}))
        client.get(reverse("letters:pdf", kwargs={"slug": summit.slug, "pk": letter.pk}))
        letter.refresh_from_db()
        client.get(f"/letters/verify/{letter.reference}/", {"c": letter.verify_code})
    logged = caplog.text
    assert "letters.request.approved" in logged  # the audit lines are there
    for secret in ("K1234567", "1988-04-12", "12 April 1988", letter.verify_code):
        assert secret not in logged


def test_csv_exports_carry_no_passport_data(client, registration, organizer):
    summit = registration.summit
    session = SessionFactory(summit=summit)
    issue(registration, organizer)
    client.force_login(organizer)
    urls = [
        reverse("badges:export", kwargs={"slug": summit.slug}),
        f"/summits/{summit.slug}/manage/agenda/sessions/{session.pk}/attendees.csv",
        f"/summits/{summit.slug}/manage/agenda/sessions/{session.pk}/compliance.csv",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "K1234567" not in body and "1988" not in body and "Chicago" not in body


@pytest.mark.parametrize("count", [1, 20])
def test_the_queue_query_count_does_not_grow(client, summit, organizer, category, count, django_assert_max_num_queries):
    for _ in range(count):
        registration = RegistrationFactory(summit=summit, category=category)
        submit_letter_request(user=registration.user, summit=summit, data=as_cleaned(valid_data(summit)))
    client.force_login(organizer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("letters:queue", kwargs={"slug": summit.slug}))
    assert response.content.decode().count("•••••567") == count
