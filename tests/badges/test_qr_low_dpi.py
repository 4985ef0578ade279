"""A badge's QR code scans at the low resolutions of a phone screen or a cheap printer."""

import pytest

from badges.pdf import render_badges
from tests.badges.helpers import badge_data as data
from tests.badges.helpers import decode_qr

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("dpi", [72, 100])
@pytest.mark.parametrize("fmt", ["badge", "a4", "letter"])
def test_every_badge_decodes_at_low_dpi(fmt, dpi):
    badges = [data(f"Person {i}") for i in range(6)]
    pdf = render_badges(badges, fmt=fmt, processes=1)
    expected = sorted(b.secret for b in badges[: 1 if fmt == "badge" else 6])
    assert decode_qr(pdf, page=1, dpi=dpi) == expected
