import json

import pytest
from django.core.management import call_command

from archive.queries import export_summit, export_summit_json
from archive.schema import ArchiveError
from archive.services import import_summit
from summits.models import Registration, Summit
from tests.archives import canonical, without_audit

pytestmark = pytest.mark.django_db


def test_round_trip_keeps_everything_of_the_demo_summit():
    call_command("seed_demo")
    original = Summit.objects.get(slug="bengaluru-2027")
    from badges.checkin import check_in
    from badges.models import Badge, Checkin
    from badges.services import ensure_badges

    ensure_badges(list(original.registrations.filter(status="approved")))
    first = original.registrations.filter(status="approved").first()
    check_in(summit=original, registration=first, staff=original.organizers.get(), desk="Desk 1")
    archive = json.loads(export_summit_json(original))
    from delegations.models import ItineraryItem, Organisation

    organisations = Organisation.objects.count()

    copy = import_summit(archive, slug="bengaluru-2027-copy", organizers=["organizer@conclave.example"])

    assert copy.pk != original.pk
    # Audit entries come in marked as imported (test_archived_audit_entries_come_in_marked_as_imported).
    copied = json.loads(export_summit_json(copy))
    assert canonical(without_audit(copied)) == canonical(without_audit(archive))
    archived_entries = [row for row in archive["objects"] if row["model"] == "summits.auditentry"]
    assert copy.audit_entries.filter(action="ops.archive.imported_entry").count() == len(archived_entries) > 40
    assert list(copy.audit_entries.exclude(action="ops.archive.imported_entry").values_list("action", flat=True)) == [
        "ops.summit.imported"
    ]
    assert Registration.objects.filter(summit=copy).count() == 201
    assert set(copy.organizers.values_list("email", flat=True)) == {"organizer@conclave.example"}
    # Delegations and itineraries travel too; shared organisations are reused, not doubled.
    assert copy.delegations.count() == original.delegations.count() > 0
    assert (
        ItineraryItem.objects.filter(delegation__summit=copy).count()
        == ItineraryItem.objects.filter(delegation__summit=original).count()
    )
    assert len(archive["shared"]) > 0
    assert Organisation.objects.count() == organisations
    assert (
        Badge.objects.filter(registration__summit=copy).count()
        == Badge.objects.filter(registration__summit=original).count()
    )
    assert Checkin.objects.get(summit=copy).desk == "Desk 1"
    # A copy in the same installation gets fresh secrets (they are unique).
    assert set(copy.delegations.values_list("feed_token", flat=True)).isdisjoint(
        original.delegations.values_list("feed_token", flat=True)
    )


def test_import_into_an_empty_installation_creates_people_without_passwords(django_user_model):
    call_command("seed_demo")
    archive = json.loads(export_summit_json(Summit.objects.get(slug="bengaluru-2027")))
    Summit.objects.all().delete()
    django_user_model.objects.all().delete()

    summit = import_summit(archive)

    assert summit.slug == "bengaluru-2027"
    person = django_user_model.objects.get(email="attendee@conclave.example")
    assert not person.has_usable_password()
    assert Registration.objects.get(user=person).badge_name == "Sam Carter"


@pytest.mark.parametrize(
    ("archive", "code"),
    [
        ({"format": "something else"}, "wrong_format"),
        ([], "wrong_format"),
        ({"format": "conclave-summit-archive/1", "objects": []}, "no_summit"),
        (
            {"format": "conclave-summit-archive/1", "slug": "x", "objects": [{"model": "summits.summit", "pk": 1}]},
            "damaged",
        ),
    ],
)
def test_bad_archives_are_refused_and_nothing_is_stored(archive, code):
    with pytest.raises(ArchiveError) as error:
        import_summit(archive)
    assert error.value.code == code
    assert not Summit.objects.exists()


def test_importing_onto_a_taken_address_is_refused(summit):
    with pytest.raises(ArchiveError) as error:
        import_summit(export_summit(summit))
    assert error.value.code == "slug_taken"


def test_damaged_row_rolls_back_the_whole_import(summit, registration):
    archive = json.loads(export_summit_json(summit))
    archive["objects"][-1]["fields"]["registration"] = 999999  # points nowhere
    archive["objects"].append(
        {"model": "summits.registrationanswer", "pk": 5, "fields": {"registration": 999, "question": 1}}
    )
    with pytest.raises(ArchiveError):
        import_summit(archive, slug="fresh")
    assert not Summit.objects.filter(slug="fresh").exists()


def test_commands_round_trip(tmp_path, summit, registration):
    out = tmp_path / "summit.json"
    call_command("export_summit", summit.slug, "--out", str(out))
    call_command("import_summit", str(out), "--slug", "copied")
    assert Registration.objects.get(summit__slug="copied").badge_name == registration.badge_name


def test_timestamps_keep_their_microseconds(summit, registration):
    from datetime import UTC, datetime

    moment = datetime(2026, 5, 1, 10, 0, 0, 500, tzinfo=UTC)
    Registration.objects.filter(pk=registration.pk).update(created=moment)
    copy = import_summit(json.loads(export_summit_json(summit)), slug="precise")
    assert Registration.objects.get(summit=copy).created == moment


def test_rows_of_other_models_are_refused_so_an_archive_cannot_create_accounts(summit, django_user_model):
    archive = json.loads(export_summit_json(summit))
    archive["objects"].append(
        {"model": "auth.user", "pk": 999, "fields": {"username": "pwn", "is_superuser": True, "is_staff": True}}
    )
    with pytest.raises(ArchiveError) as error:
        import_summit(archive, slug="evil")
    assert error.value.code == "foreign_rows"
    assert not django_user_model.objects.filter(username="pwn").exists()
    assert not Summit.objects.filter(slug="evil").exists()


def test_a_second_summit_in_an_archive_is_refused(summit):
    archive = json.loads(export_summit_json(summit))
    archive["objects"].append(dict(archive["objects"][0], pk=12345))
    with pytest.raises(ArchiveError) as error:
        import_summit(archive, slug="two")
    assert error.value.code == "no_summit"


def test_private_feed_links_and_invitation_tokens_are_not_exported(summit, registration):
    from summits.calendar.tokens import renew_feed_token

    token = renew_feed_token(registration).token
    data = export_summit_json(summit)
    assert token[16:] not in data and '"summits.feedtoken"' not in data
