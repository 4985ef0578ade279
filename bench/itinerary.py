"""Benchmark: the itinerary page and the PDF booklet of a 30-member delegation with 80 items.

Prints the median time and the query count of each. Uses a throwaway SQLite file unless
DATABASE_URL is set (point it at a scratch PostgreSQL database, never a real one).

    .venv/bin/python bench/itinerary.py [--runs 15]
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TMP = tempfile.mkdtemp(prefix="bench-itinerary-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conclave.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from delegations.enums import ItemKind  # noqa: E402
from delegations.models import Delegation, ItineraryItem, Membership, Organisation, ScoutingTrip, SiteVisit  # noqa: E402
from summits.models import Registration, RegistrationCategory, Room, Session, Summit  # noqa: E402

ZONES = ["America/New_York", "Asia/Kolkata", "Asia/Dubai", "Europe/London"]


def build():
    call_command("migrate", verbosity=0)
    User = get_user_model()
    summit = Summit.objects.create(
        name="Bench summit",
        slug="bench",
        city="Bengaluru",
        venue="BIEC",
        timezone="Asia/Kolkata",
        start_date=date(2027, 2, 17),
        end_date=date(2027, 2, 18),
        status="published",
        registration_opens=datetime(2026, 1, 1, tzinfo=UTC),
        registration_closes=datetime(2027, 2, 1, tzinfo=UTC),
    )
    category = RegistrationCategory.objects.create(summit=summit, name="Industry", kind="industry")
    room = Room.objects.create(summit=summit, name="Main Hall")
    lead = User.objects.create_user("lead@bench.example", "lead@bench.example", "x", first_name="Lead")
    delegation = Delegation.objects.create(
        summit=summit,
        name="Bench delegation",
        home_country="US",
        destination_country="IN",
        lead=lead,
        category=category,
    )
    members = []
    for i in range(30):
        user = User.objects.create_user(f"m{i}@bench.example", f"m{i}@bench.example", "x", first_name=f"Member{i}")
        Registration.objects.create(
            user=user,
            summit=summit,
            category=category,
            status="approved",
            badge_name=f"Member {i}",
            organisation="Acme",
            country_of_citizenship="US",
            is_us_person=True,
        )
        members.append(
            Membership.objects.create(
                delegation=delegation, user=user, role="head" if i == 0 else "member", joined_at=datetime.now(UTC)
            )
        )
    trip = ScoutingTrip.objects.create(delegation=delegation, name="Startups", city="Bengaluru")
    base = datetime(2027, 2, 14, 2, tzinfo=UTC)
    for i in range(80):
        start = base + timedelta(hours=2 * i)
        kind = [
            ItemKind.FLIGHT,
            ItemKind.MEETING,
            ItemKind.MEAL,
            ItemKind.SITE_VISIT,
            ItemKind.SESSION,
            ItemKind.GROUND,
            ItemKind.HOTEL,
            ItemKind.MEETING,
        ][i % 8]
        session = None
        if kind == ItemKind.SESSION:
            session = Session.objects.create(
                summit=summit, title=f"Session {i}", room=room, starts_at=start, ends_at=start + timedelta(hours=1)
            )
        item = ItineraryItem.objects.create(
            delegation=delegation,
            kind=kind,
            title="" if session else f"{kind} {i}",
            starts_at=start,
            ends_at=start + timedelta(hours=1, minutes=30),
            start_tz=ZONES[i % 4],
            end_tz=ZONES[(i + 1) % 4] if kind == ItemKind.FLIGHT else "",
            session=session,
            address=f"{i} Residency Road",
            contact="+91 80 0000 0000",
            location="Somewhere",
            everyone=i % 3 != 0,
        )
        if not item.everyone:
            item.participants.set(members[i % 30 : i % 30 + 5])
        if kind == ItemKind.SITE_VISIT:
            host = Organisation.objects.create(name=f"Startup {i}", kind="startup", country="IN", city="Bengaluru")
            SiteVisit.objects.create(item=item, trip=trip, host=host, advance_notice_days=7)
    return delegation, members


def measure(client, url, runs):
    times, queries, size = [], None, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - t0
        assert response.status_code == 200, (url, response.status_code)
        times.append(elapsed)
        queries = len(captured.captured_queries)
        size = len(response.content)
    return statistics.median(times), queries, size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    settings.WHITENOISE_AUTOREFRESH = True
    delegation, members = build()
    client = Client()
    client.force_login(members[3].user)
    print(
        f"database: {connection.vendor}; delegation: 30 members, {delegation.items.count()} items; "
        f"{args.runs} runs each (after one warm-up)"
    )
    for label, url, runs in [
        ("itinerary page", f"/delegations/{delegation.pk}/itinerary/", args.runs),
        ("my itinerary", f"/delegations/my/{delegation.summit.slug}/", args.runs),
        ("roster page", f"/delegations/{delegation.pk}/", args.runs),
        ("delegation feed", f"/delegations/feed/{delegation.feed_token}.ics", args.runs),
        ("PDF booklet", f"/delegations/{delegation.pk}/itinerary.pdf", max(3, args.runs // 3)),
    ]:
        client.get(url)  # warm-up
        median, queries, size = measure(client, url, runs)
        print(f"{label:16s} median {median * 1000:8.1f} ms   {queries:2d} queries   {size / 1024:7.1f} KiB")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
