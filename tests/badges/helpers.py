"""Helpers shared by the badge tests: read a PDF as a person (or a scanner) would."""

import subprocess
import tempfile
from pathlib import Path


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


def badge_data(name="Ann Lee", **kwargs):
    """A badge's printed data. The secret is derived from the name, not random: a QR decode test
    then renders the same codes every run, so a failure is the renderer's, never the draw's."""
    import hashlib

    from badges.pdf import BadgeData
    from badges.secrets import ALPHABET, LENGTH

    digest = hashlib.sha256(name.encode()).digest()
    defaults = dict(
        name=name,
        organisation="Hindustan Aeronautics",
        country="India",
        category="Startup / SME",
        colour="#1a7f37",
        delegation="",
        secret="".join(ALPHABET[b % len(ALPHABET)] for b in digest[:LENGTH]),
    )
    return BadgeData(**{**defaults, **kwargs})
