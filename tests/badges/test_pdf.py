"""Badges as a person would see them: decoded QR, printed text, embedded fonts, page sizes."""

import io

import pytest
from pypdf import PdfReader

from badges.pdf import render_badges
from badges.secrets import ALPHABET, LENGTH, new_secret
from badges.services import attendee_badge_pdf, badge_for, render_badge_pdf
from tests.badges.helpers import badge_data as data
from tests.badges.helpers import decode_qr, pdf_fonts, pdf_text
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_secret_uses_no_look_alike_characters():
    secrets = {new_secret() for _ in range(200)}
    assert len(secrets) == 200
    for secret in secrets:
        assert len(secret) == LENGTH
        assert set(secret) <= set(ALPHABET)
        assert not set(secret) & set("O01IL")


def test_qr_code_decodes_to_the_secret_and_nothing_else(registration):
    pdf = attendee_badge_pdf(registration)
    secret = badge_for(registration).secret
    assert decode_qr(pdf) == [secret]
    assert str(registration.pk) not in secret


def test_badge_prints_name_organisation_country_category_and_summit(registration):
    registration.badge_name = "Zoë Ångström-Nørgaard"
    registration.organisation = "Société Générale de Défense"
    registration.save()
    pdf = attendee_badge_pdf(registration)
    text = " ".join(pdf_text(pdf).split())
    assert "Zoë Ångström-Nørgaard" in text
    assert "Société Générale de Défense" in text
    assert "India" in text
    assert registration.category.name.upper() in text
    assert registration.summit.name in text


def test_devanagari_name_prints_with_an_embedded_devanagari_font():
    # A conjunct (क्र), vowel signs before and after the consonant, and an au-matra: real shaping.
    # (pdftotext reorders a reph as in शर्मा in its text layer even when the glyphs are right.)
    pdf = render_badges([data("विक्रम चौधरी")], fmt="badge", processes=1)
    assert "विक्रम चौधरी" in pdf_text(pdf).splitlines()
    fonts = pdf_fonts(pdf)
    devanagari = [name for name, embedded in fonts if "Devanagari" in name and embedded]
    assert devanagari, fonts


def test_a_name_with_markup_prints_as_text_and_loads_nothing(caplog):
    name = "<img src=http://127.0.0.1:9/x.png><script>alert(1)</script>"
    pdf = render_badges([data(name)], fmt="badge", processes=1)
    printed = "".join(pdf_text(pdf).split())
    assert "<imgsrc=http://127.0.0.1:9/x.png><script>alert(1)</script>" in printed
    assert not [r for r in caplog.records if "127.0.0.1" in r.getMessage()]


def test_a_long_name_shrinks_and_stays_inside_the_badge():
    long_name = "Siddharthanarayanan Venkataraghavan Subramaniam Iyer Ramakrishnan-Chandrasekharan"
    crowded = data(
        long_name,
        organisation="Defence Research and Development Organisation, Aeronautical Development Establishment",
        category="Government official and observer delegation",
        delegation="Indo-Pacific Command Innovation Delegation of Startups and Investors",
    )
    pdf = render_badges([crowded, data("Ann Lee")], fmt="badge", processes=1)
    bbox = pdf_text(pdf, "-bbox")
    words = [line for line in bbox.splitlines() if line.strip().startswith("<word")]

    def edge(line, name):
        return float(line.split(f'{name}="')[1].split('"')[0])

    # The page is the 4 × 3 inch badge: nothing drawn past its edges.
    assert words and max(edge(w, "xMax") for w in words) <= 4 * 72
    assert max(edge(w, "yMax") for w in words) <= 3 * 72
    assert "Ramakrishnan-Chandrasekharan" in pdf_text(pdf)


@pytest.mark.parametrize(
    ("fmt", "size", "pages"),
    [("badge", (288, 216), 7), ("a4", (595, 842), 2), ("letter", (612, 792), 2)],
)
def test_formats_have_their_page_size_and_badges_per_page(fmt, size, pages):
    badges = [data(f"Person {i}") for i in range(7)]
    pdf = render_badges(badges, fmt=fmt, processes=1)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == pages
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    # Six QR codes on the first sheet, each decodable.
    expected = sorted(b.secret for b in badges[: 1 if fmt == "badge" else 6])
    assert decode_qr(pdf, page=1) == expected


def test_cut_marks_enlarge_badge_stock_by_the_bleed_and_draw_on_sheets():
    plain = render_badges([data()], fmt="badge", processes=1)
    marked = render_badges([data()], fmt="badge", cut_marks=True, processes=1)
    box = PdfReader(io.BytesIO(marked)).pages[0].mediabox
    assert float(box.width) > float(PdfReader(io.BytesIO(plain)).pages[0].mediabox.width)
    sheet = render_badges([data()], fmt="a4", cut_marks=True, processes=1)
    assert decode_qr(sheet) != []


def test_many_badges_render_in_two_processes_in_order(summit, category):
    registrations = [
        RegistrationFactory(summit=summit, category=category, badge_name=f"Person {i:02d}") for i in range(32)
    ]
    pdf, badges = render_badge_pdf(summit, registrations, fmt="badge", processes=2)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 32
    secrets = {b.registration_id: b.secret for b in badges}
    # The last page (from the second chunk) carries the last person's badge.
    assert decode_qr(pdf, page=32) == [secrets[registrations[-1].pk]]
    assert "Person 31" in reader.pages[31].extract_text()


def test_worker_processes_with_many_warnings_do_not_stall_and_failures_are_reported():
    from badges.pdf import STATIC_DIR
    from badges.render import RenderError, render_chunks

    noisy = "".join(f'<p>{i}</p><img src="http://127.0.0.1:9/{i}.png">' for i in range(400))
    setup = dict(css_text="", static_roots=[STATIC_DIR], base_url=STATIC_DIR.as_uri() + "/")
    pdf = render_chunks([noisy, noisy, "<p>end</p>"], processes=2, **setup)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
    with pytest.raises(RenderError):
        render_chunks(["<p>fine</p>", "<p>x</p>"], processes=2, **{**setup, "css_text": None})
