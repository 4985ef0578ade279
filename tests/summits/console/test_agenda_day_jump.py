"""The public agenda offers a jump to each day (a phone scrolls thousands of pixels otherwise)."""

from datetime import datetime, time, timedelta

import pytest

from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_agenda_links_to_each_day(client, summit):
    for offset in (0, 1):
        start = datetime.combine(summit.start_date + timedelta(days=offset), time(10), tzinfo=summit.tz)
        SessionFactory(summit=summit, starts_at=start, ends_at=start + timedelta(hours=1))
    page = client.get(f"/summits/{summit.slug}/agenda/").content.decode()
    first, second = summit.start_date, summit.start_date + timedelta(days=1)
    assert '<nav class="tabs day-jump" aria-label="Jump to a day">' in page
    assert f'<a href="#day-1">{first:%a} {first.day} {first:%b}</a>' in page
    assert f'<a href="#day-2">{second:%a} {second.day} {second:%b}</a>' in page
    assert 'id="day-2"' in page
