"""API tokens: made on the account page, shown once, stored hashed, scoped, revocable, rate-limited."""

import hashlib
import re

import pytest
from django.utils import timezone

from api.models import ApiToken, TokenScope
from summits.models import AuditEntry
from tests.api.helpers import bearer, token_for
from tests.factories import RegistrationFactory, SummitFactory, UserFactory, roundtable

pytestmark = pytest.mark.django_db


def test_token_page_makes_a_token_shown_once_and_stores_only_a_hash(client, registration):
    client.force_login(registration.user)
    page = client.get("/api/tokens/")
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    response = client.post(
        "/api/tokens/", {"name": "Partner site", "summit": registration.summit.slug, "scope": "read"}
    )
    assert response.status_code == 200
    secret = re.search(r"<code data-token>([A-Za-z0-9_-]+)</code>", response.content.decode()).group(1)
    assert len(secret) == 44
    token = ApiToken.objects.get()
    assert (token.user, token.summit, token.name, token.scope) == (
        registration.user,
        registration.summit,
        "Partner site",
        "read",
    )
    assert token.selector == secret[:16]
    assert token.verifier_hash == hashlib.sha256(secret[16:].encode()).hexdigest()
    assert secret not in client.get("/api/tokens/").content.decode()
    assert AuditEntry.objects.filter(action="api.token.created", object_id=str(token.pk)).count() == 1


def test_token_page_refuses_a_summit_the_person_has_nothing_to_do_with(client, registration):
    other = SummitFactory()
    client.force_login(registration.user)
    response = client.post("/api/tokens/", {"name": "x", "summit": other.slug, "scope": "read"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not ApiToken.objects.exists()
    response = client.post("/api/tokens/", {"name": "", "summit": registration.summit.slug, "scope": "admin"})
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get("/api/tokens/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_last_use_is_recorded_and_revoked_token_is_refused(client, registration):
    secret = token_for(registration.user, registration.summit)
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    assert client.get(f"/api/summits/{registration.summit.slug}/signups/", **bearer(secret)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None and timezone.now() - token.last_used_at < timezone.timedelta(minutes=1)
    client.force_login(registration.user)
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 302
    client.logout()
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = client.get(f"/api/summits/{registration.summit.slug}/signups/", **bearer(secret))
    assert response.status_code == 401
    assert response.json() == {"detail": "This token is not valid or was revoked."}


def test_nobody_revokes_someone_elses_token(client, registration):
    token_for(registration.user, registration.summit)
    token = ApiToken.objects.get()
    client.force_login(UserFactory())
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer " + "x" * 44, "Bearer short", "Bearer é"])
def test_malformed_or_wrong_tokens_are_401(client, summit, header):
    response = client.get(f"/api/summits/{summit.slug}/sessions/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_a_wrong_verifier_with_a_right_selector_is_refused(client, registration):
    secret = token_for(registration.user, registration.summit)
    forged = secret[:16] + ("A" if secret[16] != "A" else "B") + secret[17:]
    assert client.get(f"/api/summits/{registration.summit.slug}/sessions/", **bearer(forged)).status_code == 401


def test_a_token_is_scoped_to_its_summit(client, registration):
    other = SummitFactory()
    RegistrationFactory(summit=other, user=registration.user)
    secret = token_for(registration.user, registration.summit)
    assert client.get(f"/api/summits/{other.slug}/sessions/", **bearer(secret)).status_code == 404
    assert client.get(f"/api/summits/{registration.summit.slug}/sessions/", **bearer(secret)).status_code == 200


def test_a_read_token_cannot_write(client, registration):
    session = roundtable(registration.summit)
    secret = token_for(registration.user, registration.summit, scope=TokenScope.READ)
    response = client.post(
        f"/api/summits/{registration.summit.slug}/signups/",
        {"session": session.pk},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "This token is read-only."}
    assert not session.signups.exists()


def test_session_auth_enforces_csrf(registration):
    from django.test import Client

    session = roundtable(registration.summit)
    client = Client(enforce_csrf_checks=True)
    client.force_login(registration.user)
    response = client.post(
        f"/api/summits/{registration.summit.slug}/signups/", {"session": session.pk}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not session.signups.exists()


def test_rate_limit_answers_429_with_retry_after(client, settings, registration):
    settings.API_RATE_LIMIT = "3/m"
    secret = token_for(registration.user, registration.summit)
    url = f"/api/summits/{registration.summit.slug}/sessions/"
    statuses = [client.get(url, **bearer(secret)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(url, **bearer(secret))
    assert 1 <= int(response["Retry-After"]) <= 60
    from django.core.cache import cache

    cache.clear()  # counters of this token id would follow the next test that reuses the id


def test_staff_without_two_factor_are_sent_to_set_it_up_attendees_are_not(client, settings, organizer, registration):
    settings.STAFF_MFA_REQUIRED = True
    client.force_login(organizer)
    response = client.get("/api/tokens/")
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]
    client.force_login(registration.user)
    assert client.get("/api/tokens/").status_code == 200
