"""CPU per request of the registration rush and the mixed load, in process.

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/request_cpu.py \
        [--requests 300] [--profile "session sign-up"] [--attendees 300]

Drives the whole Django stack (every middleware, the views, the templates) with
django.test.Client and a signed-in session cookie, as a browser would, and prints the
median process CPU time per request of each endpoint: the sign-up POST, the session page it
redirects to (with the message), the session page, the agenda page signed in, and a desk scan.
CPU time, not wall time, so a busy machine still gives comparable figures; compare with the
trivial view of the same run. --profile NAME prints cProfile's top functions for one endpoint.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time

from _setup import setup_django
from report import record


def timed(calls):
    """Process CPU ms of each call; a few unmeasured calls first warm the caches (templates, agenda rows)."""
    for call in calls[:5]:
        call()
    spent = []
    for call in calls[5:]:
        start = time.process_time()
        call()
        spent.append((time.process_time() - start) * 1000)
    return spent


def endpoints(summit, people, staff_session, sessions, codes, count):
    from django.test import Client
    from mixed_load import CSRF

    def client(session_key):
        c = Client(enforce_csrf_checks=True, HTTP_X_CSRFTOKEN=CSRF)
        c.cookies["sessionid"] = session_key
        c.cookies["csrftoken"] = CSRF
        return c

    clients = [client(p["session"]) for p in people]
    desk = client(staff_session)
    slug = summit.slug
    checks = {}

    def expect(name, response, *statuses):
        checks.setdefault(name, set()).add(response.status_code)
        assert response.status_code in statuses, (name, response.status_code)
        return response

    def signup(i):
        c, session = clients[i % len(clients)], sessions[i % len(sessions)]
        return lambda: expect("session sign-up", c.post(f"/summits/{slug}/sessions/{session}/signup/"), 302)

    def after_signup(i):
        c, session = clients[i % len(clients)], sessions[i % len(sessions)]

        def call():
            c.post(f"/summits/{slug}/sessions/{session}/signup/")
            return c  # the message is now in the session: the page below shows it

        return call, lambda: expect("page after sign-up", c.get(f"/summits/{slug}/sessions/{session}/"), 200)

    def page(i, url, name):
        c = clients[i % len(clients)]
        return lambda: expect(name, c.get(url), 200)

    def scan(i):
        import json

        body = json.dumps({"code": codes[i % len(codes)], "desk": "Desk 1"})
        return lambda: expect(
            "badge scan",
            desk.post(
                f"/summits/{slug}/manage/checkin/scan/",
                body,
                content_type="application/json",
                HTTP_ACCEPT="application/json",
            ),
            200,
        )

    # Each person's session and saved language are cached by their first request; the load's
    # people make many, so the figures below are of the steady state.
    for i in range(len(clients)):
        page(i, "/summits/_bench/ping/", "warm-up")()
    desk.get(f"/summits/{slug}/manage/checkin/")
    yield "trivial view", [page(i, "/summits/_bench/ping/", "trivial view") for i in range(count)]
    yield "agenda page", [page(i, f"/summits/{slug}/agenda/", "agenda page") for i in range(count)]
    yield (
        "session page",
        [page(i, f"/summits/{slug}/sessions/{sessions[i % len(sessions)]}/", "session page") for i in range(count)],
    )
    # Each person signs up once (a fresh decision each time), then loads the page it redirects to.
    yield "session sign-up", [signup(i) for i in range(count)]
    pairs = [after_signup(count + i) for i in range(count)]
    yield "page after sign-up", pairs  # (sign-up, page): only the page is timed
    yield "badge scan", [scan(i) for i in range(count)]


def show_queries(name, call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    print(f"-- {name}: {len(captured)} queries")
    for query in captured:
        print("   ", query["sql"][:300])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--attendees", type=int, default=0, help="people signing up (default: 2 x requests)")
    parser.add_argument("--queries", action="store_true", help="print the SQL of one request of each")
    parser.add_argument("--profile", action="append", default=[], help="an endpoint name: print its cProfile top")
    args = parser.parse_args()
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("REQUEST_LOG_LEVEL", "WARNING")
    # As in production: mail is queued in the database, not sent in the request.
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")
    os.environ["DJANGO_SETTINGS_MODULE"] = "feeds_settings"  # the site plus the trivial view
    setup_django()
    from django.conf import settings
    from django.db import connection
    from mixed_load import prepare

    # The load's people and desk; each sign-up below is a fresh person, so a fresh decision.
    summit, people, staff_session, sessions, codes = prepare(args.attendees or 2 * args.requests + 10)
    # Every run measures the same decisions: first sign-ups and first check-ins of the load's people.
    from badges.models import Checkin
    from summits.models import SessionSignup

    SessionSignup.objects.filter(registration__user__username__startswith="load").delete()
    Checkin.objects.filter(registration__user__username__startswith="load").delete()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    print(
        f"database: {connection.vendor}; cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; "
        f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(f"{'request':<20}{'CPU ms median':>14}{'p90':>8}{'x trivial':>11}")
    trivial = None
    for name, calls in endpoints(summit, people, staff_session, sessions, codes, args.requests):
        if name == "page after sign-up":
            for before, _ in calls:
                before()
            calls = [page for _, page in calls]
        # Timed by process CPU too, so time spent waiting (database, a busy machine) is not counted.
        if args.queries:
            show_queries(name, calls[-1])
        profiler = cProfile.Profile(time.process_time) if name in args.profile else None
        if profiler:
            profiler.enable()
        spent = timed(calls)
        if profiler:
            profiler.disable()
        median = statistics.median(spent)
        p90 = sorted(spent)[int(0.9 * (len(spent) - 1))]
        trivial = trivial or median
        print(f"{name:<20}{median:>14.2f}{p90:>8.2f}{median / trivial:>10.1f}x")
        record("CPU per request", f"{name}: process CPU per request, median", median, "ms")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
            # The project's own functions (and templates' tags), where a cut can be made.
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(
                r"^(?!.*site-packages).*(summits|badges|accounts|ops|conclave|schedule)/", 40
            )
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
            print(out.getvalue())


if __name__ == "__main__":
    main()
