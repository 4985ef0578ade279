"""schedule.json (frab/C3VOC) of a 500-session summit: gunicorn (2 workers) on PostgreSQL, wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conclave_bench .venv/bin/python bench/schedule.py [--seconds 5]

The summit is bench/feeds.py's (500 sessions, 10% closed), released once as "bench-1".
Cases as in bench/feeds.py: a cold build (bytes cache off: every request reads the release and
builds the document), an unchanged repeat (bytes from the cache by ETag) and a 304. Floors:
`json.dumps` alone of the same `schedule` object (built once beforehand, no Django, no database),
and the trivial view on the same server. Issue 17: cold <= 1.5x json.dumps; unchanged and
304 >= 0.5x the trivial view.

Also printed: the HTTP floor of the cold build, the same bytes served by the same view from the
bytes cache (no database), alternated with json.dumps: what HTTP of that many bytes on loopback
costs against an in-process json.dumps, so the cold build's own share shows.
"""

import argparse
import json
import os
import statistics

import feeds
from feeds import SLUG, Server, request, single_median, timed, wrk
from report import record

GOALS = {"cold": 1.5, "repeat": 0.5, "304": 0.5}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    feeds.ensure_database(os.environ.get("DATABASE_URL", ""))
    feeds.setup()
    summit, _ = feeds.seed()
    from schedule.exports import schedule_data
    from schedule.models import ScheduleRelease
    from schedule.queries import published_records
    from schedule.services import release_schedule

    if not ScheduleRelease.objects.filter(summit=summit).exists():
        release_schedule(summit=summit, version="bench-1")
    feeds.analyze()
    site_url = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
    data = schedule_data(summit, published_records(summit), version="bench-1", site_url=site_url)
    events = sum(len(v) for day in data["conference"]["days"] for v in day["rooms"].values())

    def floor_build():
        return json.dumps({"schedule": data}, ensure_ascii=False).encode()

    path = f"/summits/{SLUG}/schedule.json"
    results = {}
    with Server(cache_bytes=False):
        floor_build(), request(path), request(path)
        floors, colds = [], []
        for _ in range(args.runs):  # alternate, so both see the same machine load
            floors.append(timed(floor_build))
            colds.append(timed(lambda: request(path)))
        results["floor"], results["cold"] = statistics.median(floors), statistics.median(colds)
        results["cold", "rps"] = wrk(path, seconds=args.seconds)
    with Server(cache_bytes=True):
        trivial = "/summits/_bench/ping/"
        etag = request(path)[1]["ETag"]
        for _ in range(4):
            request(path)
        for case, headers, expect in (("repeat", None, 200), ("304", {"If-None-Match": etag}, 304)):
            results[case, "ms"] = single_median(path, runs=args.runs * 5, headers=headers, expect=expect)
            results[case, "trivial"] = wrk(trivial, seconds=args.seconds)
            results[case, "rps"] = wrk(path, seconds=args.seconds, headers=headers)
        floors, cached = [], []
        for _ in range(args.runs):
            floors.append(timed(floor_build))
            cached.append(timed(lambda: request(path)))
        results["http floor"] = statistics.median(cached) / statistics.median(floors)

    load = os.getloadavg()[0]
    print(f"schedule.json, {events} events, {len(floor_build()) // 1024} KiB; load average {load:.1f}")
    print(f"  floor: json.dumps alone {results['floor']:.2f} ms")
    print(
        f"  cold build {results['cold']:.2f} ms, {results['cold', 'rps']:.1f} req/s: "
        f"{results['cold'] / results['floor']:.2f}x json.dumps (goal <= {GOALS['cold']}x)"
    )
    http_floor = results["http floor"]
    print(
        f"  HTTP floor: the same bytes from the bytes cache {http_floor:.2f}x json.dumps, so the cold "
        f"build's own share is {results['cold'] / results['floor'] - http_floor:.2f}x"
    )
    name = f"schedule.json ({events} events)"
    record(
        "schedule",
        f"{name}: cold build, median",
        results["cold"],
        "ms",
        floor=results["floor"],
        goal="<= 1.5x json.dumps alone",
    )
    record("schedule", f"{name}: cold build, wrk", results["cold", "rps"], "req/s")
    for case, label in (("repeat", "unchanged"), ("304", "304")):
        rps, trivial_rps = results[case, "rps"], results[case, "trivial"]
        print(
            f"  {label}: {results[case, 'ms']:.2f} ms, {rps:.0f} req/s vs trivial {trivial_rps:.0f}: "
            f"{rps / trivial_rps:.2f}x (goal >= {GOALS[case]}x)"
        )
        record("schedule", f"{name}: {label}, median", results[case, "ms"], "ms")
        record(
            "schedule",
            f"{name}: {label}, wrk (floor: trivial view)",
            rps,
            "req/s",
            floor=trivial_rps,
            goal=f">= {GOALS[case]}x the trivial view",
        )
    record("schedule", f"{name}: HTTP floor (unchanged bytes, median) / json.dumps", http_floor, "x")
    record("schedule", "load average (1 min) during the run", load, "")


if __name__ == "__main__":
    main()
