"""The My badge page: the attendee's own badge on screen. Its QR code is checked the way a door
scanner sees it: Chromium renders the page, a screenshot is taken, zbar decodes the PNG."""

import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from badges.models import Badge
from badges.services import badge_for, reprint_badge
from tests.factories import RegistrationFactory, UserFactory


def page_url(summit):
    return reverse("badges:my-badge-page", kwargs={"slug": summit.slug})


def zbar(png):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "screen.png"
        path.write_bytes(png)
        result = subprocess.run(["zbarimg", "-q", "--raw", str(path)], capture_output=True, timeout=60)
    return sorted(line for line in result.stdout.decode().splitlines() if line)


@pytest.mark.django_db
def test_only_the_approved_owner_sees_the_page_and_it_is_never_cached(client, summit, approved, category):
    client.force_login(approved.user)
    response = client.get(page_url(summit))
    assert response.status_code == 200
    secret = Badge.objects.get(registration=approved).secret
    html = response.content.decode()
    assert "Priya Raman" in html and "DRDO" in html and " ".join([secret[:4], secret[4:8]]) in html
    assert 'role="img" aria-label="QR code of your badge"' in html
    assert "no-store" in response["Cache-Control"]
    assert page_url(summit) in client.get(reverse("summits:me", kwargs={"slug": summit.slug})).content.decode()

    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(page_url(summit)).status_code == 404
    pending = RegistrationFactory(summit=summit, category=category, status="pending")
    stranger.force_login(pending.user)
    assert stranger.get(page_url(summit)).status_code == 404
    assert not Badge.objects.filter(registration=pending).exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_a_screenshot_of_the_page_scans_to_the_badge_secret(live_server, browser, summit, category, width):
    registration = RegistrationFactory(summit=summit, category=category, badge_name="अनन्या शर्मा")
    old = badge_for(registration).secret
    secret = reprint_badge(badge_for(registration), actor=registration.user).secret  # the current one, not the old
    client = Client()
    client.force_login(registration.user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + page_url(summit))
    assert page.get_by_role("heading", name="अनन्या शर्मा").is_visible()
    shot = page.screenshot(full_page=True)
    context.close()
    assert zbar(shot) == [secret] != [old]
