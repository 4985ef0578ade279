"""The organizer console, measured.

1. A message to 5,000 registrations queued (recipients read, 5,000 deliveries written, one job
   enqueued on the database queue): seconds; goal under 1 s. Then the worker's send of them
   (locmem mailer: the cost of Conclave, not of an SMTP server).
2. The manage/ dashboard with 5,000 registrations and 300 sessions: ms per request (median of
   10 through the test client) and its query count; goal under 150 ms. Beside it, a trivial
   view through the same client, the floor on this machine at this moment.

`--dashboard-only` skips the message; `--profile` adds where the dashboard's time goes.
"""

import os
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"  # queueing as in production

from _setup import setup_django  # noqa: E402
from report import record  # noqa: E402

PEOPLE, SESSIONS = 5000, 300


def build():
    from django.contrib.auth import get_user_model

    from summits.enums import RegistrationStatus, SessionKind, SummitStatus
    from summits.models import Registration, RegistrationCategory, Session, SessionSignup, Summit

    User = get_user_model()
    Summit.objects.filter(slug="bench-console").delete()
    User.objects.filter(username__startswith="console-bench-").delete()
    summit = Summit.objects.create(
        name="Bench console",
        slug="bench-console",
        city="Boston",
        venue="Hynes",
        timezone="America/New_York",
        start_date=date(2027, 11, 6),
        end_date=date(2027, 11, 8),
        status=SummitStatus.PUBLISHED,
        registration_opens=datetime(2027, 6, 1, tzinfo=UTC),
        registration_closes=datetime(2027, 11, 5, tzinfo=UTC),
    )
    organizer = User.objects.create(username="console-bench-organizer", email="console-bench-organizer@bench.example")
    summit.organizers.add(organizer)
    category = RegistrationCategory.objects.create(summit=summit, name="Industry", kind="industry")
    users = User.objects.bulk_create(
        [User(username=f"console-bench-{i}", email=f"console-bench-{i}@bench.example") for i in range(PEOPLE)]
    )
    statuses = [RegistrationStatus.APPROVED] * 3 + [RegistrationStatus.PENDING]
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                user=u,
                summit=summit,
                category=category,
                status=statuses[i % 4],
                badge_name=f"Person {i}",
                organisation="Bench",
                country_of_citizenship="US",
            )
            for i, u in enumerate(users)
        ],
        batch_size=1000,
    )
    first = datetime(2027, 11, 6, 13, 0, tzinfo=UTC)
    sessions = Session.objects.bulk_create(
        [
            Session(
                summit=summit,
                title=f"Roundtable {i}",
                kind=SessionKind.ROUNDTABLE,
                needs_signup=True,
                capacity=30,
                starts_at=first + timedelta(minutes=30 * i),
                ends_at=first + timedelta(minutes=30 * i + 25),
            )
            for i in range(SESSIONS)
        ]
    )
    SessionSignup.objects.bulk_create(
        [SessionSignup(session=sessions[i % SESSIONS], registration=r) for i, r in enumerate(registrations)],
        batch_size=1000,
    )
    # Spread the registrations over 120 days, as a real campaign would.
    for day in range(120):
        Registration.objects.filter(pk__in=[r.pk for r in registrations[day::120]]).update(
            created=datetime(2027, 6, 1, tzinfo=UTC) + timedelta(days=day, hours=day % 24)
        )
    from django.db import connection

    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum keeps them in production: right after a bulk load the
        # planner guesses one session per summit and walks the sign-ups by index, 300 times.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return summit, organizer


def bench_message(summit, organizer):
    from django.test import override_settings

    from summits.console.messaging import deliver_message, queue_message
    from summits.console.segments import Segment

    started = time.perf_counter()
    message = queue_message(summit, segment=Segment(), subject="Bench", body="Hello.", actor=organizer)
    queued = time.perf_counter() - started
    print(f"queue a message to {message.recipients} people: {queued:.3f} s")
    record("console", f"message to {message.recipients} people queued", round(queued, 3), "s", goal="< 1 s")
    with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}):
        started = time.perf_counter()
        deliver_message(message.pk)
        sent = time.perf_counter() - started
    message.refresh_from_db()
    print(f"worker sends them (locmem mailer): {sent:.2f} s, {message.sent} sent, {message.failed} failed")
    record("console", f"worker sends {message.sent} mails (locmem)", round(sent, 2), "s")


def bench_dashboard(summit, organizer):
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(organizer)
    url = f"/summits/{summit.slug}/manage/"
    assert client.get(url).status_code == 200
    times, cpu = [], []
    for _ in range(10):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    queries = []

    def counted(execute, sql, params, many, context):
        # Counted at the cursor: CaptureQueriesContext read 0 when the request closed the connection.
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        client.get(url)
    median = statistics.median(times)
    floor = trivial_view_ms(client)
    print(
        f"dashboard, {PEOPLE} registrations / {SESSIONS} sessions: median {median:.0f} ms, {len(queries)} queries; "
        f"trivial view {floor:.1f} ms in the same run: {median / floor:.0f}x; "
        f"this process's CPU per request (Python, not the database server's): median {statistics.median(cpu):.0f} ms"
    )
    if "--profile" in sys.argv:
        profile(client, url)
    record(
        "console", f"dashboard ({PEOPLE} registrations, {SESSIONS} sessions)", round(median, 1), "ms", goal="< 150 ms"
    )


def trivial_view_ms(client):
    """The floor on this machine now: median of 10 signed-in GETs of a view that does nothing."""
    times = []
    for _ in range(10):
        started = time.perf_counter()
        client.get("/summits/_bench/ping/")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def profile(client, url):
    """Where a dashboard request spends its time (cProfile, 5 requests, top 25 by own time)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main():
    setup_django(seed=False)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.ROOT_URLCONF = "bench_urls"  # the site plus the trivial view
    import logging

    logging.disable(logging.INFO)  # the request log line per page would drown the figures
    print(f"load average: {os.getloadavg()[0]:.2f} (2 cores shared)")
    summit, organizer = build()
    bench_dashboard(summit, organizer)
    if "--dashboard-only" not in sys.argv:
        bench_message(summit, organizer)


if __name__ == "__main__":
    main()
