"""Finding English left in a page rendered in another language.

What a person reads (text nodes, and the labels a screen reader speaks) is split into runs of
Latin text; a run is fine when it is data (a value stored in the database: names, emails,
organisations, what organizers wrote), a brand or an abbreviation. Everything else is English
that was never marked for translation, or marked and never translated.

`pseudo_translation()` is a stand-in catalogue that turns every marked string into look-alike
full-width letters, so that whatever still reads in plain Latin letters was never marked,
whatever the state of the real catalogue.
"""

import re
import unicodedata
from html.parser import HTMLParser

from django.apps import apps
from django.db import models
from django.utils.translation import trans_real

# Read by a person although not prose of ours: brands, products, formats, standards, the Enter
# key, and the airline code of the flight-number example ("AI 104").
ALLOWED = {
    word.casefold().strip(".-")
    for word in """
    Conclave QR PDF CSV iCal ICS .ics API APIs U.S. U.S.-person UTC IANA JSON XML HTTP HTTPS URL SHA-256 ITAR EAR NDA
    webcal Google Calendar Outlook Outlook.com Apple Thunderbird khal Authorization Bearer frab Swagger OpenAPI
    SVG TOTP ms POST GET Standard Webhooks Gurukul INDUS-X SME ID OK JPEG PNG Avery
    Enter AI
    """.split()
}
# Text in these elements is code or data by nature (tokens, URLs, secrets), not prose.
SKIPPED_ELEMENTS = {"script", "style", "code", "pre", "textarea", "template"}
SPOKEN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
# A run of Latin text (accented letters included: names are data): letters with the punctuation
# that sits inside names and titles; a run's pieces are split at separators and rejoined as needed.
# × (U+00D7) and ÷ (U+00F7) sit in that block but are signs, not letters.
LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
LATIN_RUN = re.compile(rf"[0-9]*[{LATIN}][{LATIN}0-9 .,'’&@()/:+_#=?%·|-]*")
SEPARATORS = re.compile(r"(\s*[,;:()·|]\s*|[.!?]\s+|\s+[-/]\s+)")
WORD = re.compile(rf"[{LATIN}][{LATIN}0-9.'’@_+-]*")
HAS_LATIN = re.compile(rf"[{LATIN}]")
# An address or a path, such as "/summits/<यह>/" or "Asia/Kolkata": code, whatever the language.
PATH = re.compile(r"\S*/\S*")
CODE = re.compile(r"[a-z]{1,3}[0-9]+", re.IGNORECASE)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SKIPPED_ELEMENTS:
            self._skip += 1
        for name in SPOKEN_ATTRIBUTES:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def readable_texts(html):
    reader = _Reader()
    reader.feed(html)
    return reader.texts


def _normal(text):
    return " ".join(text.split()).casefold().strip(" .,:;!?–—-“”\"'‘’()[]…")


def data_strings():
    """Every short text stored in the database, normalised: what organizers, attendees and the
    demo wrote is data, shown as written in every language."""
    found = set()
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if value:
                    text = str(value)
                    found.add(_normal(text))
                    found.update(_normal(line) for line in text.splitlines())
    # Names shown as "first last" are stored as two fields; badge codes are shown in groups of four.
    from django.contrib.auth import get_user_model

    from badges.models import Badge
    from letters.pdf import PLACEHOLDERS

    for first, last in get_user_model().objects.values_list("first_name", "last_name"):
        found.add(_normal(f"{first} {last}"))
    for secret in Badge.objects.values_list("secret", flat=True):
        found.add(_normal(" ".join(secret[i : i + 4] for i in range(0, len(secret), 4))))
    # The letter template's placeholders ({passport_name}) are typed by organizers as they are.
    found.update(PLACEHOLDERS)
    from zoneinfo import available_timezones

    from django_countries import countries

    found.update(_normal(name) for name in dict(countries).values())
    found.update(_normal(zone.replace("_", " ")) for zone in available_timezones())
    found.update(_normal(zone) for zone in available_timezones())
    found.discard("")
    return found


def _is_allowed(piece, data):
    if not HAS_LATIN.search(piece):
        return True
    piece = _normal(piece)
    if piece in data:
        return True
    piece = PATH.sub(" ", piece)
    # "UTC+05:30", "SHA-256" and "U.S.-" are allowed words with their digits, dots and dashes;
    # "T5", "A4" are codes.
    return all(
        word.casefold().strip(".-") in ALLOWED
        or word.rstrip("0123456789+-−:.").casefold().strip(".-") in ALLOWED | {""}
        or CODE.fullmatch(word)
        for word in WORD.findall(piece)
    )


def _run_is_allowed(run, data, cut, text):
    """A run is fine when it splits at separators into consecutive spans each of which is data
    or allowed words (a title may hold a colon, a list of names commas) or part of a data string
    that `text` holds whole. A run cut short (`cut`) may end in the start of a data string."""
    parts = SEPARATORS.split(run)
    pieces = len(parts) // 2 + 1
    fine = [True] + [False] * pieces
    for end in range(1, pieces + 1):
        for start in range(end):
            if fine[start]:
                span = "".join(parts[2 * start : 2 * end - 1])
                if (
                    _is_allowed(span, data)
                    or (cut and end == pieces and _starts_data(span, data))
                    or _inside_data(span, text, data)
                ):
                    fine[end] = True
                    break
    return fine[pieces]


def _starts_data(span, data):
    span = _normal(span)
    return len(span) >= 8 and any(value.startswith(span) for value in data)


def _inside_data(run, text, data):
    """The run is part of a data string that the text holds whole (a flight "6E 5393 Bengaluru–Pune"
    is split into runs at its dash)."""
    run = _normal(run)
    return len(run) >= 2 and any(run in value and value in text for value in data if len(value) > len(run))


def english_left(html, data):
    """The runs of Latin text in `html` that are neither data nor an allowed word."""
    left = []
    for text in readable_texts(html):
        if _normal(text) in data:
            continue
        for match in LATIN_RUN.finditer(text):
            run = match.group()
            # A run cut short: an ellipsis follows, or the text ends (a chart label's first letters).
            cut = text[match.end() :].strip() in ("", "…")
            if not _run_is_allowed(run, data, cut, " ".join(text.split()).casefold()):
                left.append(" ".join(run.split()))
    return left


_PROTECTED = re.compile(
    r"(%\(\w+\)[sdi]|%[sdi%]|\{[^{}]*\}|</?(?:a|strong|b|em|br|code|span|p|abbr|time)\b[^<>]*>|&[#\w]+;)"
)


def _full_width(letter):
    base = unicodedata.normalize("NFD", letter)[0]  # "é" → "e": accented letters are Latin too
    return chr(ord(base) + 0xFEE0) if base.isascii() and base.isalpha() else letter


def pseudo(message):
    """'Hello %(name)s' → 'Ｈｅｌｌｏ %(name)s': placeholders, tags and entities kept."""
    parts = _PROTECTED.split(message)
    return "".join(part if i % 2 else "".join(map(_full_width, part)) for i, part in enumerate(parts))


class PseudoTranslation(trans_real.DjangoTranslation):
    """A catalogue that 'translates' every marked string: installed under a language code,
    `translation.override(code)` renders a page in it."""

    def __init__(self, language):
        super().__init__("en")
        self.__language = language

    def gettext(self, message):
        # pgettext asks for "context\x04message" and takes an answer without the separator as found.
        return pseudo(message.rpartition("\x04")[2])

    def ngettext(self, singular, plural, number):
        return pseudo(singular if number == 1 else plural)

    def language(self):
        return self.__language

    def to_language(self):
        return self.__language
