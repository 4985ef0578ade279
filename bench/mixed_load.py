"""Mixed load: 500 simulated attendees browse the agenda and sign up for sessions while their
calendar apps poll their personal feeds and 2 desks scan badges, for 60 s, against gunicorn
(2 workers).

    .venv/bin/python bench/mixed_load.py [--seconds 60] [--attendees 500 1500]

An attendee at a browser thinks 2 to 8 s between pages: agenda page, session page and sign-up
in the ratio 40 : 15 : 15. Apart from that, their calendar app polls the personal feed every
15 minutes (the shortest interval common calendar apps use) from a random phase, without
If-None-Match (sign-ups since its last poll changed the feed): a full answer each time. Feeds
used to be polled at browser pace (one every ~17 s), which made private feed builds over a
quarter of gunicorn's CPU, a load no real calendar causes.

Requests go through bench/_http.py, which costs the shared cores little; the client's own CPU
per request is printed. Prints requests/s, p95 and p99 per endpoint and the errors (must be
zero), then checks the data: no session over capacity, no badge checked in twice, every
sign-up confirmed or waitlisted.
"""

import argparse
import asyncio
import json
import random
import secrets
import statistics
import time
from collections import defaultdict

import _http
from _server import gunicorn
from _setup import bench_users, logged_in_session, percentile, setup_django
from report import record

CSRF = secrets.token_hex(16)
ENDPOINTS = ["agenda page", "badge scan", "personal feed", "session page", "session sign-up"]
FEED_INTERVAL = 15 * 60  # seconds between two polls of a calendar app


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

    def add(self, endpoint, answer):
        self.latency[endpoint].append(answer.seconds * 1000)
        self.status[endpoint][answer.status] += 1
        if answer.status >= 500 or answer.status == 0:
            self.errors[endpoint] += 1
        if answer.failure:
            self.failures[endpoint][answer.failure] += 1


async def request(port, stats, endpoint, request, *, timeout=30):
    answer = await _http.fetch(port, request, timeout=timeout)
    stats.add(endpoint, answer)
    return answer


async def attendee(port, slug, person, sessions, stats, deadline, rng):
    """A person at a browser: a page, 2 to 8 s of thought, the next page."""
    cookie = f"sessionid={person['session']}; csrftoken={CSRF}"
    headers = {"X-CSRFToken": CSRF}
    agenda = _http.encode("GET", f"/summits/{slug}/agenda/", cookie=cookie, headers=headers)
    await asyncio.sleep(rng.uniform(0, 5))
    while time.monotonic() < deadline:
        roll = rng.uniform(0, 70)  # agenda page : session page : sign-up = 40 : 15 : 15
        if roll < 40:
            await request(port, stats, "agenda page", agenda)
        else:
            path = f"/summits/{slug}/sessions/{rng.choice(sessions)}/"
            if roll < 55:
                await request(port, stats, "session page", _http.encode("GET", path, cookie=cookie, headers=headers))
            else:
                signup = _http.encode("POST", f"{path}signup/", cookie=cookie, headers=headers)
                await request(port, stats, "session sign-up", signup)
        await asyncio.sleep(min(rng.uniform(2, 8), deadline - time.monotonic()))  # no idle tail


async def calendar(port, slug, person, stats, started, deadline, rng):
    """The attendee's calendar app: the personal feed every 15 minutes from a random phase (in a
    run of S seconds, one poll with probability S / 900). No cookie and no If-None-Match."""
    poll = _http.encode("GET", f"/summits/{slug}/me/calendar/{person['feed']}.ics")
    at = started + rng.uniform(0, FEED_INTERVAL)
    while at < deadline:
        await asyncio.sleep(at - time.monotonic())
        await request(port, stats, "personal feed", poll)
        at += FEED_INTERVAL


async def desk(port, slug, staff_session, codes, stats, deadline, name, rng):
    cookie = f"sessionid={staff_session}; csrftoken={CSRF}"
    headers = {"X-CSRFToken": CSRF, "Accept": "application/json", "Content-Type": "application/json"}
    path = f"/summits/{slug}/manage/checkin/scan/"
    while time.monotonic() < deadline:
        body = json.dumps({"code": rng.choice(codes), "desk": name}).encode()
        scan = _http.encode("POST", path, cookie=cookie, headers=headers, body=body)
        await request(port, stats, "badge scan", scan, timeout=300)  # aiohttp's default, as before
        await asyncio.sleep(min(rng.uniform(0.2, 0.6), deadline - time.monotonic()))


async def run_load(port, slug, people, staff_session, sessions, codes, seconds):
    """The load; (stats, wall seconds, CPU seconds this client spent)."""
    stats = Stats()
    started = time.monotonic()
    deadline = started + seconds
    rng = random.Random(7)
    tasks = [attendee(port, slug, p, sessions, stats, deadline, random.Random(rng.random())) for p in people]
    tasks += [calendar(port, slug, p, stats, started, deadline, random.Random(rng.random())) for p in people]
    tasks += [desk(port, slug, staff_session, codes, stats, deadline, f"Desk {i}", random.Random(i)) for i in (1, 2)]
    cpu = time.process_time()
    await asyncio.gather(*tasks)
    return stats, time.monotonic() - started, time.process_time() - cpu


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
        port = int(base.rsplit(":", 1)[1])
        stats, elapsed, cpu = asyncio.run(run_load(port, summit.slug, people, staff_session, sessions, codes, seconds))
    total = sum(len(v) for v in stats.latency.values())
    # Offered: what the clients would send if every answer were instant (pages: think 2-8 s,
    # mean 5; calendars: one poll in 15 minutes; desks 0.2-0.6 s, mean 0.4). Served below that
    # means requests queued.
    offered = attendees / 5 + attendees / FEED_INTERVAL + 2 / 0.4
    section = f"mixed load, {attendees:,} attendees"
    print(
        f"{attendees} attendees + 2 desks for {elapsed:.0f} s: {total} requests, "
        f"served {total / elapsed:.1f} req/s of {offered:.1f} req/s offered"
    )
    client_ms = cpu / max(total, 1) * 1000
    print(f"load client (bench/_http.py): {cpu:.1f} CPU-s for {total} requests, {client_ms:.2f} ms of CPU a request")
    record(section, "offered rate", offered, "req/s")
    record(section, "served rate", total / elapsed, "req/s")
    record(section, "load client CPU per request", client_ms, "ms")
    print(f"{'endpoint':<18}{'req/s':>8}{'median':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}  statuses")
    for endpoint in ENDPOINTS:
        values = stats.latency[endpoint]
        rate = len(values) / elapsed
        record(section, f"{endpoint}: requests/s", rate, "req/s")
        if not values:  # e.g. no calendar polled in a short run
            print(f"{endpoint:<18}{rate:>8.1f}{'-':>9}{'-':>9}{'-':>9}{0:>8}")
            record(section, f"{endpoint}: errors", 0, "errors", goal="0")
            continue
        p95, p99 = percentile(values, 0.95), percentile(values, 0.99)
        statuses = dict(sorted(stats.status[endpoint].items()))
        failures = f"  no answer: {dict(stats.failures[endpoint])}" if stats.failures[endpoint] else ""
        print(
            f"{endpoint:<18}{rate:>8.1f}{statistics.median(values):>9.1f}{p95:>9.1f}{p99:>9.1f}{stats.errors[endpoint]:>8}  {statuses}{failures}"
        )
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
