"""Smoke check: a private feed URL revoked by one process is refused at once by every
gunicorn worker, each of which had just answered it (and kept its markers and bytes):
the token is read from the database on every poll, with or without Redis.

    DJANGO_SETTINGS_MODULE=conclave.settings_production python deploy/smoke_feed_revocation.py PORT

Run by deploy/smoke.sh against its gunicorn; creates its own summit and attendee.
"""

import sys
import urllib.error
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.urls import reverse  # noqa: E402

from summits.calendar.tokens import renew_feed_token  # noqa: E402
from summits.enums import CategoryKind, RegistrationStatus, SummitStatus  # noqa: E402
from summits.models import Registration, RegistrationCategory, Summit  # noqa: E402

POLLS = 20  # sequential polls: both workers answer some of them


def status(port, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def path_of(token):
    return reverse("summits:personal-feed", kwargs={"slug": token.registration.summit.slug, "token": token.token})


def main(port):
    now = datetime.now(UTC)
    summit, _ = Summit.objects.get_or_create(
        slug="smoke-feeds",
        defaults=dict(
            name="Smoke feeds",
            city="Pune",
            venue="Hall",
            timezone="Asia/Kolkata",
            start_date=date.today() + timedelta(days=30),
            end_date=date.today() + timedelta(days=31),
            registration_opens=now - timedelta(days=1),
            registration_closes=now + timedelta(days=20),
            status=SummitStatus.PUBLISHED,
        ),
    )
    category, _ = RegistrationCategory.objects.get_or_create(
        summit=summit, name="Industry", defaults={"kind": CategoryKind.INDUSTRY}
    )
    user, _ = get_user_model().objects.get_or_create(
        username="smoke-feed", defaults={"email": "smoke-feed@example.org"}
    )
    registration, _ = Registration.objects.get_or_create(
        user=user,
        summit=summit,
        defaults=dict(
            category=category, status=RegistrationStatus.APPROVED, badge_name="Smoke", country_of_citizenship="IN"
        ),
    )
    old = renew_feed_token(registration)
    before = [status(port, path_of(old)) for _ in range(POLLS)]
    new = renew_feed_token(registration)  # this process revokes; the workers answered `old` a moment ago
    after = [status(port, path_of(old)) for _ in range(POLLS)]
    fresh = status(port, path_of(new))
    if set(before) != {200} or set(after) != {404} or fresh != 200:
        sys.exit(f"feed revocation smoke failed: before {before}, after {after}, new token {fresh}")
    print(f"smoke: a revoked feed URL is refused at once by every worker ({POLLS} polls before and after)")


if __name__ == "__main__":
    main(int(sys.argv[1]))
