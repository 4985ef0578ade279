from datetime import UTC, datetime

import pytest

from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_desk_shows_door_sessions_in_the_summits_local_time(client, summit, organizer):
    session = SessionFactory(
        summit=summit,
        title="Door Roundtable",
        starts_at=datetime(2030, 2, 17, 5, 30, tzinfo=UTC),  # 11:00 in Asia/Kolkata
        ends_at=datetime(2030, 2, 17, 7, 0, tzinfo=UTC),
    )
    client.force_login(organizer)
    html = client.get(f"/summits/{summit.slug}/manage/checkin/", {"session": session.pk}).content.decode()
    assert "11:00" in html and "12:30" in html
    assert "05:30" not in html
