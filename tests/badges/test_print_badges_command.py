import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from badges.models import Badge
from tests.badges.helpers import decode_qr
from tests.factories import CategoryFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_print_badges_writes_a_pdf_of_the_filtered_attendees_and_marks_them(tmp_path, summit, category):
    media = CategoryFactory(summit=summit, name="Media")
    RegistrationFactory(summit=summit, category=category, badge_name="Kept Out")
    wanted = RegistrationFactory(summit=summit, category=media, badge_name="Meera Nair")
    out = tmp_path / "badges.pdf"
    stdout = io.StringIO()
    call_command(
        "print_badges",
        summit.slug,
        "--format",
        "letter",
        "--cut-marks",
        "--category",
        "Media",
        "--not-printed",
        "--out",
        str(out),
        stdout=stdout,
    )
    assert "Wrote 1 badge(s)" in stdout.getvalue()
    pdf = out.read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    assert round(float(reader.pages[0].mediabox.height)) == 792
    assert "Meera Nair" in reader.pages[0].extract_text() and "Kept Out" not in reader.pages[0].extract_text()
    assert decode_qr(pdf) == [Badge.objects.get(registration=wanted).secret]
    assert Badge.objects.get(registration=wanted).printed_at is not None
    with pytest.raises(CommandError, match="nothing to print"):
        call_command("print_badges", summit.slug, "--category", "Media", "--not-printed", "--out", str(out))


def test_print_badges_names_the_problem(tmp_path, summit):
    with pytest.raises(CommandError, match="No summit"):
        call_command("print_badges", "nope", "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="No category 'VIP'"):
        call_command("print_badges", summit.slug, "--category", "VIP", "--out", str(tmp_path / "x.pdf"))
