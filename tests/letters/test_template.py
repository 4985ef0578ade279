import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from letters.models import LetterRequest, LetterTemplate
from tests.badges.helpers import pdf_text

from .test_letter_pdf_and_verify import issue

pytestmark = pytest.mark.django_db


def png():
    out = io.BytesIO()
    Image.new("RGB", (40, 10), "navy").save(out, format="PNG")
    return SimpleUploadedFile("head.png", out.getvalue(), content_type="image/png")


def test_the_edited_template_is_used_on_the_next_letter(client, registration, organizer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("letters:template", kwargs={"slug": registration.summit.slug})
    client.force_login(organizer)
    assert "Letters use the default template" in client.get(url).text
    body = "Dear consul in {consulate},\n\nPlease admit {name} ({passport_number}) to {summit}."
    response = client.post(
        url, {"signer_name": "Anjali Rao", "signer_title": "Secretary General", "body": body, "letterhead": png()}
    )
    assert response.status_code == 302
    template = LetterTemplate.objects.get()
    assert template.letterhead.name.startswith("letters/letterheads/")
    letter = issue(registration, organizer)
    text = " ".join(pdf_text(LetterRequest.objects.get(pk=letter.pk).pdf).split())
    assert "Dear consul in Chicago," in text
    assert f"Please admit Priya Raman (K1234567) to {registration.summit.name}." in text
    assert "Anjali Rao Secretary General" in text


def test_unknown_placeholders_are_refused_and_nothing_is_saved(client, registration, organizer):
    url = reverse("letters:template", kwargs={"slug": registration.summit.slug})
    client.force_login(organizer)
    response = client.post(url, {"signer_name": "A", "signer_title": "B", "body": "Hello {nmae.__class__} {name}"})
    assert response.status_code == 400
    assert response.context["form"].errors["body"] == ["Unknown placeholders: {nmae.__class__}."]
    assert response.context["form"].data["signer_name"] == "A"
    assert LetterTemplate.objects.count() == 0


def test_another_summits_organizer_cannot_edit_the_template(client, registration):
    from tests.factories import UserFactory

    stranger = UserFactory(is_staff=True)
    client.force_login(stranger)
    url = reverse("letters:template", kwargs={"slug": registration.summit.slug})
    assert client.get(url).status_code == 404
    assert client.post(url, {"signer_name": "A", "signer_title": "B", "body": "x"}).status_code == 404
    assert LetterTemplate.objects.count() == 0
