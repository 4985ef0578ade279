"""Letter PDFs: plain data in, PDF bytes out. Jobs and views only wrap the bytes.

The stylesheet and fonts are set up once per process; the QR code and any images go in as
data: URIs, and the URL fetcher loads nothing else (no network, no file system)."""

import base64
import html
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from badges.render import qr_png_data_uri

CSS_PATH = Path(__file__).resolve().parent / "static" / "letters" / "letter.css"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
ANY_BRACES = re.compile(r"\{([^{}\n]*)\}")
PLACEHOLDERS = (
    "name",
    "passport_number",
    "nationality",
    "date_of_birth",
    "passport_expiry",
    "organisation",
    "summit",
    "city",
    "venue",
    "start",
    "end",
    "arrival",
    "departure",
    "consulate",
    "purpose",
)


@dataclass
class LetterData:
    """Everything printed on one letter."""

    values: dict  # placeholder name -> text
    body: str
    reference: str
    issue_date: str
    verify_url: str
    signer_name: str
    signer_title: str
    summit_name: str
    letterhead: bytes = b""
    signature: bytes = b""
    labels: dict = field(default_factory=dict)
    language: str = "en"  # the html lang: Pango shapes and picks fonts by it


def unknown_placeholders(body):
    return sorted({name for name in ANY_BRACES.findall(body) if name not in PLACEHOLDERS})


def fill(body, values):
    """The body with each {placeholder} replaced by its value; unknown ones stay as typed."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m[1], m[0])), body)


def _data_uri(image):
    if not image:
        return ""
    kind = "png" if image.startswith(b"\x89PNG") else "jpeg"
    return f"data:image/{kind};base64," + base64.b64encode(image).decode()


def letter_html(data):
    e = html.escape
    paragraphs = "".join(
        f"<p>{e(part).replace(chr(10), '<br>')}</p>"
        for part in fill(data.body, data.values).split("\n\n")
        if part.strip()
    )
    head = (
        f'<img class="letterhead" src="{_data_uri(data.letterhead)}" alt="">'
        if data.letterhead
        else f'<p class="org">{e(data.summit_name)}</p>'
    )
    signature = f'<img class="signature" src="{_data_uri(data.signature)}" alt="">' if data.signature else ""
    labels = data.labels
    return (
        f'<!doctype html><html lang="{e(data.language)}"><head><meta charset="utf-8"><title>'
        + e(labels.get("title", "Invitation letter"))
        + "</title></head><body>"
        + head
        + f'<div class="meta"><p>{e(labels.get("reference", "Reference"))}: <b>{e(data.reference)}</b></p>'
        + f"<p>{e(labels.get('date', 'Date'))}: {e(data.issue_date)}</p></div>"
        + f'<div class="body">{paragraphs}</div>'
        + signature
        + f'<p class="signer"><b>{e(data.signer_name)}</b><br>{e(data.signer_title)}</p>'
        + f'<div class="verify"><img src="{qr_png_data_uri(data.verify_url)}" alt="">'
        + f"<p>{e(labels.get('verify', 'Verify this letter'))}:<br>{e(data.verify_url)}</p></div>"
        + "</body></html>"
    )


@lru_cache(maxsize=1)
def _setup():
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from badges.fetcher import StaticOnlyURLFetcher

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    font_config = FontConfiguration()
    fetcher = StaticOnlyURLFetcher(())
    css = CSS(string=CSS_PATH.read_text(), font_config=font_config, url_fetcher=fetcher)
    return font_config, fetcher, css


def render_letter_pdf(data):
    from weasyprint import HTML

    font_config, fetcher, css = _setup()
    return HTML(string=letter_html(data), url_fetcher=fetcher, base_url="/").write_pdf(
        stylesheets=[css], font_config=font_config
    )
