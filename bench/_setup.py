"""Shared start-up for bench scripts: Django on its own database, migrated and seeded."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def setup_django(*, seed=True):
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conclave.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'bench.sqlite3'}")
    os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
    import warnings

    import django

    warnings.filterwarnings("ignore", "No directory at")  # no collectstatic for benchmarks

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if seed:
        call_command("seed_demo", stdout=open(os.devnull, "w"))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def bench_users(prefix, count):
    """`count` accounts named <prefix>NNNN@bench.example, created on the first run only."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    names = [f"{prefix}{i:04d}@bench.example" for i in range(count)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create([User(username=n, email=n) for n in names if n not in existing])
    return list(User.objects.filter(username__in=names).order_by("username"))


def logged_in_session(user):
    """A session key that signs `user` in, as the login form would (for load clients' cookies)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key
