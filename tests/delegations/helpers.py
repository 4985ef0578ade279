"""Helpers shared by the delegations tests (no test module imports another)."""

import zoneinfo
from datetime import UTC

import vobject

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


def sign_in(page, live_server, email, next_url=""):
    """Sign `email` in through the login page in Chromium (Playwright `page`)."""
    page.goto(f"{live_server.url}/accounts/login/{'?next=' + next_url if next_url else ''}")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def utc_instant(prop):
    """UTC instant of a vobject DTSTART/DTEND: its wall-clock value in its TZID, resolved by the IANA
    database. (vobject's own VTIMEZONE reader ignores RDATE lists, so it misplaces DST transitions.)"""
    tzid = vobject.icalendar.TimezoneComponent.pickTzid(prop.value.tzinfo)
    return prop.value.replace(tzinfo=zoneinfo.ZoneInfo(tzid)).astimezone(UTC)
