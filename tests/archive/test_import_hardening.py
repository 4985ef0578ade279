"""Issue 11: a summit archive is untrusted input. Refused archives store nothing."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from archive.queries import export_summit_json
from archive.schema import ArchiveError
from archive.services import import_summit
from delegations.models import Delegation, Invitation, Organisation, ScoutingTrip, SiteVisit
from summits.models import AuditEntry, Registration, Summit
from tests.factories import DelegationFactory, ItineraryItemFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(summit, organizer, registration):
    """A summit with an organizer, a registration, a delegation with an invitation and a site visit."""
    from summits.audit import log_action

    delegation = DelegationFactory(summit=summit, category=registration.category, name="U.S. industry delegation")
    Invitation.objects.create(
        delegation=delegation, email="guest@example.org", category=registration.category, invited_by=organizer
    )
    trip = ScoutingTrip.objects.create(delegation=delegation, name="Bengaluru labs", city="Bengaluru")
    item = ItineraryItemFactory(delegation=delegation, kind="site_visit", title="Lab visit")
    SiteVisit.objects.create(item=item, trip=trip, host=OrganisationFactory(name="Tonbo", website="https://t.example"))
    log_action("summits.registration.approved", actor=organizer, summit=summit, obj=registration)
    data = json.loads(export_summit_json(summit))
    summit.delete()
    Organisation.objects.all().delete()
    AuditEntry.objects.all().delete()
    return data


def stored():
    return (
        Summit.objects.count(),
        Registration.objects.count(),
        Delegation.objects.count(),
        Organisation.objects.count(),
    )


def summit_fields(archive):
    return archive["objects"][0]["fields"]


BAD_SLUG = "The archive's address is not a valid address; choose another (letters, digits, - and _)."
INVALID = "The archive holds invalid data (%s)."


@pytest.mark.parametrize(
    ("mutate", "code", "message"),
    [
        (lambda a: a.update(slug="not a slug/"), "bad_slug", BAD_SLUG),
        (lambda a: a.update(slug=["list"]), "bad_slug", BAD_SLUG),
        (
            lambda a: summit_fields(a).update(timezone="Mars/Olympus"),
            "invalid",
            INVALID % "summits.summit {summit_pk}: timezone: Value 'Mars/Olympus' is not a valid choice.",
        ),
        (lambda a: a.update(shared={"not": "a list"}), "damaged", "The archive is damaged: “shared” must be a list."),
        (lambda a: a.update(users="nobody"), "damaged", "The archive is damaged: “users” must be a list."),
        (
            lambda a: a["shared"][0]["fields"].update(website="javascript:alert(1)"),
            "invalid",
            INVALID % "delegations.organisation {organisation_pk}: website: Enter a valid URL.",
        ),
        (
            lambda a: a["shared"][0]["fields"].update(website="ftp://files.example"),
            "invalid",
            INVALID % "delegations.organisation {organisation_pk}: website: Enter a valid URL.",
        ),
        (
            lambda a: summit_fields(a).update(end_date="1999-01-01"),
            "invalid",
            INVALID % "summits.summit {summit_pk}: end_date: The summit must end on or after its first day.",
        ),
        (
            lambda a: a["users"][0].update(email={"x": 1}),
            "damaged",
            "The archive is damaged: a person's name or address is not text.",
        ),
        (lambda a: a["objects"][1].update(fields=[1, 2]), "damaged", "The archive is damaged: a row has no fields."),
        (
            lambda a: summit_fields(a).update(description=json.loads("[" * 40 + "]" * 40)),
            "too_deep",
            "The archive nests data deeper than a summit archive does; it was refused.",
        ),
    ],
)
def test_bad_archives_are_refused_with_a_message_and_store_nothing(archive, mutate, code, message):
    pks = {"summit_pk": archive["objects"][0]["pk"], "organisation_pk": archive["shared"][0]["pk"]}
    mutate(archive)
    with pytest.raises(ArchiveError) as error:
        import_summit(archive)
    assert (error.value.code, error.value.message) == (code, message.format(**pks))
    assert stored() == (0, 0, 0, 0)


def test_an_archived_bad_slug_is_refused_at_the_slug_field_and_the_home_page_still_works(client, archive):
    archive["slug"] = "Bad Slug!"
    client.force_login(UserFactory(is_staff=True))
    upload = SimpleUploadedFile("a.json", json.dumps(archive).encode())
    response = client.post("/summits/import/", {"archive": upload, "slug": ""})
    assert response.status_code == 400
    assert (
        'id="id_slug_error">The archive&#x27;s address is not a valid address; choose another (letters, digits, - and _).'
        in response.content.decode()
    )
    assert stored() == (0, 0, 0, 0)
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("depth", [40, 200_000])
def test_deeply_nested_json_is_refused_at_the_archive_field(client, depth):
    client.force_login(UserFactory(is_staff=True))
    upload = SimpleUploadedFile("a.json", b"[" * depth + b"]" * depth)
    response = client.post("/summits/import/", {"archive": upload, "slug": "deep"})
    assert response.status_code == 400
    html = response.content.decode()
    expected = {
        40: 'id="id_archive_error">This is not a Conclave summit archive',
        200_000: 'id="id_archive_error">The file nests data deeper than a summit archive does; it was refused.',
    }[depth]
    assert expected in html
    assert not Summit.objects.exists()


def test_nested_json_inside_a_valid_archive_is_refused_on_the_import_page(client, archive):
    summit_fields(archive)["tagline"] = json.loads("[" * 40 + "]" * 40)
    client.force_login(UserFactory(is_staff=True))
    upload = SimpleUploadedFile("a.json", json.dumps(archive).encode())
    response = client.post("/summits/import/", {"archive": upload, "slug": "deep"})
    assert response.status_code == 400
    assert (
        'id="id_archive_error">The archive nests data deeper than a summit archive does; it was refused.'
        in response.content.decode()
    )
    assert stored() == (0, 0, 0, 0)


def test_tokens_in_the_file_are_never_used(archive):
    rows = {row["model"]: row for row in archive["objects"]}
    rows["delegations.delegation"]["fields"].update(feed_token="attacker-known-feed-token-1234567890")
    rows["delegations.invitation"]["fields"].update(token="attacker-known-invite-token-1234567890")
    summit = import_summit(archive)
    delegation = summit.delegations.get()
    invitation = Invitation.objects.get(delegation=delegation)
    assert delegation.feed_token != "attacker-known-feed-token-1234567890"
    assert invitation.token != "attacker-known-invite-token-1234567890"
    assert (len(delegation.feed_token), len(invitation.token)) == (32, 32)
    assert delegation.feed_token_selector == delegation.feed_token[:16]


def test_archived_audit_entries_come_in_marked_as_imported(archive):
    row = next(row for row in archive["objects"] if row["model"] == "summits.auditentry")
    row["fields"]["action"] = "summits.session.clearance_granted"  # as if done here
    organizer_email = next(u["email"] for u in archive["users"] if u["id"] == row["fields"]["actor"])
    importer = UserFactory(is_staff=True)

    summit = import_summit(archive, actor=importer)

    imported = summit.audit_entries.get(action="ops.archive.imported_entry")
    registration = summit.registrations.get()
    assert (imported.actor, imported.object_type, imported.object_id, imported.data) == (
        None,
        "summits.registration",
        str(registration.pk),
        {"imported": True, "action": "summits.session.clearance_granted", "actor": organizer_email, "data": {}},
    )
    assert not AuditEntry.objects.filter(action="summits.session.clearance_granted").exists()
    native = summit.audit_entries.get(action="ops.summit.imported")
    assert (native.actor, native.data) == (importer, {"organizers_kept": [], "audit_entries_imported": 1})


def test_an_import_makes_nobody_of_the_file_an_organizer_unless_named(archive, organizer):
    summit = import_summit(archive)
    assert list(summit.organizers.all()) == []
    Summit.objects.all().delete()
    summit = import_summit(archive, organizers=[organizer.email])
    assert list(summit.organizers.all()) == [organizer]


def test_an_organizer_not_named_in_the_file_cannot_be_smuggled_in(archive):
    with pytest.raises(ArchiveError) as error:
        import_summit(archive, organizers=["intruder@example.org"])
    assert error.value.code == "unknown_organizer"
    assert stored() == (0, 0, 0, 0)


def test_import_page_lists_the_files_organizers_unticked_and_imports_only_the_ticked(client, archive, organizer):
    other = UserFactory(email="second@example.org")
    summit_fields(archive)["organizers"].append(999)
    archive["users"].append(
        {"id": 999, "username": other.username, "email": other.email, "first_name": "", "last_name": ""}
    )
    importer = UserFactory(is_staff=True)
    client.force_login(importer)
    content = json.dumps(archive).encode()

    response = client.post("/summits/import/", {"archive": SimpleUploadedFile("a.json", content), "slug": "copy"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This archive names 2 organizers. Nothing was imported yet" in html
    for i, email in enumerate(sorted([organizer.email, other.email])):
        assert f'<input type="checkbox" name="organizers" value="{email}" id="id_organizers_{i}">' in html
    reviewed = " ".join(sorted([organizer.email, other.email]))
    assert f'name="reviewed_organizers" value="{reviewed}"' in html
    assert stored() == (0, 0, 0, 0)

    # A forged choice is refused at the field.
    response = client.post(
        "/summits/import/",
        {
            "archive": SimpleUploadedFile("a.json", content),
            "slug": "copy",
            "reviewed_organizers": reviewed,
            "organizers": ["intruder@example.org"],
        },
    )
    assert response.status_code == 400
    assert (
        'id="id_organizers_error">Select a valid choice. intruder@example.org is not one of'
        in response.content.decode()
    )
    assert stored() == (0, 0, 0, 0)

    response = client.post(
        "/summits/import/",
        {
            "archive": SimpleUploadedFile("a.json", content),
            "slug": "copy",
            "reviewed_organizers": reviewed,
            "organizers": [other.email],
        },
    )
    assert response.status_code == 302
    assert set(Summit.objects.get(slug="copy").organizers.all()) == {importer, other}


def test_command_refuses_a_bad_archive_with_the_message_and_stores_nothing(tmp_path, archive):
    archive["slug"] = "no spaces allowed"
    path = tmp_path / "a.json"
    path.write_text(json.dumps(archive))
    with pytest.raises(CommandError) as error:
        call_command("import_summit", str(path))
    assert (
        str(error.value) == "The archive's address is not a valid address; choose another (letters, digits, - and _)."
    )
    assert stored() == (0, 0, 0, 0)


def test_command_refuses_deep_json(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(CommandError) as error:
        call_command("import_summit", str(path))
    assert str(error.value) == f"Cannot read {path}: it nests data deeper than a summit archive does."


def test_command_keeps_the_files_organizers_only_with_the_flag(tmp_path, archive, organizer, capsys):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(archive))
    call_command("import_summit", str(path), "--slug", "without")
    assert list(Summit.objects.get(slug="without").organizers.all()) == []
    assert f"Not made organizers (pass --keep-organizers to keep them): {organizer.email}" in capsys.readouterr().out
    call_command("import_summit", str(path), "--slug", "with", "--keep-organizers")
    assert list(Summit.objects.get(slug="with").organizers.all()) == [organizer]
