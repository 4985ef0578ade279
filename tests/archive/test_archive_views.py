import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from summits.models import Registration, Summit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_organizer_downloads_archive_and_staff_imports_it_elsewhere(client, summit, organizer, registration):
    client.force_login(organizer)
    response = client.get(f"/summits/{summit.slug}/manage/export.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="{summit.slug}-')
    archive = response.content

    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    upload = SimpleUploadedFile("summit.json", archive, content_type="application/json")
    response = client.post("/summits/import/", {"archive": upload, "slug": "imported"})
    # The file names an organizer: the importer is asked first, nothing is imported yet.
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<input type="checkbox" name="organizers" value="{organizer.email}" id="id_organizers_0">' in html
    assert f'name="reviewed_organizers" value="{organizer.email}"' in html
    assert not Summit.objects.filter(slug="imported").exists()

    upload = SimpleUploadedFile("summit.json", archive, content_type="application/json")
    response = client.post(
        "/summits/import/",
        {
            "archive": upload,
            "slug": "imported",
            "reviewed_organizers": organizer.email,
            "organizers": [organizer.email],
        },
    )
    assert response.status_code == 302 and response["Location"] == "/summits/imported/manage/"
    imported = Summit.objects.get(slug="imported")
    assert set(imported.organizers.all()) == {staff, organizer}
    assert Registration.objects.get(summit=imported).badge_name == registration.badge_name


def test_export_is_404_for_organizers_of_other_summits(client, summit):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"/summits/{summit.slug}/manage/export.json").status_code == 404


def test_import_page_is_404_for_non_staff(client, attendee):
    client.force_login(attendee)
    assert client.get("/summits/import/").status_code == 404


@pytest.mark.parametrize(
    ("content", "slug", "field", "message"),
    [
        (b"not json at all", "x", "archive", "The file is not a JSON archive."),
        (json.dumps({"format": "other"}).encode(), "x", "archive", "This is not a Conclave summit archive"),
        (b"{}", "not a slug!", "slug", "Enter a valid “slug”"),
    ],
)
def test_bad_imports_show_the_error_at_the_field_and_keep_the_slug(client, content, slug, field, message):
    client.force_login(UserFactory(is_staff=True))
    upload = SimpleUploadedFile("a.json", content)
    response = client.post("/summits/import/", {"archive": upload, "slug": slug})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error">{message}' in html
    assert f'value="{slug}"' in html
    assert not Summit.objects.exists()
