"""Calendar feeds under load: gunicorn (2 workers) on 127.0.0.1 against PostgreSQL, measured with wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conclave_bench .venv/bin/python bench/feeds.py [--seconds 10]

Feeds: the public agenda of a 500-session summit and a private feed of 40 sessions.
Cases: a cold build (the bytes cache switched off, so every request builds the feed
from the database), a repeat request for an unchanged feed (bytes from the cache,
keyed by the ETag), and a conditional request answered 304. Each is measured as the
median time of single sequential requests and as requests/s under wrk for N seconds.
Floors printed beside them: icalendar alone building and serializing the same
events (no Django, no database), and a trivial Django view on the same server.
The database is created if missing, migrated and seeded (idempotent).
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from _setup import OUT, ROOT
from report import record

SLUG = "bench-feeds"
SESSIONS, PERSONAL = 500, 40
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "55642"))
# Issue 12: cold <= 1.5x icalendar alone; unchanged and 304 >= these times the trivial view.
GOALS = {
    "cold": 1.5,
    ("public", "repeat"): 0.5,
    ("public", "304"): 0.5,
    ("personal", "repeat"): 0.4,
    ("personal", "304"): 0.4,
}


def ensure_database(url):
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit("bench/feeds.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    import psycopg

    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup():
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conclave.settings")
    os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
    import warnings

    import django

    warnings.filterwarnings("ignore", "No directory at")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed():
    """A 500-session summit over the New York DST change, 10% closed; one person with 40 seats."""
    import random

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from summits.calendar.tokens import live_feed_token, renew_feed_token
    from summits.enums import CategoryKind, RegistrationStatus, Restriction, SessionKind, SignupStatus, SummitStatus
    from summits.models import (
        Registration,
        RegistrationCategory,
        Room,
        Session,
        SessionClearance,
        SessionSignup,
        Speaker,
        Summit,
    )

    summit = Summit.objects.filter(slug=SLUG).first()
    if summit is not None and summit.sessions.count() == SESSIONS:
        registration = Registration.objects.get(summit=summit, user__email="bench-feeds@example.org")
        return summit, live_feed_token(registration) or renew_feed_token(registration)
    rng = random.Random(2027)
    with transaction.atomic():
        Summit.objects.filter(slug=SLUG).delete()
        now = datetime.now(UTC)
        summit = Summit.objects.create(
            name="INDUS-X Washington (bench)",
            slug=SLUG,
            city="Washington",
            venue="Convention Center",
            timezone="America/New_York",
            start_date=date(2027, 3, 12),
            end_date=date(2027, 3, 16),
            registration_opens=now - timedelta(days=10),
            registration_closes=now + timedelta(days=300),
            status=SummitStatus.PUBLISHED,
        )
        rooms = [Room.objects.create(summit=summit, name=f"Room {n}", position=n) for n in range(10)]
        speakers = [
            Speaker.objects.create(summit=summit, name=f"Speaker {n}", title="Director", organisation=f"Org {n % 37}")
            for n in range(200)
        ]
        tz = summit.tz
        sessions = []
        for n in range(SESSIONS):
            day = summit.start_date + timedelta(days=n % 5)
            start = datetime(day.year, day.month, day.day, 8, tzinfo=tz) + timedelta(minutes=30 * ((n // 5) % 20))
            sessions.append(
                Session(
                    summit=summit,
                    title=f"Roundtable {n}: joint challenges in autonomy, space and undersea domains",
                    kind=SessionKind.ROUNDTABLE,
                    room=rooms[n % 10],
                    starts_at=start.astimezone(UTC),
                    ends_at=(start + timedelta(minutes=45)).astimezone(UTC),
                    description="Primes, startups and investors on co-development, "
                    "export-control pathways and test ranges.\nBring questions.",
                    restriction=Restriction.CLEARED if n % 10 == 0 else Restriction.OPEN,
                    sequence=n % 3,
                )
            )
        sessions = Session.objects.bulk_create(sessions)
        links = Session.speakers.through
        links.objects.bulk_create(
            links(session_id=s.pk, speaker_id=sp.pk) for s in sessions for sp in rng.sample(speakers, rng.randint(1, 3))
        )
        mods = Session.moderators.through
        mods.objects.bulk_create(mods(session_id=s.pk, speaker_id=rng.choice(speakers).pk) for s in sessions[::2])
        user, _ = get_user_model().objects.get_or_create(
            username="bench-feeds@example.org", defaults={"email": "bench-feeds@example.org"}
        )
        category = RegistrationCategory.objects.create(summit=summit, name="Industry", kind=CategoryKind.INDUSTRY)
        registration = Registration.objects.create(
            user=user,
            summit=summit,
            category=category,
            status=RegistrationStatus.APPROVED,
            badge_name="Bench Person",
            organisation="Bench Org",
            country_of_citizenship="US",
            is_us_person=True,
        )
        mine = sessions[::12][:PERSONAL]  # includes closed ones (every 10th): some cleared, some not
        SessionSignup.objects.bulk_create(
            SessionSignup(session=s, registration=registration, status=SignupStatus.CONFIRMED) for s in mine
        )
        SessionClearance.objects.bulk_create(
            SessionClearance(session=s, registration=registration, decided_by=user)
            for s in mine
            if s.restriction != Restriction.OPEN and s.pk % 2
        )
        token = renew_feed_token(registration)
    return summit, token


def analyze():
    """Planner statistics for the freshly seeded tables, as autovacuum gives a live database
    within a minute: without them PostgreSQL plans the feed queries for empty tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def icalendar_floor_builder(events, summit):
    """icalendar alone: the same events built with its plain API and serialized. No Django, no DB.

    Returns build(reuse_vtimezone) -> bytes.
    """
    import icalendar

    from summits.calendar.ical import vtimezone

    def build(reuse_vtimezone=True):
        cal = icalendar.Calendar()
        cal.add("prodid", "-//bench//EN")
        cal.add("version", "2.0")
        stamp = datetime(2027, 1, 1, tzinfo=UTC)
        for item in events:
            event = icalendar.Event()
            event.add("uid", item.uid)
            event.add("dtstamp", stamp)
            event.add("summary", item.summary)
            event.add("dtstart", item.start.astimezone(summit.tz))
            event.add("dtend", item.end.astimezone(summit.tz))
            event.add("sequence", item.sequence)
            event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
            event.add("location", item.location)
            event.add("description", item.description)
            event.add("url", item.url)
            event.add("last-modified", item.last_modified)
            cal.add_component(event)
        first, last = summit.start_date - timedelta(days=1), summit.end_date + timedelta(days=2)
        if reuse_vtimezone:
            cal.subcomponents.insert(0, vtimezone(summit.timezone, first, last))
        else:
            cal.add_missing_timezones(first_date=first, last_date=last)
        return cal.to_ical()

    return build


def timed(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def cold_vs_floor(path, floor_build, *, runs):
    """Alternate one floor build and one cold HTTP build, so both see the same machine load."""
    floor_build()
    request(path)
    floors, colds = [], []
    for _ in range(runs):
        floors.append(timed(floor_build))
        colds.append(timed(lambda: request(path)))
    fresh_vtimezone = statistics.median(timed(lambda: floor_build(False)) for _ in range(3))
    return statistics.median(floors), statistics.median(colds), fresh_vtimezone


class Server:
    def __init__(self, *, cache_bytes):
        self.cache_bytes = cache_bytes
        self.proc = None

    def __enter__(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "feeds_settings",
            "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}",
            "FEED_BENCH_CACHE": "1" if self.cache_bytes else "0",
            "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "600"),
            # wrk polls one token thousands of times a second; the limit is still counted, never reached.
            "FEED_RATE_LIMIT": "100000000/m",
            "REQUEST_LOG_LEVEL": os.environ.get("REQUEST_LOG_LEVEL", "WARNING"),
        }
        log = open(OUT / "feeds-gunicorn.log", "ab")
        self.proc = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "conclave.wsgi",
                "-w",
                "2",
                "-b",
                f"{HOST}:{PORT}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if request("/summits/_bench/ping/")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        sys.exit("gunicorn did not start; see bench/out/feeds-gunicorn.log")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def request(path, headers=None):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body
    finally:
        conn.close()


def single_median(path, *, runs, headers=None, expect=200):
    request(path, headers)  # warm up (both workers get their turn below)
    request(path, headers)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        status, _, _ = request(path, headers)
        timings.append((time.perf_counter() - start) * 1000)
        assert status == expect, (path, status)
    return statistics.median(timings)


def wrk(path, *, seconds, headers=None):
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, f"http://{HOST}:{PORT}{path}"], capture_output=True, text=True, check=True
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        sys.exit(f"wrk saw {errors.group(1)} error responses for {path}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=30, help="sequential requests per single-request median")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    ensure_database(url)
    setup()
    summit, token = seed()
    analyze()

    from summits.agenda.calendar import session_event
    from summits.agenda.queries import feed_sessions
    from summits.calendar.feeds import personal_feed_events
    from summits.calendar.tokens import personal_feed_url
    from summits.screening.eligibility import SessionAccess

    site_url = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
    public_events = [session_event(s, summit=summit, visible=True, site_url=site_url) for s in feed_sessions(summit)]
    registration = token.registration
    personal_events = personal_feed_events(
        registration, SessionAccess.for_registration(registration), site_url=site_url
    )
    events = {"public": public_events, "personal": personal_events}
    paths = {
        "public": f"/summits/{SLUG}/agenda.ics",
        "personal": urlsplit(personal_feed_url(token)).path,
    }
    print(
        f"PostgreSQL, gunicorn -w 2 on {HOST}:{PORT}, wrk -t2 -c8 -d{args.seconds}s; "
        f"events: public {len(public_events)}, personal {len(personal_events)}"
    )
    load_before = os.getloadavg()[0]
    results = {}
    with Server(cache_bytes=False):
        for feed, path in paths.items():
            runs = args.runs if feed == "public" else args.runs * 3
            floor, cold, fresh = cold_vs_floor(path, icalendar_floor_builder(events[feed], summit), runs=runs)
            results[feed, "floor"], results[feed, "cold", "ms"], results[feed, "floor-fresh-tz"] = floor, cold, fresh
            results[feed, "cold", "rps"] = wrk(path, seconds=args.seconds)
    with Server(cache_bytes=True):
        trivial = "/summits/_bench/ping/"
        results["trivial", "ms"] = single_median(trivial, runs=args.runs * 10)
        for feed, path in paths.items():
            etag = request(path)[1]["ETag"]
            for _ in range(4):  # both workers hold the bytes
                request(path)
            conditional = {"If-None-Match": etag}
            for case, headers, expect in (("repeat", None, 200), ("304", conditional, 304)):
                results[feed, case, "ms"] = single_median(path, runs=args.runs * 10, headers=headers, expect=expect)
                # The trivial view right before each case: the machine's load drifts.
                results[feed, case, "trivial"] = wrk(trivial, seconds=args.seconds)
                results[feed, case, "rps"] = wrk(path, seconds=args.seconds, headers=headers)

    # Ratios against the trivial view hold up under load only roughly: say how loaded the machine was.
    load_after = os.getloadavg()[0]
    print(f"\nload average (1 min): {load_before:.1f} at the start, {load_after:.1f} at the end")
    record("feeds", "load average (1 min), mean of the run's start and end", (load_before + load_after) / 2, "")
    print(f"floor: trivial Django view, single request {results['trivial', 'ms']:.2f} ms")
    for feed in paths:
        floor = results[feed, "floor"]
        print(f"\n{feed} feed ({len(events[feed])} events)")
        print(f"  floor: icalendar alone, VTIMEZONE reused      {floor:8.2f} ms")
        print(f"  floor: icalendar alone, VTIMEZONE built anew  {results[feed, 'floor-fresh-tz']:8.2f} ms")
        print(f"  {'case':<12}{'median ms':>11}{'req/s':>10}{'trivial req/s':>15}   ratio (goal)")
        cold_ms = results[feed, "cold", "ms"]
        print(
            f"  {'cold build':<12}{cold_ms:>11.2f}{results[feed, 'cold', 'rps']:>10.1f}{'':>15}   "
            f"{cold_ms / floor:.2f}x the icalendar floor (goal <= {GOALS['cold']}x)"
        )
        for case, label in (("repeat", "unchanged"), ("304", "304")):
            rps, trivial_rps = results[feed, case, "rps"], results[feed, case, "trivial"]
            print(
                f"  {label:<12}{results[feed, case, 'ms']:>11.2f}{rps:>10.0f}{trivial_rps:>15.0f}   "
                f"{rps / trivial_rps:.2f}x the trivial view (goal >= {GOALS[feed, case]}x)"
            )
        name = f"{feed} feed ({len(events[feed])} events)"
        record("feeds", f"{name}: cold build, median", cold_ms, "ms", floor=floor, goal="<= 1.5x icalendar alone")
        record("feeds", f"{name}: cold build, wrk", results[feed, "cold", "rps"], "req/s")
        for case, label in (("repeat", "unchanged feed"), ("304", "304")):
            goal = GOALS[feed, case]
            record("feeds", f"{name}: {label}, median", results[feed, case, "ms"], "ms")
            record(
                "feeds",
                f"{name}: {label}, wrk (floor: trivial view)",
                results[feed, case, "rps"],
                "req/s",
                floor=results[feed, case, "trivial"],
                goal=f">= {goal}x the trivial view",
            )


if __name__ == "__main__":
    main()
