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


if __name__ == "__main__":
    main()
