"""Median server time and SQL queries of the public pages on the demo data.

    .venv/bin/python bench/pages.py [--runs 50]

Uses DATABASE_URL if set (e.g. PostgreSQL), else a SQLite file under bench/out/.
"""

import argparse
import statistics
import time

from _setup import percentile, setup_django
from report import record


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    setup_django()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from summits.models import Summit

    summit = Summit.objects.get(slug="bengaluru-2027")
    client = Client()
    pages = {
        "home": "/",
        "summit": f"/summits/{summit.slug}/",
        "agenda": f"/summits/{summit.slug}/agenda/",
    }
    print(f"database: {connection.vendor}; sessions: {summit.sessions.count()}; runs: {args.runs}")
    print(f"{'page':<10}{'median ms':>12}{'p95 ms':>10}{'queries':>10}")
    for name, url in pages.items():
        client.get(url)  # warm caches and templates
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        median = statistics.median(timings)
        print(f"{name:<10}{median:>12.2f}{percentile(timings, 0.95):>10.2f}{len(queries):>10}")
        record("pages", f"{name} page, median server time", median, "ms")
        record("pages", f"{name} page, SQL queries", len(queries), "queries", goal="fixed whatever the sessions")
    # The agenda's rows are cached per version of the agenda (summits/agenda/page_cache.py);
    # the same page with the rows rendered on every request is the floor it is compared with.
    from summits.calendar.feeds import feed_cache

    cold = []
    for _ in range(args.runs):
        feed_cache().clear()
        start = time.perf_counter()
        client.get(pages["agenda"])
        cold.append((time.perf_counter() - start) * 1000)
    print(f"{'agenda, rows rendered every time':<10}{statistics.median(cold):>12.2f}{percentile(cold, 0.95):>10.2f}")
    record("pages", "agenda page, rows rendered on every request (no cache), median", statistics.median(cold), "ms")


if __name__ == "__main__":
    main()
