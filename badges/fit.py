"""Fit a name to the badge's width: measure it with the fonts' own advance widths.

WeasyPrint has no "shrink to fit", so the builder measures each name with the
horizontal metrics of the bold Noto fonts the badge uses (Latin with accents,
Devanagari, ...) and picks a font size that fits one line, or two lines at the
smallest size. CSS still clips as a last guard, so a name can never overflow.
"""

import math
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIRS = [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto")]
FONT_FILES = ["NotoSans-Bold.ttf", "NotoSansDevanagari-Bold.ttf"]
UNKNOWN_CHAR_EM = 1.0  # conservative: wider than any Latin or Devanagari letter
MAX_PT = 26.0
MIN_PT = 14.0
TWO_LINE_MAX_PT = 18.0
FLOOR_PT = 8.0


@lru_cache(maxsize=1)
def _metrics():
    """[(cmap, hmtx, units_per_em), ...] for the fonts found on this machine."""
    fonts = []
    for name in FONT_FILES:
        for directory in FONT_DIRS:
            path = directory / name
            if path.exists():
                font = TTFont(path, lazy=True)
                cmap = font.getBestCmap()
                hmtx = font["hmtx"]
                units = font["head"].unitsPerEm
                fonts.append(({cp: hmtx[glyph][0] / units for cp, glyph in cmap.items()}, units))
                font.close()
                break
    return fonts


@lru_cache(maxsize=4096)
def _char_em(char):
    cp = ord(char)
    for widths, _units in _metrics():
        if cp in widths:
            return widths[cp]
    return UNKNOWN_CHAR_EM


def width_em(text):
    """The width of `text` in em of the badge's bold font (no kerning: a slight overestimate)."""
    return sum(_char_em(c) for c in text)


def name_font_size(text, *, width_pt, max_pt=MAX_PT, min_pt=MIN_PT):
    """(font size in pt, lines) so that `text` fits `width_pt`: one line if it can, else two at most."""
    em = width_em(text) or 1.0
    size = width_pt / em
    if size >= min_pt:
        return math.floor(min(size, max_pt) * 2) / 2, 1
    # Two lines: the text wraps at spaces (or anywhere, for one very long word);
    # 15 % slack for a break that does not fall in the middle.
    size = width_pt * 2 / (em * 1.15)
    return max(math.floor(min(size, TWO_LINE_MAX_PT) * 2) / 2, FLOOR_PT), 2
