import os
import shutil

import pytest
from hypothesis import settings as hypothesis_settings

from tests.factories import CategoryFactory, RegistrationFactory, SummitFactory, UserFactory

# pytest-django's live_server with Playwright's sync API runs Django code on the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# CI explores the same examples every run (no flaky red); locally each run tries new ones.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


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
