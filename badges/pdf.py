"""Badge PDFs: registrations in, PDF bytes out. Views and jobs only wrap the bytes.

The work is split so nothing is done twice and both cores work: the parent
process measures names and renders the HTML of each chunk with Django's
templates (the QR image's source is a placeholder carrying the secret); worker
processes make each QR code (a one-pixel-per-module PNG data: URI, scaled up
without smoothing: far cheaper for WeasyPrint than an SVG path) and turn the
chunks into PDF, stylesheet and fonts set up once per worker; the parent merges
the parts in order.
"""

import math
import re
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.formats import date_format

from .enums import BadgeFormat
from .fit import name_font_size, width_em
from .render import QR_SCHEME, render_chunks

STATIC_DIR = Path(__file__).resolve().parent / "static"
CSS_PATH = STATIC_DIR / "badges" / "badge.css"
NAME_WIDTH_PT = 3.64 * 72 - 6  # the name box, less a little for kerning and shaping
CHUNK_BADGES = 30  # a multiple of six: sheets never straddle two chunks
HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")

PAGE = {
    BadgeFormat.BADGE: ("4in 3in", "single", 1),
    BadgeFormat.A4: ("A4", "sheet sheet-a4", 6),
    BadgeFormat.LETTER: ("letter", "sheet sheet-letter", 6),
}


@dataclass
class BadgeData:
    """Everything printed on one badge."""

    name: str
    organisation: str
    country: str
    category: str
    colour: str
    delegation: str
    secret: str
    summit_name: str = ""
    summit_dates: str = ""
    language: str = "en"  # the holder's: the band, the labels and the summit line are in it

    def context(self):
        name_pt, name_lines = name_font_size(self.name, width_pt=NAME_WIDTH_PT)
        # The band's category name: one line, 14 pt when it fits, down to 8 pt, then an ellipsis.
        band_pt = min(14.0, max(8.0, NAME_WIDTH_PT / ((width_em(self.category.upper()) or 1) * 1.06)))
        colour = self.colour if HEX_COLOUR.match(self.colour or "") else "#57606a"
        return {
            "name": self.name,
            "name_pt": name_pt,
            "name_lines": name_lines,
            "organisation": self.organisation,
            "country": self.country,
            "delegation": self.delegation,
            "category": self.category,
            "language": self.language,
            "summit_name": self.summit_name,
            "summit_dates": self.summit_dates,
            "colour": colour,
            "band_ink": "light" if _is_dark(colour) else "dark",
            "band_pt": math.floor(band_pt * 2) / 2,
            "qr": qr_src(self.secret),
            "code_display": " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4)),
        }


def _is_dark(colour):
    hexpart = colour.lstrip("#")
    if len(hexpart) == 3:
        hexpart = "".join(c * 2 for c in hexpart)
    r, g, b = (int(hexpart[i : i + 2], 16) for i in (0, 2, 4))
    return (0.299 * r + 0.587 * g + 0.114 * b) < 150


def qr_src(secret):
    """The badge template's image source for `secret`; a render worker swaps in the QR image."""
    return f"{QR_SCHEME}{secret}"


def summit_dates(summit):
    """The summit's days, month names in the active language."""
    start, end = summit.start_date, summit.end_date
    if start == end:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date_format(end, 'j F Y')}"
    return f"{date_format(start, 'j F')} – {date_format(end, 'j F Y')}"


def build_documents(badges, *, fmt, cut_marks=False, summit_name="", summit_dates_text="", chunk=CHUNK_BADGES):
    """The HTML documents (one per chunk of badges) for `badges` in the given format, made lazily."""
    page_size, page_class, per_page = PAGE[BadgeFormat(fmt)]
    for offset in range(0, len(badges), chunk):
        part = [badge.context() for badge in badges[offset : offset + chunk]]
        pages = [part[i : i + per_page] for i in range(0, len(part), per_page)]
        yield (
            render_to_string(
                "badges/pdf/document.html",
                {
                    "pages": pages,
                    "page_size": page_size,
                    "page_class": page_class,
                    "crop_marks": cut_marks and per_page == 1,
                    "sheet_marks": cut_marks and per_page > 1,
                    "summit_name": summit_name,
                    "summit_dates": summit_dates_text,
                },
            )
        )


def badge_stylesheet():
    return CSS_PATH.read_text()


def render_badges(
    badges, *, fmt, cut_marks=False, summit_name="", summit_dates_text="", processes=None, on_progress=None
):
    """PDF bytes of `badges` (a list of BadgeData). `on_progress(done)` is told after each chunk."""
    if not badges:
        raise ValueError("No badges to print.")
    documents = build_documents(
        badges, fmt=fmt, cut_marks=cut_marks, summit_name=summit_name, summit_dates_text=summit_dates_text
    )
    # Rendering in this process is quicker for one chunk than starting workers.
    if len(badges) <= CHUNK_BADGES:
        processes = 1

    def progress(chunks_done):
        if on_progress:
            on_progress(min(len(badges), chunks_done * CHUNK_BADGES))

    return render_chunks(
        documents,
        css_text=badge_stylesheet(),
        static_roots=[STATIC_DIR],
        base_url=STATIC_DIR.as_uri() + "/",
        processes=processes,
        on_chunk=progress,
    )
