"""Feeds write a start or end in the repeated hour in UTC, first occurrence or second, so every client
agrees (issue 13); every other time keeps its TZID. Checked by importing the feed into khal, which
reads a repeated TZID time as the second occurrence where RFC 5545 (and icalendar) read the first.

7 Nov 2027 in America/New_York: 01:30 EDT is 05:30 UTC; 01:15 EST is 06:15 UTC; 01:30 EST is 06:30 UTC.
"""

import os
import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache

from tests.factories import RoomFactory, SessionFactory, SummitFactory
from tests.summits.helpers import get_feed, parse_both, unfold

pytestmark = pytest.mark.django_db

KHAL = shutil.which("khal")
NY = "America/New_York"


def utc(hour, minute=0):
    return datetime(2027, 11, 7, hour, minute, tzinfo=UTC)


EXPECTED = {
    "First watch": (utc(5, 30), utc(6, 15)),  # 01:30 EDT – 01:15 EST
    "Second watch": (utc(6, 30), utc(7, 0)),  # 01:30 EST – 02:00 EST
    "Breakfast": (utc(14, 0), utc(15, 0)),  # 09:00 – 10:00 EST
}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def night():
    summit = SummitFactory(timezone=NY, start_date=date(2027, 11, 6), end_date=date(2027, 11, 8))
    room = RoomFactory(summit=summit, name="Hudson Room")
    for title, (start, end) in EXPECTED.items():
        SessionFactory(summit=summit, room=room, title=title, starts_at=start, ends_at=end)
    return summit


def test_both_occurrences_are_written_in_utc_and_other_times_keep_their_zone(client, night):
    body = unfold(get_feed(client, night).content).decode()
    assert "DTSTART:20271107T053000Z\r\nDTEND:20271107T061500Z\r\nSUMMARY:First watch" in body
    assert "DTSTART:20271107T063000Z\r\nDTEND;TZID=America/New_York:20271107T020000\r\nSUMMARY:Second watch" in body
    assert (
        "DTSTART;TZID=America/New_York:20271107T090000\r\nDTEND;TZID=America/New_York:20271107T100000\r\n"
        "SUMMARY:Breakfast" in body
    )
    assert "BEGIN:VTIMEZONE\r\nTZID:America/New_York" in body
    facts = {fact["summary"]: (fact["start"], fact["end"]) for fact in parse_both(body.encode()).values()}
    assert facts == EXPECTED


@pytest.fixture
def khal(tmp_path):
    if KHAL is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the khal import test: install khal (apt-get install -y khal).")
        pytest.skip("khal is not installed: run `apt-get install -y khal` to import the feed with it.")
    vdir = tmp_path / "vdir" / "conclave"
    vdir.mkdir(parents=True)
    config = tmp_path / "khal.conf"
    config.write_text(
        "[calendars]\n[[conclave]]\n"
        f"path = {vdir}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = UTC\ndefault_timezone = UTC\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}

    def run(*args, check=True):
        done = subprocess.run([KHAL, "-c", str(config), *args], capture_output=True, text=True, env=env, timeout=60)
        if check:
            assert done.returncode == 0, done.stderr
            return done.stdout
        return done

    return run


def test_khal_imports_the_feed_at_the_same_instants(client, night, khal, tmp_path):
    feed = tmp_path / "agenda.ics"
    feed.write_bytes(get_feed(client, night).content)
    khal("import", "--batch", "-a", "conclave", str(feed))
    listed = khal("list", "--day-format", "", "--format", "{title}|{start}|{end}", "2027-11-06", "3d")
    seen = {}
    for line in filter(None, listed.splitlines()):
        title, start, end = line.split("|")
        seen[title] = tuple(datetime.strptime(v, "%Y-%m-%d %H:%M").replace(tzinfo=UTC) for v in (start, end))
    assert seen == EXPECTED


def test_khal_would_misread_the_first_0130_written_with_its_tzid(client, night, khal, tmp_path):
    """The positive control: the same feed with the first 01:30 written as the summit's local time
    (as it was before) is read by khal as the second 01:30, after its end (01:15 EST): refused."""
    feed = tmp_path / "agenda.ics"
    body = get_feed(client, night).content.replace(
        b"DTSTART:20271107T053000Z", b"DTSTART;TZID=America/New_York:20271107T013000"
    )
    feed.write_bytes(body)
    done = khal("import", "--batch", "-a", "conclave", str(feed), check=False)
    assert done.returncode != 0
    assert "The event's end time (DTEND) is older than the event's start time (DTSTART)." in done.stderr
