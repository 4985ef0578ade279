from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from letters.models import LetterRequest
from letters.services import approve_letter_requests, submit_letter_request
from tests.badges.helpers import decode_qr, pdf_text

from .conftest import as_cleaned, valid_data

pytestmark = pytest.mark.django_db


def issue(registration, organizer, **overrides):
    summit = registration.summit
    submit_letter_request(user=registration.user, summit=summit, data=as_cleaned(valid_data(summit, **overrides)))
    letter = LetterRequest.objects.get(user=registration.user)
    approve_letter_requests(summit=summit, ids=[letter.pk], actor=organizer)
    letter.refresh_from_db()
    return letter


def test_the_person_downloads_a_letter_with_name_reference_and_a_qr_that_verifies(client, registration, organizer):
    letter = issue(registration, organizer, passport_name="प्रिया रमन")
    client.force_login(registration.user)
    response = client.get(reverse("letters:mine-pdf", kwargs={"slug": registration.summit.slug}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "प्रिया रमन" in text
    assert f"Reference: {letter.reference}" in text
    assert "K1234567" in text
    (payload,) = decode_qr(response.content)
    assert payload == f"http://testserver/letters/verify/{letter.reference}/?c={letter.verify_code}"
    parts = urlsplit(payload)
    client.logout()
    page = client.get(parts.path, {"c": parse_qs(parts.query)["c"][0]})
    assert page.status_code == 200
    assert "Valid" in page.text and registration.summit.name in page.text
    assert "प••••• ••न" in page.text
    for secret in ("प्रिया रमन", "K1234567", "1988", "India"):
        assert secret not in page.text


def test_a_revoked_letter_verifies_as_revoked(client, registration, organizer):
    letter = issue(registration, organizer)
    client.force_login(organizer)
    client.post(
        reverse("letters:revoke", kwargs={"slug": registration.summit.slug, "pk": letter.pk}), {"reason": "Withdrawn."}
    )
    client.logout()
    page = client.get(f"/letters/verify/{letter.reference}/", {"c": letter.verify_code})
    assert page.status_code == 200 and "Revoked" in page.text


def test_a_wrong_code_answers_exactly_like_an_unknown_reference(client, registration, organizer):
    letter = issue(registration, organizer)
    wrong_code = client.get(f"/letters/verify/{letter.reference}/", {"c": "A" * 22})
    unknown = client.get("/letters/verify/ABCDEFGHJK/", {"c": letter.verify_code})
    bad_shape = client.get("/letters/verify/x'<>/", {"c": "short"})
    assert wrong_code.status_code == unknown.status_code == bad_shape.status_code == 404
    assert wrong_code.content == unknown.content == bad_shape.content


def test_the_verify_page_is_rate_limited(client, settings):
    settings.LETTER_VERIFY_RATE_LIMIT = "3/m"
    statuses = [client.get("/letters/verify/ABCDEFGHJK/", {"c": "A" * 22}).status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_organizers_download_audited_and_other_summits_organizers_cannot(
    client, registration, organizer, audit_actions
):
    from tests.factories import SummitFactory, UserFactory

    letter = issue(registration, organizer)
    client.force_login(organizer)
    url = reverse("letters:pdf", kwargs={"slug": registration.summit.slug, "pk": letter.pk})
    assert client.get(url).content.startswith(b"%PDF")
    assert audit_actions()[-1] == "letters.letter.downloaded"
    other = SummitFactory()
    stranger = UserFactory(is_staff=True)
    other.organizers.add(stranger)
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.get(reverse("letters:pdf", kwargs={"slug": other.slug, "pk": letter.pk})).status_code == 404


def test_masks():
    from letters.masking import mask_middle, mask_tail

    assert mask_middle("Priya Raman") == "P•••• ••••n"
    assert mask_tail("K1234567") == "•••••567"
    assert mask_tail("") == ""


def test_a_letter_still_verifies_after_its_passport_data_is_purged(client, registration, organizer):
    # A consulate checks a letter weeks after the summit: the purge erases the passport data
    # and the PDF, but the reference, the masked name and the validity must still answer.
    from datetime import date, timedelta

    from letters.services import purge_passport_data

    letter = issue(registration, organizer)
    summit = registration.summit
    summit.start_date = date.today() - timedelta(days=40)
    summit.end_date = date.today() - timedelta(days=35)
    summit.save()
    assert purge_passport_data() == 1
    letter.refresh_from_db()
    assert (letter.passport_number, letter.pdf) == (None, None)
    page = client.get(f"/letters/verify/{letter.reference}/", {"c": letter.verify_code})
    assert page.status_code == 200
    assert "Valid" in page.text and summit.name in page.text
    assert "K1234567" not in page.text
    # The PDF is erased with the data: the download answers 404, not an error.
    client.force_login(registration.user)
    response = client.get(reverse("letters:mine-pdf", kwargs={"slug": summit.slug}))
    assert response.status_code == 404
