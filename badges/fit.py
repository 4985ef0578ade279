"""Fit a name to the badge's width: measure it as it will be printed.

WeasyPrint has no "shrink to fit", so the builder measures each name and picks a font size
that fits one line, or two lines at the smallest size. The measure is the shaped width:
HarfBuzz (the shaper WeasyPrint's Pango uses) with the bold Noto fonts of the badge, so
Devanagari conjuncts, half forms, reordered matras and zero-width signs count as printed,
not as a sum of letters. CSS still clips as a last guard, so a name can never overflow.
"""

import math
import unicodedata
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont

FONT_DIRS = [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto")]
# In the stylesheet's order: Latin (with accents) first, then Devanagari.
FONT_FILES = ["NotoSans-Bold.ttf", "NotoSansDevanagari-Bold.ttf"]
UNKNOWN_CHAR_EM = 1.0  # conservative: wider than any Latin or Devanagari letter
MAX_PT = 26.0
MIN_PT = 14.0
TWO_LINE_MAX_PT = 18.0
FLOOR_PT = 8.0
JOINERS = {"\u200c", "\u200d"}  # ZWNJ, ZWJ: they shape with their neighbours


class _Font:
    def __init__(self, path):
        face = hb.Face(hb.Blob.from_file_path(str(path)))
        self.font = hb.Font(face)
        self.upem = face.upem
        with TTFont(path, lazy=True) as ttf:
            self.covers = frozenset(ttf.getBestCmap())

    def width_em(self, text):
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(self.font, buffer, {"kern": True, "liga": True})
        return sum(position.x_advance for position in buffer.glyph_positions) / self.upem


@lru_cache(maxsize=1)
def _fonts():
    """The badge's fonts found on this machine, in the stylesheet's order."""
    found = []
    for name in FONT_FILES:
        path = next((d / name for d in FONT_DIRS if (d / name).exists()), None)
        if path is not None:
            found.append(_Font(path))
    return found


def _joins_previous(char):
    # Vowel signs, viramas, nuktas and joiners belong to the cluster before them.
    return char in JOINERS or unicodedata.category(char) in ("Mn", "Mc", "Me")


def _runs(text):
    """[(font or None, text)]: each character in the first font that has it, as Pango picks;
    marks stay with their base so a cluster is shaped whole."""
    runs = []
    fonts = _fonts()
    for char in text:
        if runs and _joins_previous(char):
            runs[-1][1].append(char)
            continue
        font = next((f for f in fonts if ord(char) in f.covers), None)
        if runs and runs[-1][0] is font:
            runs[-1][1].append(char)
        else:
            runs.append((font, [char]))
    return [(font, "".join(chars)) for font, chars in runs]


@lru_cache(maxsize=4096)
def width_em(text):
    """The printed width of `text` in em of the badge's bold fonts."""
    return sum(font.width_em(run) if font is not None else len(run) * UNKNOWN_CHAR_EM for font, run in _runs(text))


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
