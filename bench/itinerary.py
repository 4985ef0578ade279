"""Benchmark: the itinerary page and the PDF booklet of a 30-member delegation with 80 items.

Prints the median time and the query count of each (and records them for bench/run).
Uses DATABASE_URL if set (a scratch PostgreSQL database, never a real one), else a SQLite
file under bench/out/. The bench summit is rebuilt from scratch on every run.

    .venv/bin/python bench/itinerary.py [--runs 15]
"""

import argparse
import os
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from _setup import percentile, setup_django
from report import record

ZONES = ["America/New_York", "Asia/Kolkata", "Asia/Dubai", "Europe/London"]


SLUG = "bench-itinerary"
DOMAIN = "@bench-itinerary.example"


def build():
    from django.contrib.auth import get_user_model

    from delegations.enums import ItemKind
    from delegations.models import Delegation, ItineraryItem, Membership, Organisation, ScoutingTrip, SiteVisit
    from summits.models import Registration, RegistrationCategory, Room, Session, Summit

    User = get_user_model()
    Summit.objects.filter(slug=SLUG).delete()
    User.objects.filter(username__endswith=DOMAIN).delete()
    Organisation.objects.filter(city="Benchpur").delete()
    summit = Summit.objects.create(
        name="Bench summit",
        slug=SLUG,
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
    lead = User.objects.create_user(f"lead{DOMAIN}", f"lead{DOMAIN}", None, first_name="Lead")
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
        user = User.objects.create_user(f"m{i}{DOMAIN}", f"m{i}{DOMAIN}", None, first_name=f"Member{i}")
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
    trip = ScoutingTrip.objects.create(delegation=delegation, name="Startups", city="Benchpur")
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
            host = Organisation.objects.create(name=f"Startup {i}", kind="startup", country="IN", city="Benchpur")
            SiteVisit.objects.create(item=item, trip=trip, host=host, advance_notice_days=7)
    return delegation, members


def measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates, fonts
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return timings, len(queries), len(response.content)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # no request log lines between the figures
    os.environ.setdefault("REQUEST_LOG_LEVEL", "WARNING")
    setup_django(seed=False)

    from django.db import connection
    from django.test import Client

    delegation, members = build()
    client = Client()
    client.force_login(members[3].user)
    print(
        f"database: {connection.vendor}; delegation: 30 members, {delegation.items.count()} items; "
        f"{args.runs} runs ({max(3, args.runs // 3)} for the PDF)"
    )
    print(f"{'page':<18}{'median ms':>12}{'p95 ms':>10}{'queries':>10}{'KiB':>9}")
    for name, url, runs in [
        ("itinerary page", f"/delegations/{delegation.pk}/itinerary/", args.runs),
        ("my itinerary", f"/delegations/my/{delegation.summit.slug}/", args.runs),
        ("roster page", f"/delegations/{delegation.pk}/", args.runs),
        ("delegation feed", f"/delegations/feed/{delegation.feed_token}.ics", args.runs),
        ("PDF booklet", f"/delegations/{delegation.pk}/itinerary.pdf", max(3, args.runs // 3)),
    ]:
        timings, queries, size = measure(client, url, runs)
        median = statistics.median(timings)
        print(f"{name:<18}{median:>12.1f}{percentile(timings, 0.95):>10.1f}{queries:>10}{size / 1024:>9.1f}")
        record("itinerary", f"{name} (30 members, 80 items), median server time", median, "ms")
        record(
            "itinerary",
            f"{name} (30 members, 80 items), SQL queries",
            queries,
            "queries",
            goal="fixed whatever the items",
        )


if __name__ == "__main__":
    main()
