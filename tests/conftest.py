import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from playwright.sync_api import expect

from tests.factories import CategoryFactory, RegistrationFactory, SummitFactory, UserFactory

# pytest-django's live_server with Playwright's sync API runs Django code on the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# CI explores the same examples every run (no flaky red); locally each run tries new ones.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# expect() waits 5 s by default: too short for a page on a busy 2-core machine (the desk's
# browser tests failed so under load); pages' own waits are 15 s (tests/badges/desk_browser.py).
expect.set_options(timeout=15_000)
REDIS_SERVER = shutil.which("redis-server")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("CI must run the browser tests: install Chromium (apt-get install -y chromium).")
    skip = pytest.mark.skip(reason="Chromium is not installed: run `apt-get install -y chromium` to run browser tests.")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def summit(db):
    return SummitFactory()


@pytest.fixture
def organizer(summit):
    user = UserFactory(is_staff=True)
    summit.organizers.add(user)
    return user


@pytest.fixture
def category(summit):
    return CategoryFactory(summit=summit)


@pytest.fixture
def attendee(db):
    return UserFactory()


@pytest.fixture
def registration(summit, category, attendee):
    return RegistrationFactory(summit=summit, category=category, user=attendee)


@pytest.fixture(scope="session")
def redis_server():
    """A real Redis for this test run, on a socket in a temporary folder; its URL."""
    if not REDIS_SERVER:
        if os.environ.get("CI"):
            pytest.fail("CI must test the shared cache: install Redis (apt-get install -y redis-server).")
        pytest.skip("Redis is not installed: run `apt-get install -y redis-server` to test the shared cache.")
    folder = Path(tempfile.mkdtemp(prefix="conclave-redis-"))
    socket = folder / "redis.sock"
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not socket.exists():
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            pytest.fail("redis-server did not start")
        time.sleep(0.02)
    yield f"unix://{socket}"
    server.terminate()
    server.wait(timeout=10)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def shared_cache(redis_server, settings):
    """Django's cache on that Redis (as in production with REDIS_URL), emptied before and after."""
    import redis

    settings.CACHES = {
        "default": {"BACKEND": "ops.cache.PooledClientRedisCache", "LOCATION": redis_server},
        "feeds": {"BACKEND": "ops.bytes_cache.BytesAsIsLocMemCache"},  # per process, as in production
    }
    client = redis.Redis.from_url(redis_server)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(autouse=True)
def forget_feed_memory():
    """Each test starts like a new process: no feed markers or bytes kept from another test
    (SQLite reuses ids after a rollback, so kept markers could belong to another test)."""
    from summits.calendar.feeds import feed_cache

    feed_cache().clear()
