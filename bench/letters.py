"""Visa letters: 200 requests approved in one bulk action, rendered by the worker.

Times the approval (one transaction, one queued job) and then `db_worker --batch` running
that job: each letter's data read, the body filled in, the QR code made, WeasyPrint's PDF,
the PDF encrypted and stored, the person mailed. Goal: <= 100 ms per letter on 2 cores.
Also the floor: WeasyPrint alone rendering one prebuilt letter HTML, 20 times (CPU time).
Wall time and CPU time are both reported: on a shared machine wall time mostly measures the load.

    .venv/bin/python bench/letters.py [--count 200]
"""

import argparse
import os
import resource
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
os.environ.setdefault("MAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from _setup import setup_django  # noqa: E402
from report import record  # noqa: E402

NAMES = ["Ananya Krishnamurthy", "विक्रम चौधरी", "Jonathan Whitaker-Ellison", "Mei Ling Tan", "Oluwaseun Adeyemi"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    setup_django(seed=False)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from letters.issuing import letter_data, template_parts
    from letters.models import LetterRequest
    from letters.pdf import letter_html, render_letter_pdf
    from letters.services import approve_letter_requests
    from summits.models import Registration, RegistrationCategory, Summit

    User = get_user_model()
    stamp = int(time.time())
    start = date.today() + timedelta(days=60)
    summit = Summit.objects.create(
        name=f"Bench letters {stamp}", slug=f"bench-letters-{stamp}", city="Bengaluru", venue="BIEC",
        timezone="Asia/Kolkata", start_date=start, end_date=start + timedelta(days=1), status="published",
        registration_opens=datetime.now(UTC) - timedelta(days=1), registration_closes=datetime.now(UTC) + timedelta(days=9),
    )  # fmt: skip
    organizer = User.objects.create(username=f"bench-org-{stamp}", email=f"org-{stamp}@bench.example")
    category = RegistrationCategory.objects.create(summit=summit, name="Industry", kind="industry")
    users = User.objects.bulk_create(
        User(username=f"bench-l-{stamp}-{i}", email=f"l{i}-{stamp}@bench.example") for i in range(args.count)
    )
    Registration.objects.bulk_create(
        Registration(user=u, summit=summit, category=category, status="approved", badge_name=f"Bench {i}",
                     organisation="Acme Aerospace", country_of_citizenship="IN")
        for i, u in enumerate(users)
    )  # fmt: skip
    LetterRequest.objects.bulk_create(
        LetterRequest(summit=summit, user=u, status="submitted", passport_name=NAMES[i % len(NAMES)],
                      passport_number=f"K{1000000 + i}", nationality="IN", date_of_birth=date(1985, 1, 1),
                      passport_expiry=start + timedelta(days=900), consulate="Chicago",
                      arrival=start - timedelta(days=1), departure=start + timedelta(days=3))
        for i, u in enumerate(users)
    )  # fmt: skip
    ids = list(LetterRequest.objects.filter(summit=summit).values_list("pk", flat=True))
    DBTaskResult.objects.filter(status="READY").delete()

    t0 = time.perf_counter()
    approved = approve_letter_requests(summit=summit, ids=ids, actor=organizer)
    approve_ms = (time.perf_counter() - t0) * 1000
    assert len(approved) == args.count

    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    call_command("db_worker", batch=True, startup_delay=False, reload=False, stdout=open(os.devnull, "w"))
    worker_s = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu_per_letter = ((cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)) * 1000 / args.count
    rendered = LetterRequest.objects.filter(summit=summit, pdf__isnull=False).count()
    assert rendered == args.count, rendered
    per_letter = worker_s * 1000 / args.count

    letter = LetterRequest.objects.filter(summit=summit).first()
    html_data = letter_data(letter, parts=template_parts(summit))
    letter_html(html_data)
    render_letter_pdf(html_data)
    t0 = time.process_time()
    for _ in range(20):
        render_letter_pdf(html_data)
    floor = (time.process_time() - t0) * 1000 / 20

    load = os.getloadavg()
    print(f"approve {args.count} in one bulk action: {approve_ms:.0f} ms")
    print(f"worker rendered {rendered} letters in {worker_s:.1f} s: {per_letter:.1f} ms per letter (goal <= 100)")
    print(f"worker CPU time: {cpu_per_letter:.1f} ms per letter")
    print(f"floor, WeasyPrint alone on one letter: {floor:.1f} CPU ms; load average {load[0]:.2f} {load[1]:.2f}")
    record("letters", f"bulk approve of {args.count} requests", approve_ms, "ms")
    record("letters", f"worker renders {args.count} letters: wall ms per letter", per_letter, "ms", goal="<= 100 ms")
    record("letters", f"worker renders {args.count} letters: CPU ms per letter", cpu_per_letter, "ms", floor=floor)
    record("letters", "load average (1 min) during the run", load[0], "")
    LetterRequest.objects.filter(summit=summit).delete()
    Registration.objects.filter(summit=summit).delete()
    summit.delete()
    User.objects.filter(pk__in=[u.pk for u in users] + [organizer.pk]).delete()


if __name__ == "__main__":
    main()
