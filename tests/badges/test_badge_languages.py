"""Badges in their holder's language, and names in any script fitted by their printed width."""

import pytest

from accounts.models import Preferences
from badges.fit import width_em
from badges.pdf import NAME_WIDTH_PT, BadgeData, render_badges
from badges.services import render_badge_pdf
from tests.badges.helpers import pdf_text
from tests.factories import CategoryFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

NAME_LEFT_PT, NAME_TOP_PT, NAME_BOTTOM_PT = 0.18 * 72, 0.48 * 72, (0.48 + 0.8) * 72


def badge(name):
    return BadgeData(
        name=name,
        organisation="HAL",
        country="India",
        category="Startup",
        colour="#1a7f37",
        delegation="",
        secret="ABCDEFGHJKMNPQRS",
    )


def name_words(pdf):
    """(xMin, yMin, xMax, yMax) of each Devanagari word printed in the name's box."""
    words = []
    for line in pdf_text(pdf, "-bbox").splitlines():
        line = line.strip()
        if not line.startswith("<word"):
            continue
        text = line.split(">", 1)[1].rsplit("<", 1)[0]
        box = tuple(float(line.split(f'{edge}="')[1].split('"')[0]) for edge in ("xMin", "yMin", "xMax", "yMax"))
        if any("\u0900" <= char <= "\u097f" for char in text) and NAME_TOP_PT - 5 <= box[1] <= NAME_BOTTOM_PT:
            words.append(box)
    return words


def test_a_long_devanagari_name_with_conjuncts_and_matras_fits_the_badge():
    name = "श्रीनिवासन कृष्णमूर्ति वेंकटराघवन् सुब्रह्मण्यम् चक्रवर्ती-राजगोपालाचारी"
    words = name_words(render_badges([badge(name)], fmt="badge", processes=1))
    assert len(words) >= 5
    assert min(w[0] for w in words) >= NAME_LEFT_PT - 0.5
    assert max(w[2] for w in words) <= NAME_LEFT_PT + NAME_WIDTH_PT + 6  # the box (the fit keeps 6 pt spare)
    assert max(w[3] for w in words) <= NAME_BOTTOM_PT  # nothing cut off below the box
    assert len({round(w[1]) for w in words}) <= 2  # one or two lines


def test_the_fit_measures_devanagari_as_printed_not_letter_by_letter():
    # Conjuncts (क्ष, त्र, श्र) print narrower than their letters side by side: a sum of letter
    # widths would shrink this name for nothing.
    name = "क्षत्रिय श्रीनिवासन"
    context = badge(name).context()
    words = name_words(render_badges([badge(name)], fmt="badge", processes=1))
    printed = max(w[2] for w in words) - min(w[0] for w in words)
    predicted = width_em(name) * context["name_pt"]
    assert abs(printed - predicted) / predicted < 0.03, (printed, predicted)


def test_the_band_and_the_summit_line_are_in_each_holders_language(summit):
    summit.name_hi = "रक्षा नवाचार शिखर सम्मेलन"
    summit.save()
    category = CategoryFactory(summit=summit, name="Startup", name_hi="नवोद्यम")
    reader = RegistrationFactory(summit=summit, category=category)
    other = RegistrationFactory(summit=summit, category=category)
    Preferences.objects.create(user=reader.user, language="hi")
    pdf, _badges = render_badge_pdf(summit, [reader, other], fmt="a4")
    text = pdf_text(pdf)
    assert text.count("नवोद्यम") == 1 and text.count("STARTUP") == 1
    assert text.count("रक्षा नवाचार शिखर सम्मेलन") == 1 and text.count(summit.name_en) == 1
