"""Agenda builder grid and a sign-up burst: median and 95th-percentile times, and SQL queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conclave_bench .venv/bin/python bench/agenda.py

1. The organizer's rooms × time grid of a summit with 300 sessions in 12 rooms, rendered
   in-process (timings and query count), and the same page fetched through gunicorn.
2. A sign-up burst: 200 signed-in attendees press "sign up" for one 25-seat roundtable at
   the same moment, through the real HTTP stack (gunicorn, 2 sync workers), after the same
   burst of a trivial view; both sent by bench/_http.py, one coroutine a request. Checks that
   exactly 25 are confirmed and 175 wait, in order. PostgreSQL only (skipped on SQLite).

Uses DATABASE_URL (the database is created if missing), else a SQLite file under bench/out/.
Everything runs against 127.0.0.1 and is bounded in count and time.
"""

import argparse
import asyncio
import http.client
import os
import secrets
import socket
import statistics
import sys
import time
from datetime import datetime, timedelta
from datetime import time as dtime

import _http
from _server import gunicorn
from _setup import ROOT, logged_in_session, percentile, setup_django
from report import record

SLUG = "bench-agenda"


def ensure_postgres_database(url):
    if not url.startswith("postgres"):
        return
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def build_summit(*, sessions=300, rooms=12, attendees=200):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from summits.enums import CategoryKind, RegistrationStatus, SessionKind, SummitStatus
    from summits.models import Registration, RegistrationCategory, Room, Session, Speaker, Summit

    User = get_user_model()
    Summit.objects.filter(slug=SLUG).delete()
    User.objects.filter(username__startswith="bench-agenda-").delete()
    today = timezone.localdate()
    summit = Summit.objects.create(
        name="Bench agenda summit",
        slug=SLUG,
        city="Bengaluru",
        venue="BIEC",
        timezone="Asia/Kolkata",
        start_date=today + timedelta(days=30),
        end_date=today + timedelta(days=31),
        registration_opens=timezone.now() - timedelta(days=1),
        registration_closes=timezone.now() + timedelta(days=20),
        status=SummitStatus.PUBLISHED,
    )
    organizer = User.objects.create_user("bench-agenda-organizer", "organizer@bench.example", "x")
    summit.organizers.add(organizer)
    room_objs = [
        Room.objects.create(summit=summit, name=f"Room {i + 1:02d}", capacity=60, position=i) for i in range(rooms)
    ]
    speakers = Speaker.objects.bulk_create(Speaker(summit=summit, name=f"Speaker {i}") for i in range(60))
    objs = []
    per_day = sessions // 2
    for n in range(sessions):
        day = summit.start_date + timedelta(days=n // per_day)
        slot = (n % per_day) // rooms  # 45-minute slots from 08:00
        start = datetime.combine(day, dtime(8), tzinfo=summit.tz) + timedelta(minutes=45 * slot)
        objs.append(
            Session(
                summit=summit,
                title=f"Session {n}",
                kind=SessionKind.ROUNDTABLE if n % 3 == 0 else SessionKind.PLENARY,
                room=room_objs[n % rooms],
                starts_at=start,
                ends_at=start + timedelta(minutes=40),
                needs_signup=n % 3 == 0,
                capacity=25 if n % 3 == 0 else None,
                description="Benchmark session.",
            )
        )
    created = Session.objects.bulk_create(objs)
    Through = Session.speakers.through
    Through.objects.bulk_create(
        Through(session_id=s.pk, speaker_id=speakers[i % len(speakers)].pk) for i, s in enumerate(created)
    )
    ModThrough = Session.moderators.through
    ModThrough.objects.bulk_create(
        ModThrough(session_id=s.pk, speaker_id=speakers[(i * 7) % len(speakers)].pk) for i, s in enumerate(created)
    )
    burst = Session.objects.create(
        summit=summit,
        title="Burst roundtable",
        kind=SessionKind.ROUNDTABLE,
        room=None,
        starts_at=datetime.combine(summit.end_date, dtime(20), tzinfo=summit.tz),
        ends_at=datetime.combine(summit.end_date, dtime(21), tzinfo=summit.tz),
        needs_signup=True,
        capacity=25,
    )
    category = RegistrationCategory.objects.create(summit=summit, name="Industry", kind=CategoryKind.INDUSTRY)
    users = [User(username=f"bench-agenda-{i}", email=f"a{i}@bench.example") for i in range(attendees + 1)]
    for user in users:
        user.set_unusable_password()
    users = User.objects.bulk_create(users)
    Registration.objects.bulk_create(
        Registration(
            user=user,
            summit=summit,
            category=category,
            status=RegistrationStatus.APPROVED,
            badge_name=f"Attendee {i}",
            organisation="Bench",
            country_of_citizenship="IN",
        )
        for i, user in enumerate(users)
    )
    return summit, organizer, burst, users


def session_cookie(user):
    from django.conf import settings

    return f"{settings.SESSION_COOKIE_NAME}={logged_in_session(user)}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request_once(port, method, path, *, cookie, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers={"Cookie": cookie, **(headers or {})})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def bench_grid(summit, organizer, runs, port=None):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    url = f"/summits/{summit.slug}/manage/agenda/"
    client = Client()
    client.force_login(organizer)
    assert client.get(url).status_code == 200
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    row = ("grid (in-process)", statistics.median(timings), percentile(timings, 0.95), len(queries))
    rows = [row]
    if port:
        cookie = session_cookie(organizer)
        http_timings = []
        for _ in range(runs):
            start = time.perf_counter()
            status = request_once(port, "GET", url, cookie=cookie)
            http_timings.append((time.perf_counter() - start) * 1000)
            assert status == 200, status
        rows.append(("grid (gunicorn)", statistics.median(http_timings), percentile(http_timings, 0.95), len(queries)))
    return rows


def concurrent(port, method, path, cookies, *, body=b"", headers=None):
    """Every cookie's request at once, one coroutine each started together through the lean
    client (bench/_http.py: 200 threads measured their own GIL contention): ([(status, ms)], wall s).
    A request without an answer counts as status 0."""
    requests = [_http.encode(method, path, cookie=cookie, body=body, headers=headers) for cookie in cookies]

    async def burst():
        start = time.perf_counter()
        answers = await asyncio.gather(*(_http.fetch(port, request, timeout=60) for request in requests))
        return [(a.status, a.seconds * 1000) for a in answers], time.perf_counter() - start

    return asyncio.run(burst())


def summary(results, wall):
    timings = [ms for _, ms in results]
    return {
        "statuses": sorted({status for status, _ in results}),
        "median": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "max": max(timings),
        "wall": wall,
    }


def bench_burst(summit, burst, users, port):
    """The trivial burst (200 signed-in GETs of a view that does nothing) and then the sign-up
    burst (200 POSTs for 25 seats), through the same gunicorn, one after the other."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from summits.models import SessionSignup

    attendees, spare = users[:-1], users[-1]
    path = f"/summits/{summit.slug}/sessions/{burst.pk}/signup/"
    csrf = secrets.token_hex(16)  # a 32-character secret: cookie and header must match
    cookies = [f"{session_cookie(u)}; csrftoken={csrf}" for u in attendees]
    connection.close()  # the workers must not wait on this process's connection
    # Warm every worker (imports, connections) and every attendee's session in the cache, as a
    # running site would be: with 180 sessions still cold the trivial burst took 1.0 s, not 0.2.
    for _ in range(2):
        concurrent(port, "GET", "/summits/_bench/ping/", cookies)
    trivial = summary(*concurrent(port, "GET", "/summits/_bench/ping/", cookies))
    headers = {"X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded"}
    r = summary(*concurrent(port, "POST", path, cookies, headers=headers))
    signups = list(
        SessionSignup.objects.filter(session=burst).order_by("created", "pk").values_list("status", flat=True)
    )
    ok = signups == ["confirmed"] * 25 + ["waitlisted"] * (len(cookies) - 25)
    # Queries of one sign-up, measured in-process on the same code path (mail queued in the database).
    client = Client()
    client.force_login(spare)
    with CaptureQueriesContext(connection) as queries:
        client.post(path)
    control = [q for q in queries.captured_queries if q["sql"].startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"))]
    r.update(
        trivial=trivial,
        confirmed=signups.count("confirmed"),
        waitlisted=signups.count("waitlisted"),
        in_order=ok,
        queries=len(queries) - len(control),
        transaction_control=len(control),
    )
    return r


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--burst-only", action="store_true", help="skip the builder grid")
    args = parser.parse_args()
    os.environ.setdefault("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("REQUEST_LOG_LEVEL", "WARNING")
    os.environ.setdefault("MAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    ensure_postgres_database(os.environ.get("DATABASE_URL", ""))
    setup_django(seed=False)
    from django.db import connection

    summit, organizer, burst, users = build_summit()
    print(f"database: {connection.vendor}; sessions: {summit.sessions.count()}; rooms: {summit.rooms.count()}")
    port = free_port()
    # As deployed: mail jobs go to the database queue and a worker sends them. The bench
    # settings add a trivial view (bench_urls), the floor the sign-up burst is compared with.
    server_env = {
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_SETTINGS_MODULE": "feeds_settings",
        "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}",
        "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
    }
    with gunicorn(port=port, **server_env) as base:
        port = int(base.rsplit(":", 1)[1])
        setup = os.environ.get("BENCH_SETUP") or "gunicorn -w 2 (sync)"
        if not args.burst_only:
            print(f"{'page':<22}{'median ms':>12}{'p95 ms':>10}{'queries':>10}")
            for name, median, p95, queries in bench_grid(summit, organizer, args.runs, port):
                print(f"{name:<22}{median:>12.1f}{p95:>10.1f}{queries:>10}")
                record("agenda builder", f"{name}, 300 sessions × 12 rooms, median", median, "ms")
                record("agenda builder", f"{name}, 300 sessions × 12 rooms, p95", p95, "ms")
            record("agenda builder", "grid SQL queries", queries, "queries", goal="fixed whatever the sessions")
        if connection.vendor != "postgresql":
            print("sign-up burst: skipped (needs PostgreSQL: set DATABASE_URL)")
            return
        r = bench_burst(summit, burst, users, port)
    t = r["trivial"]
    print(
        f"trivial burst: 200 concurrent GETs, {setup}: HTTP {t['statuses']}; median {t['median']:.1f} ms, "
        f"p95 {t['p95']:.1f} ms, all done in {t['wall']:.2f} s"
    )
    print(
        f"sign-up burst: 200 concurrent POSTs, {setup}, 25 seats: HTTP {r['statuses']}; "
        f"median {r['median']:.1f} ms, p95 {r['p95']:.1f} ms, max {r['max']:.1f} ms, "
        f"all done in {r['wall']:.2f} s ({200 / r['wall']:.0f} sign-ups/s)"
    )
    p95_ratio, wall_ratio = r["p95"] / t["p95"], r["wall"] / t["wall"]
    print(
        f"  sign-up / trivial: p95 {p95_ratio:.1f}x, total time {wall_ratio:.1f}x (goals: p95 <= 500 ms, total <= 8x)"
    )
    print(
        f"  result: {r['confirmed']} confirmed, {r['waitlisted']} waitlisted, in order: {r['in_order']}; "
        f"queries per sign-up request: {r['queries']} (+{r['transaction_control']} transaction control)"
    )
    record("sign-up burst", f"trivial view, 200 concurrent GETs, p95 ({setup})", t["p95"], "ms")
    record("sign-up burst", f"trivial view, 200 concurrent GETs, all answered in ({setup})", t["wall"], "s")
    record("sign-up burst", f"200 concurrent sign-ups, median ({setup})", r["median"], "ms")
    record("sign-up burst", f"200 concurrent sign-ups, p95 ({setup})", r["p95"], "ms", goal="<= 500")
    record("sign-up burst", f"200 concurrent sign-ups, all answered in ({setup})", r["wall"], "s")
    record("sign-up burst", "p95, sign-up / trivial", p95_ratio, "x")
    record("sign-up burst", "total time, sign-up / trivial", wall_ratio, "x", goal="<= 8")
    record("sign-up burst", "SQL queries per sign-up request", r["queries"], "queries", goal="<= 8")
    record("sign-up burst", "confirmed of 25 seats", r["confirmed"], "", goal="25")
    record("sign-up burst", "waitlisted, in order", r["waitlisted"] if r["in_order"] else -1, "", goal="175")
    if not r["in_order"] or r["confirmed"] != 25 or r["statuses"] != [302]:
        sys.exit("sign-up burst broke the seat rule or answered other than 302")


if __name__ == "__main__":
    main()
