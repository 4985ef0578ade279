"""A pseudo-translation that finds strings never marked for translation.

While `pseudo_translation()` is active, every message that goes through gettext comes out as
⟦message⟧. Whatever a rendered page still shows in Latin letters outside the brackets was never
marked (or is data: names, emails, organisations, what organizers typed), and `unmarked_text`
lists it after taking the data of the database out.
"""

import contextlib
import re
import zoneinfo
from unittest import mock

from django.apps import apps
from django.db import models
from django.utils.translation import trans_real
from django_countries import countries
from lxml import html as lxml_html

OPEN, CLOSE = "⟦", "⟧"
CONTEXT_SEPARATOR = "\x04"


class PseudoTranslation:
    """Wraps a real translation object: same language, every answer bracketed."""

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        return getattr(self._real, name)

    @staticmethod
    def _mark(message):
        # pgettext asks for "context\x04message"; an answer still holding \x04 means "no translation".
        return OPEN + message.split(CONTEXT_SEPARATOR)[-1] + CLOSE

    def gettext(self, message):
        return self._mark(message)

    def ngettext(self, singular, plural, number):
        return self._mark(singular if number == 1 else plural)


@contextlib.contextmanager
def pseudo_translation(language="en"):
    real_translation = trans_real.translation

    def bracketed(code):
        return PseudoTranslation(real_translation(code))

    with mock.patch.object(trans_real, "translation", bracketed), mock.patch.object(trans_real, "_default", None):
        previous = getattr(trans_real._active, "value", None)
        trans_real._active.value = bracketed(language)
        try:
            yield
        finally:
            if previous is None:
                del trans_real._active.value
            else:
                trans_real._active.value = previous


# Attributes whose value a person reads (or hears from a screen reader).
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "label"}


def readable_texts(page, skip=()):
    """The text nodes and read attributes of a page's <main> (the whole page if it has none),
    leaving out scripts, styles and the subtrees the `skip` XPath expressions select."""
    root = lxml_html.fromstring(page)
    scope = (root.xpath("//main") or [root])[0]
    for expression in ("//script", "//style", "//template", *skip):
        for element in scope.xpath(expression):
            element.drop_tree()  # keeps the text that follows the element
    texts = []
    for element in scope.iter():
        if isinstance(element.tag, str):
            texts.append(element.text)
            for name, value in element.attrib.items():
                if name in READ_ATTRIBUTES or name.startswith("data-text") or name.endswith("-label"):
                    texts.append(value)
            if element.tag == "input" and element.get("type") == "submit":
                texts.append(element.get("value"))
        texts.append(element.tail)
    return [text for text in texts if text and text.strip()]


def data_strings():
    """Every text value stored in the database, longest first: what people typed, not the interface."""
    found = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and not isinstance(f, models.SlugField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            found.update(str(value).strip() for value in row if value and len(str(value).strip()) >= 3)
    found = {" ".join(value.split()) for value in found if not MACHINE_KEY.match(value)}
    # Country names come translated from django-countries' own catalogue, like data.
    found.update(str(name) for _code, name in countries)
    # IANA zone names are shown as they are (with spaces for underscores in the pickers).
    found.update(zone.replace("_", " ") for zone in zoneinfo.available_timezones())
    return sorted(found, key=len, reverse=True)


MACHINE_KEY = re.compile(r"^[a-z0-9_.:/-]+$")  # action names, kinds, tokens: not what a person typed


LINKS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|https?://\S+")
NOT_WORDS = [
    re.compile(r"\b[A-Z][a-z]+/[A-Za-z_]+(/[A-Za-z_]+)?\b"),  # IANA zones
    re.compile(r"/[\w./?=&%-]+"),  # paths
    re.compile(r"\b(UTC|GMT)[+−-]?\d*(:\d\d)?"),
]
ALLOWED_WORDS = {"Conclave", "QR", "PDF", "CSV", "iCal", "API", "U.S.", "ICS", "ID", "UTC", "IANA", "URL", "iCalendar"}
WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*[A-Za-z]")


def unmarked_text(text, data=()):
    """The Latin words of `text` left after taking out the marked strings and the data."""
    previous = None
    while previous != text:  # innermost brackets first: a marked string may hold another
        previous, text = text, re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
    # A marked string holding markup is split over text nodes: "⟦All times in", "zone", "⟧".
    text = re.sub(f"{OPEN}[^{CLOSE}]*$", " ", re.sub(f"^[^{OPEN}]*{CLOSE}", " ", text))
    text = " ".join(text.split())
    text = LINKS.sub(" ", text)  # before the data: a name inside an address would leave "https co"
    for value in data:  # case-insensitive: a badge prints the category in capitals
        if value.casefold() in text.casefold():
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text, flags=re.IGNORECASE)
    for pattern in NOT_WORDS:
        text = pattern.sub(" ", text)
    words = [w for w in WORD.findall(text) if w not in ALLOWED_WORDS and not (w.isupper() and len(w) <= 4)]
    return " ".join(words)


def unmarked_in_page(html, data=(), skip=()):
    """The readable texts of a page that hold unmarked words, each with what is unmarked in it."""
    found = []
    for text in readable_texts(html, skip):
        left = unmarked_text(text, data)
        if left:
            found.append(f"{' '.join(text.split())[:100]!r}: {left}")
    return found
