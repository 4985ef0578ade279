"""What archives of format 2 added: every Hindi text (the `_hi` columns of every model that has
them, the letter template's too) and the screeners travel; archives of format 1 still import."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from modeltranslation.translator import translator

from archive.queries import export_summit_json
from archive.schema import ARCHIVED_MODELS, ArchiveError
from archive.services import import_summit
from summits.models import Summit
from tests.archives import canonical, without_audit

pytestmark = pytest.mark.django_db

OLD_ARCHIVE = Path(__file__).parent / "data" / "summit-format-1.json"
PATHS = dict(ARCHIVED_MODELS)


def translated_fields():
    """{model: [field, ...]} of every model with Hindi columns (modeltranslation's registry)."""
    return {
        model: sorted(translator.get_options_for_model(model).fields) for model in translator.get_registered_models()
    }


def rows_of(model, summit):
    return model.objects.filter(**{PATHS[model._meta.label_lower]: summit.pk}).order_by("pk")


def hindi_texts(summit):
    """{model label: sorted (field, Hindi text) pairs} of everything under the summit."""
    return {
        model._meta.label_lower: sorted(
            (name, value)
            for row in rows_of(model, summit).values(*[f"{name}_hi" for name in fields])
            for name, value in row.items()
        )
        for model, fields in translated_fields().items()
    }


@pytest.fixture
def demo_summit():
    call_command("seed_demo")
    return Summit.objects.get(slug="bengaluru-2027")


def test_every_model_with_hindi_texts_is_archived():
    assert {model._meta.label_lower for model in translated_fields()} <= set(PATHS)


def test_round_trip_keeps_every_hindi_text_and_the_screeners(demo_summit, client):
    from letters.models import LetterTemplate

    for model, fields in translated_fields().items():
        for row in rows_of(model, demo_summit):  # one text per row and field: unique where names are
            model.objects.filter(pk=row.pk).update(**{f"{name}_hi": f"हिन्दी {name} {row.pk}" for name in fields})
    LetterTemplate.objects.filter(summit=demo_summit).update(letterhead="letters/letterheads/pune.png")
    original = hindi_texts(demo_summit)
    assert all(original.values()) and "letters.lettertemplate" in original
    screeners = set(demo_summit.screeners.values_list("user__email", flat=True))
    assert screeners

    with translation.override("hi"):  # the exporter reads Hindi pages: the archive is the same
        text = export_summit_json(demo_summit)
    archive = json.loads(text)
    assert archive["format"] == "conclave-summit-archive/2"
    assert archive["objects"][0]["fields"]["name"] == "Conclave Bengaluru 2027"
    assert "letterheads/pune.png" not in text  # uploaded files stay here
    copy = import_summit(archive, slug="bengaluru-copy", organizers=["organizer@conclave.example"])

    assert hindi_texts(copy) == original
    assert set(copy.screeners.values_list("user__email", flat=True)) == screeners
    assert canonical(without_audit(json.loads(export_summit_json(copy)))) == canonical(without_audit(archive))
    template = LetterTemplate.objects.get(summit=copy)
    assert not template.letterhead and template.body_hi == f"हिन्दी body {demo_summit.letter_template.pk}"
    with translation.override("hi"):
        copy = Summit.objects.get(pk=copy.pk)
        assert copy.name == f"हिन्दी name {demo_summit.pk}"
        assert copy.sessions.order_by("starts_at", "pk").first().title.startswith("हिन्दी title ")
    # The screener screens the copy as they did the original.
    client.force_login(copy.screeners.get().user)
    assert client.get(reverse("summits:manage-screening", args=[copy.slug])).status_code == 200


def test_an_archive_of_format_1_still_imports():
    archive = json.loads(OLD_ARCHIVE.read_text(encoding="utf-8"))

    summit = import_summit(archive)

    assert (summit.slug, summit.name_en, summit.name_hi, summit.tagline_en) == (
        "pune-2026",
        "Conclave Pune 2026",
        None,
        "Trusted supply chains",
    )
    session = summit.sessions.get()
    assert (session.title_en, session.title_hi, session.room.name_en) == ("Opening plenary", None, "Main hall")
    with translation.override("hi"):  # no Hindi yet: Hindi readers see the English
        assert Summit.objects.get(pk=summit.pk).name == "Conclave Pune 2026"
    assert list(summit.checkin_staff.values_list("user__email", flat=True)) == ["desk@pune.example"]
    assert not summit.screeners.exists()


def test_the_import_command_reads_an_archive_of_format_1():
    call_command("import_summit", str(OLD_ARCHIVE), "--slug", "pune-again")
    assert Summit.objects.get(slug="pune-again").rooms.get().name == "Main hall"


def test_a_format_from_the_future_is_refused():
    archive = json.loads(OLD_ARCHIVE.read_text(encoding="utf-8"))
    archive["format"] = "conclave-summit-archive/3"
    with pytest.raises(ArchiveError) as error:
        import_summit(archive)
    assert error.value.code == "wrong_format"
    assert not Summit.objects.exists()
