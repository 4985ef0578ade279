"""Mixed load: 500 simulated attendees browse the agenda, sign up for sessions and poll
their calendar feeds while 2 desks scan badges, for 60 s, against gunicorn (2 workers).

    .venv/bin/python bench/mixed_load.py [--seconds 60] [--attendees 500]

Prints requests/s, p95 and p99 per endpoint and the errors (must be zero), then checks
the data: no session over capacity, no badge checked in twice, every sign-up confirmed
or waitlisted.
"""

import argparse
import asyncio
import random
import secrets
import statistics
import time
from collections import defaultdict

from _server import gunicorn
from _setup import bench_users, logged_in_session, percentile, setup_django
from report import record

CSRF = secrets.token_hex(16)


def prepare(attendee_count):
    """Accounts, approved registrations, badges, feed tokens and logged-in sessions."""

    from badges.services import ensure_badges
    from summits.calendar.tokens import live_feed_token, renew_feed_token
    from summits.enums import Restriction, SessionStatus
    from summits.models import Registration, RegistrationCategory, Summit

    summit = Summit.objects.get(slug="bengaluru-2027")
    category = RegistrationCategory.objects.get(summit=summit, name="Industry / Prime")
    users = bench_users("load", attendee_count)
    have = set(Registration.objects.filter(summit=summit, user__in=users).values_list("user_id", flat=True))
    Registration.objects.bulk_create(
        [
            Registration(
                user=u,
                summit=summit,
                category=category,
                status="approved",
                badge_name=f"Load {u.pk}",
                organisation="Bench",
                country_of_citizenship="US",
                is_us_person=True,
            )
            for u in users
            if u.pk not in have
        ]
    )
    registrations = list(Registration.objects.filter(summit=summit, user__in=users).select_related("user"))
    badges = ensure_badges(registrations)

    people = [
        {
            "session": logged_in_session(r.user),
            "feed": (live_feed_token(r) or renew_feed_token(r)).token,
            "registration": r.pk,
        }
        for r in registrations
    ]
    staff = summit.organizers.first()
    sessions = list(
        summit.sessions.filter(
            needs_signup=True, restriction=Restriction.OPEN, status=SessionStatus.SCHEDULED
        ).values_list("pk", flat=True)
    )
    codes = [b.secret for b in badges.values()]
    return summit, people, logged_in_session(staff), sessions, codes


class Stats:
    def __init__(self):
        self.latency = defaultdict(list)
        self.status = defaultdict(lambda: defaultdict(int))
        self.errors = defaultdict(int)
        self.failures = defaultdict(lambda: defaultdict(int))  # no answer: why (timeout, disconnect...)

    def add(self, endpoint, status, seconds):
        self.latency[endpoint].append(seconds * 1000)
        self.status[endpoint][status] += 1
        if status >= 500 or status == 0:
            self.errors[endpoint] += 1


async def request(client, stats, endpoint, method, url, **kwargs):
    import aiohttp

    start = time.perf_counter()
    try:
        async with client.request(method, url, allow_redirects=False, **kwargs) as response:
            await response.read()
            stats.add(endpoint, response.status, time.perf_counter() - start)
            return response
    except (TimeoutError, aiohttp.ClientError) as error:
        stats.add(endpoint, 0, time.perf_counter() - start)
        stats.failures[endpoint][type(error).__name__] += 1
        return None


async def attendee(base, slug, person, sessions, stats, deadline, rng):
    import aiohttp

    cookies = {"sessionid": person["session"], "csrftoken": CSRF}
    headers = {"X-CSRFToken": CSRF}
    etag = None
    async with aiohttp.ClientSession(
        base, cookies=cookies, headers=headers, timeout=aiohttp.ClientTimeout(total=30)
    ) as client:
        await asyncio.sleep(rng.uniform(0, 5))
        while time.monotonic() < deadline:
            roll = rng.random()
            if roll < 0.4:
                await request(client, stats, "agenda page", "GET", f"/summits/{slug}/agenda/")
            elif roll < 0.7:
                extra = {"headers": {"If-None-Match": etag}} if etag else {}
                response = await request(
                    client, stats, "personal feed", "GET", f"/summits/{slug}/me/calendar/{person['feed']}.ics", **extra
                )
                if response is not None and response.status == 200:
                    etag = response.headers.get("ETag")
            elif roll < 0.85:
                session = rng.choice(sessions)
                await request(client, stats, "session sign-up", "POST", f"/summits/{slug}/sessions/{session}/signup/")
            else:
                session = rng.choice(sessions)
                await request(client, stats, "session page", "GET", f"/summits/{slug}/sessions/{session}/")
            await asyncio.sleep(rng.uniform(2, 8))


async def desk(base, slug, staff_session, codes, stats, deadline, name, rng):
    import aiohttp

    cookies = {"sessionid": staff_session, "csrftoken": CSRF}
    async with aiohttp.ClientSession(
        base, cookies=cookies, headers={"X-CSRFToken": CSRF, "Accept": "application/json"}
    ) as client:
        while time.monotonic() < deadline:
            await request(
                client,
                stats,
                "badge scan",
                "POST",
                f"/summits/{slug}/manage/checkin/scan/",
                json={"code": rng.choice(codes), "desk": name},
            )
            await asyncio.sleep(rng.uniform(0.2, 0.6))


async def run_load(base, slug, people, staff_session, sessions, codes, seconds):
    stats = Stats()
    deadline = time.monotonic() + seconds
    rng = random.Random(7)
    tasks = [attendee(base, slug, p, sessions, stats, deadline, random.Random(rng.random())) for p in people]
    tasks += [desk(base, slug, staff_session, codes, stats, deadline, f"Desk {i}", random.Random(i)) for i in (1, 2)]
    started = time.monotonic()
    await asyncio.gather(*tasks)
    return stats, time.monotonic() - started


def consistency():
    from django.db.models import Count, Q

    from badges.models import Checkin
    from summits.models import Session, SessionSignup

    over = [
        s.title
        for s in Session.objects.filter(capacity__isnull=False).annotate(
            confirmed=Count("signups", filter=Q(signups__status="confirmed"))
        )
        if s.confirmed > s.capacity
    ]
    twice = Checkin.objects.values("registration").annotate(n=Count("pk")).filter(n__gt=1).count()
    odd = SessionSignup.objects.exclude(
        status__in=["confirmed", "waitlisted", "cancelled", "session_cancelled"]
    ).count()
    return {"sessions over capacity": len(over), "badges checked in twice": twice, "sign-ups in another state": odd}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    # Issue 18's load (1,500) and the one it started from (500), each against a fresh server.
    parser.add_argument("--attendees", type=int, nargs="+", default=[500, 1500])
    args = parser.parse_args()
    setup_django()
    failed = False
    for attendees in args.attendees:
        failed |= run(attendees, args.seconds)
    raise SystemExit(1 if failed else 0)


def run(attendees, seconds):
    """One load of `attendees` and 2 desks; True if a request failed or a check found a fault."""
    summit, people, staff_session, sessions, codes = prepare(attendees)
    # Mail is queued in the database as in production (no worker needed for the measurement).
    with gunicorn(TASKS_BACKEND="django_tasks_db.DatabaseBackend", DB_CONN_MAX_AGE="60") as base:
        stats, elapsed = asyncio.run(run_load(base, summit.slug, people, staff_session, sessions, codes, seconds))
    total = sum(len(v) for v in stats.latency.values())
    # Offered: what the clients would send if every answer were instant (think 2-8 s, mean 5;
    # desks 0.2-0.6 s, mean 0.4). Served below that means requests queued.
    offered = attendees / 5 + 2 / 0.4
    section = f"mixed load, {attendees:,} attendees"
    print(
        f"{attendees} attendees + 2 desks for {elapsed:.0f} s: {total} requests, "
        f"served {total / elapsed:.1f} req/s of {offered:.0f} req/s offered"
    )
    record(section, "offered rate", offered, "req/s")
    record(section, "served rate", total / elapsed, "req/s")
    print(f"{'endpoint':<18}{'req/s':>8}{'median':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}  statuses")
    for endpoint, values in sorted(stats.latency.items()):
        rate = len(values) / elapsed
        p95, p99 = percentile(values, 0.95), percentile(values, 0.99)
        statuses = dict(sorted(stats.status[endpoint].items()))
        failures = f"  no answer: {dict(stats.failures[endpoint])}" if stats.failures[endpoint] else ""
        print(
            f"{endpoint:<18}{rate:>8.1f}{statistics.median(values):>9.1f}{p95:>9.1f}{p99:>9.1f}{stats.errors[endpoint]:>8}  {statuses}{failures}"
        )
        record(section, f"{endpoint}: requests/s", rate, "req/s")
        record(section, f"{endpoint}: p95 latency", p95, "ms", goal="<= 100 ms" if attendees >= 1500 else "")
        record(section, f"{endpoint}: p99 latency", p99, "ms")
        record(section, f"{endpoint}: errors", stats.errors[endpoint], "errors", goal="0")
    checks = consistency()
    for name, value in checks.items():
        print(f"check: {name} = {value}")
        record(section, f"after: {name}", value, "", goal="0")
    return bool(sum(stats.errors.values()) or any(checks.values()))


if __name__ == "__main__":
    main()
