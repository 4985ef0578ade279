"""Badge printing and the scan endpoint, measured.

1. A batch of 500 badges in each format, as the print run renders it (database read,
   badges made, HTML, QR codes, PDF in worker processes, merge): seconds, ms per badge,
   CPU seconds of all processes, peak memory of all processes (sampled RSS sum).
2. The floor: WeasyPrint rendering ONE prebuilt HTML document of the same 500 badges
   (QR images already inlined), no database, one process.
3. The scan endpoint under load: gunicorn with 2 workers, 10 s, desks posting badge
   codes as JSON; requests/s, p95 latency, and check-ins recorded == distinct badges scanned.

With DATABASE_URL unset it starts its own throwaway PostgreSQL on BENCH_PG_PORT
(55444) and removes it afterwards; bench/run passes its own.
"""

import argparse
import asyncio
import contextlib
import glob
import os
import random
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import gunicorn  # noqa: E402
from _setup import OUT, bench_users, logged_in_session, percentile, setup_django  # noqa: E402
from report import record  # noqa: E402

CSRF = secrets.token_hex(16)
NAMES = [
    "Ananya Krishnamurthy",
    "विक्रम चौधरी",
    "Zoë Ångström-Nørgaard",
    "James O'Connor",
    "Siddharthanarayanan Venkataraghavan Subramaniam Iyer",
    "प्रिया शर्मा",
    "Li Wei",
    "María José García Fernández",
]


@contextlib.contextmanager
def throwaway_postgres(port):
    """A PostgreSQL server for this run only (the recipe of /work/shared/RECIPES.md)."""
    pgbin = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: [int(x) for x in p.split("/")[4].split(".")])[
        -1
    ]
    tmp = tempfile.mkdtemp(prefix="pgbb.")
    shutil.chown(tmp, "postgres", "postgres")

    def as_postgres(*args):
        subprocess.run(["runuser", "-u", "postgres", "--", *args], cwd=tmp, check=True, capture_output=True)

    try:
        as_postgres(
            f"{pgbin}/initdb",
            "-D",
            f"{tmp}/data",
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = f"-k {tmp} -c listen_addresses=127.0.0.1 -p {port} -F -c max_connections=200"
        as_postgres(
            f"{pgbin}/pg_ctl", "-D", f"{tmp}/data", "-l", f"{tmp}/log", "-w", "-t", "60", "-o", options, "start"
        )
        as_postgres(
            f"{pgbin}/psql", "-q", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-c", "CREATE DATABASE bench"
        )
        yield f"postgres://postgres@127.0.0.1:{port}/bench"
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", f"{pgbin}/pg_ctl", "-D", f"{tmp}/data", "-m", "immediate", "stop"],
            cwd=tmp,
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- memory of a process tree


def _tree_rss_kib(root_pid):
    """Sum of VmRSS over `root_pid` and all its descendants, from /proc."""
    children = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
        except OSError:
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


class PeakMemory:
    def __init__(self, pid=None, interval=0.02):
        self.pid, self.interval, self.peak, self._stop = pid or os.getpid(), interval, 0, threading.Event()

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss_kib(self.pid))
            self._stop.wait(self.interval)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _tree_rss_kib(self.pid))

    @property
    def mib(self):
        return self.peak / 1024


def cpu_seconds():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# ---------------------------------------------------------------- data


def prepare(count):
    from datetime import UTC, date, datetime, timedelta

    from badges.services import ensure_badges
    from summits.models import Registration, RegistrationCategory, Summit

    summit, _ = Summit.objects.get_or_create(
        slug="bench-badges",
        defaults=dict(
            name="INDUS-X Bench Summit",
            city="Bengaluru",
            venue="BIEC",
            timezone="Asia/Kolkata",
            start_date=date(2027, 2, 12),
            end_date=date(2027, 2, 13),
            registration_opens=datetime.now(UTC) - timedelta(days=10),
            registration_closes=datetime.now(UTC) + timedelta(days=10),
            status="published",
        ),
    )
    categories = [
        RegistrationCategory.objects.get_or_create(
            summit=summit, name=name, defaults={"kind": kind, "badge_colour": colour}
        )[0]
        for name, kind, colour in [
            ("Industry / Prime", "industry", "#0b5cad"),
            ("Startup / SME", "startup", "#1a7f37"),
            ("Government", "government", "#ffd33d"),
        ]
    ]
    users = bench_users("bb", count)
    have = set(Registration.objects.filter(summit=summit, user__in=users).values_list("user_id", flat=True))
    Registration.objects.bulk_create(
        [
            Registration(
                user=u,
                summit=summit,
                category=categories[i % 3],
                status="approved",
                badge_name=NAMES[i % len(NAMES)] + ("" if i % 3 else f" {i}"),
                organisation="Hindustan Aeronautics Limited" if i % 2 else "Anduril Industries",
                country_of_citizenship="IN" if i % 2 else "US",
            )
            for i, u in enumerate(users)
            if u.pk not in have
        ]
    )
    registrations = list(Registration.objects.filter(summit=summit).select_related("category", "user"))
    ensure_badges(registrations)
    return summit, registrations


# ---------------------------------------------------------------- 1 and 2: rendering


def bench_batches(summit, count):
    from badges.queries import registrations_for_printing
    from badges.services import render_badge_pdf

    results = {}
    for fmt in ["badge", "a4", "letter"]:
        cpu0, started = cpu_seconds(), time.perf_counter()
        with PeakMemory() as memory:
            registrations = registrations_for_printing(summit)[:count]
            pdf, _ = render_badge_pdf(summit, registrations, fmt=fmt)
        elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu0
        (OUT / f"badges-{fmt}.pdf").write_bytes(pdf)
        per = elapsed / len(registrations) * 1000
        results[fmt] = per
        print(
            f"{fmt:>6}: {len(registrations)} badges in {elapsed:.2f} s = {per:.1f} ms/badge; "
            f"CPU {cpu:.1f} s ({cpu / len(registrations) * 1000:.1f} ms/badge); peak memory {memory.mib:.0f} MiB "
            f"(all processes); PDF {len(pdf) / 1024:.0f} KiB"
        )
        record("badges", f"500 badges, {fmt}: ms per badge (wall)", per, "ms", goal="≤ 20 ms on 2 cores")
        record("badges", f"500 badges, {fmt}: CPU ms per badge, all processes", cpu / len(registrations) * 1000, "ms")
        record("badges", f"500 badges, {fmt}: peak memory, all processes", memory.mib, "MiB", goal="< 300 MiB")
    return results


def prebuilt_html(summit, count):
    from badges.pdf import build_documents, summit_dates
    from badges.queries import registrations_for_printing
    from badges.render import _with_qr_codes
    from badges.services import badge_data, ensure_badges

    registrations = registrations_for_printing(summit)[:count]
    data = badge_data(registrations, ensure_badges(registrations))
    (html,) = build_documents(
        data, fmt="badge", summit_name=summit.name, summit_dates_text=summit_dates(summit), chunk=len(data)
    )
    path = OUT / "floor.html"
    path.write_text(_with_qr_codes(html))
    return path


FLOOR_SCRIPT = """
import sys, time, resource
from weasyprint import CSS, HTML
html = open(sys.argv[1]).read(); css = CSS(string=open(sys.argv[2]).read())
t, c = time.perf_counter(), time.process_time()
pdf = HTML(string=html).write_pdf(stylesheets=[css])
elapsed, cpu = time.perf_counter() - t, time.process_time() - c
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, cpu)
"""


def bench_floor(summit, count):
    from badges.pdf import CSS_PATH

    path = prebuilt_html(summit, count)
    output = subprocess.run(
        [sys.executable, "-c", FLOOR_SCRIPT, str(path), str(CSS_PATH)], capture_output=True, text=True, check=True
    ).stdout.split()
    elapsed, peak, cpu = float(output[0]), float(output[1]), float(output[2])
    per = elapsed / count * 1000
    print(
        f" floor: one prebuilt HTML of {count} badges, WeasyPrint, 1 process: {elapsed:.2f} s = {per:.1f} ms/badge; "
        f"CPU {cpu:.1f} s ({cpu / count * 1000:.1f} ms/badge); peak memory {peak:.0f} MiB"
    )
    record("badges", "floor: 500 prebuilt badges, WeasyPrint, 1 process", per, "ms")
    record("badges", "floor: CPU ms per badge", cpu / count * 1000, "ms")
    record("badges", "floor: peak memory", peak, "MiB")
    return per


# ---------------------------------------------------------------- 3: scan endpoint


def staff_session(summit):
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="bb-staff@bench.example", defaults={"email": "bb-staff@bench.example"}
    )
    summit.organizers.add(user)
    return logged_in_session(user)


async def scan_load(base, slug, session, codes, seconds, concurrency):
    import aiohttp

    latencies, statuses, scanned = [], {}, set()
    deadline = time.monotonic() + seconds
    rng = random.Random(11)

    async def desk(name):
        async with aiohttp.ClientSession(
            base,
            cookies={"sessionid": session, "csrftoken": CSRF},
            headers={"X-CSRFToken": CSRF, "Accept": "application/json"},
        ) as client:
            while time.monotonic() < deadline:
                code = rng.choice(codes)
                started = time.perf_counter()
                async with client.post(
                    f"/summits/{slug}/manage/checkin/scan/", json={"code": code, "desk": name}
                ) as response:
                    body = await response.json()
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[response.status] = statuses.get(response.status, 0) + 1
                if body.get("outcome") in {"checked_in", "already_checked_in"}:
                    scanned.add(code)

    started = time.monotonic()
    await asyncio.gather(*(desk(f"Desk {i}") for i in range(concurrency)))
    return latencies, statuses, scanned, time.monotonic() - started


def bench_scans(summit, registrations, seconds, concurrency):
    from badges.models import Badge, Checkin

    Checkin.objects.filter(summit=summit).delete()
    session = staff_session(summit)
    # Half the badges get scanned, many of them several times.
    codes = list(Badge.objects.filter(registration__summit=summit).values_list("secret", flat=True))[
        : len(registrations) // 2
    ]
    # Persistent database connections, as a production server runs; audit lines not logged to the console.
    # Desks here scan back to back as one staff user, far past a person's pace: lift the per-user limit.
    server_env = {
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
        "SCAN_RATE_LIMIT": "100000/m",
    }
    with gunicorn(port=int(os.environ.get("BENCH_PORT", "8844")), **server_env) as base:
        latencies, statuses, scanned, elapsed = asyncio.run(
            scan_load(base, summit.slug, session, codes, seconds, concurrency)
        )
    recorded = Checkin.objects.filter(summit=summit).count()
    rps = len(latencies) / elapsed
    p95 = percentile(latencies, 0.95)
    print(
        f"  scan: {len(latencies)} scans in {elapsed:.1f} s by {concurrency} desks = {rps:.0f} req/s; "
        f"p50 {percentile(latencies, 0.5):.1f} ms, p95 {p95:.1f} ms; statuses {statuses}"
    )
    print(
        f"  scan: check-ins recorded {recorded}, distinct badges scanned {len(scanned)}: {'OK' if recorded == len(scanned) else 'MISMATCH'}"
    )
    record("badges", "scan endpoint, requests per second", rps, "req/s")
    record("badges", "scan endpoint, p95 latency", p95, "ms", goal="well under 1 s")
    record("badges", "check-ins recorded minus distinct badges scanned", recorded - len(scanned), "", goal="0")
    return recorded == len(scanned)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--badges", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--desks", type=int, default=4, help="Desks scanning at once, back to back.")
    parser.add_argument("--skip-scan", action="store_true")
    parser.add_argument("--only-scan", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        with throwaway_postgres(int(os.environ.get("BENCH_PG_PORT", "55444"))) as url:
            os.environ["DATABASE_URL"] = url
            return run(args)
    return run(args)


def run(args):
    setup_django(seed=False)
    summit, registrations = prepare(args.badges)
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} cores, load average {load:.1f} at start (other work on the machine slows wall times)")
    if not args.only_scan:
        bench_batches(summit, args.badges)
        bench_floor(summit, args.badges)
    ok = True if args.skip_scan else bench_scans(summit, registrations, args.seconds, args.desks)
    from django.db import connections

    connections.close_all()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
