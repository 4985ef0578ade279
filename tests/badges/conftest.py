import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.factories import CategoryFactory, RegistrationFactory, SummitFactory, UserFactory


def _run(args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, timeout=60, **kwargs)


def decode_qr(pdf, *, page=1, dpi=150):
    """The QR payloads a real decoder (zbar) reads from one page of the PDF, rendered by poppler."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "badge.pdf"
        path.write_bytes(pdf)
        _run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), str(path), str(Path(tmp) / "p")])
        (image,) = Path(tmp).glob("p-*.png")
        result = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, timeout=60)
        return sorted(line for line in result.stdout.decode().splitlines() if line)


def pdf_text(pdf, *args):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "badge.pdf"
        path.write_bytes(pdf)
        return _run(["pdftotext", *args, str(path), "-"]).stdout.decode()


def pdf_fonts(pdf):
    """[(font name, embedded?)] as pdffonts lists them."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "badge.pdf"
        path.write_bytes(pdf)
        lines = _run(["pdffonts", str(path)]).stdout.decode().splitlines()[2:]
    fonts = []
    for line in lines:
        parts = line.split()
        # name type... encoding emb sub uni object ID: emb is the 5th field from the end
        fonts.append((parts[0], parts[-5] == "yes"))
    return fonts


@pytest.fixture
def other_summit(db):
    return SummitFactory()


@pytest.fixture
def staff_user(summit):
    from tests.factories import CheckinStaffFactory

    return CheckinStaffFactory(summit=summit).user


@pytest.fixture
def approved(summit, category):
    return RegistrationFactory(summit=summit, category=category, badge_name="Priya Raman", organisation="DRDO")


def make_registrations(summit, count, **kwargs):
    category = kwargs.pop("category", None) or CategoryFactory(summit=summit)
    return [RegistrationFactory(summit=summit, category=category, user=UserFactory(), **kwargs) for _ in range(count)]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Print runs save their PDFs through the default storage: keep them out of the project."""
    settings.MEDIA_ROOT = tmp_path / "media"
