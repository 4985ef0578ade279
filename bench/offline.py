"""The offline desk, measured (issue 19).

1. The snapshot of a check-in list of 5,000 badges (200 of them reprinted, so 200 revoked
   hashes): build time (queries, HMACs, JSON) and its size gzipped, as the desk downloads it.
   Goal: <= 1 s, <= 1 MB.
2. An offline verdict in the browser: Chromium (Playwright) loads the desk with that list,
   the network is cut, 100 scans are answered from the snapshot; time from submitting the
   scan to `#scan-result` showing its outcome. Goal: <= 50 ms (p95).
3. A sync of 1,000 queued scans (5 uploads of 200, as the desk sends them) at today's
   entrance list through the whole Django stack in-process, against the same bodies posted to
   a view that does nothing. Goal: <= 5 s.

    .venv/bin/python bench/offline.py [snapshot] [browser] [sync]   (all three by default)

Runs on its own SQLite file unless DATABASE_URL is set (bench/run passes PostgreSQL).
"""

import gzip
import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import OUT, logged_in_session, percentile, setup_django  # noqa: E402
from report import record  # noqa: E402

BADGES = 5000
REVOKED = 200
SCANS = 1000
BROWSER_SCANS = 100
SECTION = "Offline desk (issue 19)"


def build_summit():
    from django.contrib.auth import get_user_model

    from badges.enums import ListKind
    from badges.lists import create_checkin_list
    from badges.models import Badge, CheckinList, RevokedSecret
    from badges.secrets import new_secret
    from summits.models import Registration, RegistrationCategory, Summit

    User = get_user_model()
    slug = "offline-bench"
    Summit.objects.filter(slug=slug).delete()
    today = datetime.now(UTC).date()
    summit = Summit.objects.create(
        name="Offline bench",
        slug=slug,
        city="Bengaluru",
        venue="BIEC",
        timezone="Asia/Kolkata",
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=1),
        registration_opens=datetime.now(UTC) - timedelta(days=30),
        registration_closes=datetime.now(UTC) + timedelta(days=1),
        status="published",
    )
    organizer, _ = User.objects.get_or_create(
        username="offline-bench@bench.example", email="offline-bench@bench.example"
    )
    summit.organizers.add(organizer)
    category = RegistrationCategory.objects.create(summit=summit, name="Industry", kind="industry")
    names = [f"offline{i:05d}@bench.example" for i in range(BADGES)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create([User(username=n, email=n) for n in names if n not in existing], batch_size=1000)
    users = list(User.objects.filter(username__in=names).order_by("username"))
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                summit=summit,
                user=user,
                category=category,
                status="approved",
                badge_name=f"Attendee Number {i:05d}",
                organisation="Acme Defence Systems",
                country_of_citizenship="IN",
            )
            for i, user in enumerate(users)
        ],
        batch_size=1000,
    )
    badges = Badge.objects.bulk_create([Badge(registration=r) for r in registrations], batch_size=1000)
    revoked_at = datetime.now(UTC) - timedelta(hours=1)
    RevokedSecret.objects.bulk_create(
        [RevokedSecret(badge=b, secret=new_secret(), revoked_at=revoked_at) for b in badges[:REVOKED]]
    )
    CheckinList.objects.filter(summit=summit).delete()
    hall = create_checkin_list(summit=summit, actor=organizer, name="Main hall", kind=ListKind.HALL)
    return summit, hall, organizer, [b.secret for b in badges]


def measure_snapshot(hall):
    from badges.snapshot import list_snapshot

    timings, cpus, body = [], [], b""
    for _ in range(3):
        started, cpu = time.perf_counter(), time.process_time()
        body = json.dumps(list_snapshot(hall)).encode()
        timings.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    compressed = len(gzip.compress(body))
    best = min(timings)
    print(
        f"snapshot of {BADGES} badges: {best * 1000:.0f} ms ({min(cpus) * 1000:.0f} ms CPU), {len(body) / 1024:.0f} KiB, {compressed / 1024:.0f} KiB gzipped"
    )
    record(SECTION, f"snapshot of {BADGES:,} badges: build (wall)", best * 1000, "ms", goal="<= 1000 ms")
    record(SECTION, f"snapshot of {BADGES:,} badges: build (CPU)", min(cpus) * 1000, "ms", goal="<= 1000 ms")
    record(SECTION, f"snapshot of {BADGES:,} badges: gzipped", compressed / 1024, "KiB", goal="<= 1024 KiB")


def measure_browser_verdict(summit, hall, user, codes):
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    server = LiveServerThread("localhost", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    base = f"http://localhost:{server.port}"
    chromium = "/usr/bin/chromium"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium if os.path.exists(chromium) else None)
            context = browser.new_context()
            from django.conf import settings

            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": logged_in_session(user), "url": base}])
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(f"{base}/summits/{summit.slug}/manage/checkin/?list={hall.pk}")
            page.wait_for_selector("#offline-status[data-state=ready]")
            context.set_offline(True)
            timings = page.evaluate(
                """async (codes) => {
                  const form = document.getElementById("scan-form");
                  const input = form.querySelector("[name=code]");
                  const result = document.getElementById("scan-result");
                  const out = [];
                  for (const code of codes) {
                    result.removeAttribute("data-outcome");
                    const shown = new Promise((resolve) => {
                      const watch = new MutationObserver(() => {
                        if (result.getAttribute("data-outcome")) { watch.disconnect(); resolve(); }
                      });
                      watch.observe(result, { attributes: true });
                    });
                    const started = performance.now();
                    input.value = code;
                    form.requestSubmit();
                    await shown;
                    out.push(performance.now() - started);
                    await new Promise((r) => setTimeout(r, 5));
                  }
                  return out;
                }""",
                codes,
            )
            queued = page.get_attribute("#offline-status", "data-queued")
            browser.close()
    finally:
        server.terminate()
    p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
    print(
        f"offline verdict in Chromium: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(timings)} scans ({queued} queued)"
    )
    record(SECTION, "offline verdict in the browser, p95", p95, "ms", goal="<= 50 ms")


def measure_sync(summit, organizer, codes):
    """1,000 queued scans at today's entrance list (each first entry also writes the summit's
    arrival), 5 uploads of 200, against the floor: the same 5 bodies posted to a view that does
    nothing (bench_urls.ping), in the same process and run."""
    from django.test import Client, override_settings

    from badges.enums import ListKind
    from badges.lists import create_checkin_list
    from badges.models import Checkin, ListEntry

    now = datetime.now(UTC)
    first_scan = now - timedelta(seconds=SCANS)
    entrance = create_checkin_list(
        summit=summit,
        actor=organizer,
        name="Entrance today",
        kind=ListKind.ENTRANCE,
        day=first_scan.astimezone(summit.tz).date(),
    )
    client = Client()
    client.force_login(organizer)
    scans = [
        {"id": f"bench-{i:06d}", "code": code, "at": (now - timedelta(seconds=SCANS - i)).isoformat(), "desk": "Bench"}
        for i, code in enumerate(codes)
    ]
    bodies = [json.dumps({"list": entrance.pk, "scans": scans[i : i + 200]}) for i in range(0, len(scans), 200)]

    def post_all(url):
        started, cpu = time.perf_counter(), time.process_time()
        for body in bodies:
            response = client.post(url, data=body, content_type="application/json")
            assert response.status_code == 200, response.content[:200]
        return time.perf_counter() - started, time.process_time() - cpu

    with override_settings(ROOT_URLCONF="bench_urls"):
        post_all("/summits/_bench/ping/")  # warm up: imports, templates, translations
        floor, floor_cpu = post_all("/summits/_bench/ping/")
        elapsed, cpu = post_all(f"/summits/{summit.slug}/manage/checkin/sync/")
    stored = ListEntry.objects.filter(checkin_list=entrance).count()
    arrived = Checkin.objects.filter(summit=summit).count()
    assert stored == len(scans) and arrived == len(scans), (stored, arrived)
    load = os.getloadavg()[0]
    print(
        f"sync of {len(scans)} queued scans: {elapsed:.2f} s wall, {cpu:.2f} s CPU ({stored} stored, {arrived} arrivals); "
        f"floor (same bodies to a view that does nothing): {floor * 1000:.0f} ms wall, {floor_cpu * 1000:.0f} ms CPU; "
        f"ratio {elapsed / floor:.1f}x; load {load:.1f}"
    )
    record(SECTION, f"sync of {SCANS:,} queued scans (wall)", elapsed, "s", floor=floor, goal="<= 5 s")
    record(SECTION, f"sync of {SCANS:,} queued scans (CPU of the process)", cpu, "s", floor=floor_cpu, goal="<= 5 s")


def main():
    only = sys.argv[1:]  # e.g. `bench/offline.py sync`: only the named measurements
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'offline.sqlite3'}")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    setup_django(seed=False)
    summit, hall, organizer, secrets = build_summit()
    print(f"load: {os.getloadavg()[0]:.1f} (1-minute average) on {os.cpu_count()} cores")
    if not only or "snapshot" in only:
        measure_snapshot(hall)
    if not only or "browser" in only:
        # Past the reprinted ones, so the verdicts are ordinary check-ins.
        measure_browser_verdict(summit, hall, organizer, secrets[REVOKED : REVOKED + BROWSER_SCANS])
    if not only or "sync" in only:
        measure_sync(summit, organizer, secrets[REVOKED : REVOKED + SCANS])


if __name__ == "__main__":
    main()
