import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@override_settings(ACCOUNT_RATE_LIMITS={"login": "3/m/ip"})
def test_login_attempts_past_the_limit_answer_429_with_retry_after(client):
    user = UserFactory()
    statuses = [
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"}).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    assert response["Retry-After"] == "60"
    assert "Too many attempts" in response.content.decode()


@override_settings(ACCOUNT_RATE_LIMITS={"signup": "2/m/ip"})
def test_sign_ups_past_the_limit_answer_429(client):
    statuses = [
        client.post(
            "/accounts/signup/", {"email": f"new{i}@example.org", "password1": "pass-phrase-1234", "password2": "x"}
        ).status_code
        for i in range(3)
    ]
    assert statuses[-1] == 429


def test_organizer_turns_on_totp_and_then_needs_a_code_to_sign_in(client):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    organizer = UserFactory(is_staff=True)
    login = client.post("/accounts/login/", {"login": organizer.email, "password": "correct horse battery staple"})
    assert login.status_code == 302, login.content.decode()[-3000:]
    # Security changes ask for the password again.
    client.post("/accounts/reauthenticate/", {"password": "correct horse battery staple"})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert Authenticator.objects.filter(user=organizer, type=Authenticator.Type.TOTP).exists()

    client.logout()
    response = client.post("/accounts/login/", {"login": organizer.email, "password": "correct horse battery staple"})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
