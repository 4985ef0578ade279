"""Staff pages need a session that passed two-factor; the admin has no password-only door."""

from urllib.parse import quote

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.test import override_settings

from badges.models import CheckinStaff
from conclave import settings as base_settings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def fresh_cache():
    # allauth remembers used TOTP codes and counts failures in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_required(settings):
    settings.STAFF_MFA_REQUIRED = True


def staff_urls(summit):
    return [
        f"/summits/{summit.slug}/manage/",
        f"/summits/{summit.slug}/manage/export.json",
        f"/summits/{summit.slug}/manage/checkin/",
        f"/summits/{summit.slug}/manage/delegations/",
        "/summits/import/",
        "/admin/",
    ]


def password_login(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return response


def add_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def follow_to_end(client, url):
    """The last address of the redirect chain (the admin answers through its login view)."""
    response = client.get(url, follow=True)
    return response.redirect_chain[-1][0] if response.redirect_chain else url, response


def test_staff_without_totp_is_sent_to_set_it_up_from_every_staff_page(client, summit, organizer, mfa_required):
    password_login(client, organizer)
    for url in staff_urls(summit):
        response = client.get(url)
        if url == "/admin/":
            assert response["Location"] == "/admin/login/?next=/admin/"
            response = client.get(response["Location"])
        assert response.status_code == 302, url
        assert response["Location"] == f"{ACTIVATE}?next={quote(url, safe='')}", url
    # Still signed in: setting up the authenticator (after the password again) is the way on.
    assert client.session["_auth_user_id"] == str(organizer.pk)
    assert client.get(ACTIVATE)["Location"] == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get(ACTIVATE).status_code == 200


def test_right_after_setting_up_totp_staff_sign_in_again_with_the_code(client, summit, organizer, mfa_required):
    from allauth.mfa.models import Authenticator

    password_login(client, organizer)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.get(ACTIVATE)
    client.post(ACTIVATE, {"code": current_code(client.session["mfa.totp.secret"])})
    assert Authenticator.objects.filter(user=organizer, type=Authenticator.Type.TOTP).exists()
    url = f"/summits/{summit.slug}/manage/"
    response = client.get(url)
    assert response["Location"] == f"/accounts/login/?next={quote(url, safe='')}"
    assert password_login(client, organizer)["Location"] == "/accounts/2fa/authenticate/"


def test_desk_staff_without_totp_is_sent_to_set_it_up(client, summit, mfa_required):
    desk = UserFactory()
    CheckinStaff.objects.create(summit=summit, user=desk)
    password_login(client, desk)
    response = client.get(f"/summits/{summit.slug}/manage/checkin/")
    assert response.status_code == 302
    assert response["Location"] == f"{ACTIVATE}?next=%2Fsummits%2F{summit.slug}%2Fmanage%2Fcheckin%2F"


def test_staff_with_totp_whose_session_skipped_it_is_signed_out_and_sent_to_sign_in(
    client, summit, organizer, mfa_required
):
    add_totp(organizer)
    client.force_login(organizer)  # a login that did not go through allauth's two-factor stage
    url = f"/summits/{summit.slug}/manage/export.json"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(url, safe='')}"
    assert "_auth_user_id" not in client.session


def test_staff_with_totp_and_a_full_login_with_the_code_reach_every_staff_page(client, summit, organizer, mfa_required):
    secret = add_totp(organizer)
    response = password_login(client, organizer)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session  # the password alone signs nobody in
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    for url in staff_urls(summit):
        assert client.get(url).status_code == 200, url


def test_with_the_setting_off_a_password_login_reaches_staff_pages(client, summit, organizer, settings):
    settings.STAFF_MFA_REQUIRED = False
    password_login(client, organizer)
    assert client.get(f"/summits/{summit.slug}/manage/").status_code == 200


def test_someone_without_access_still_gets_404_not_a_two_factor_prompt(client, summit, mfa_required):
    stranger = UserFactory()
    password_login(client, stranger)
    assert client.get(f"/summits/{summit.slug}/manage/").status_code == 404
    assert client.get(f"/summits/{summit.slug}/manage/checkin/").status_code == 404


def test_attendee_pages_need_no_second_factor(client, summit, registration, mfa_required):
    password_login(client, registration.user)
    assert client.get(f"/summits/{summit.slug}/me/").status_code == 200


def test_admin_login_accepts_no_password_and_sends_to_allauth(client, organizer):
    page = client.get("/admin/login/?next=/admin/summits/")
    assert page.status_code == 302
    assert page["Location"] == "/accounts/login/?next=%2Fadmin%2Fsummits%2F"
    response = client.post(
        "/admin/login/?next=/admin/", {"username": organizer.username, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"


def test_admin_login_does_not_redirect_off_site(client, organizer, settings):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(organizer)
    assert client.get("/admin/login/?next=https://evil.example/")["Location"] == "/admin/"


def test_admin_login_refuses_a_signed_in_person_without_staff_status(client):
    client.force_login(UserFactory())
    assert client.get("/admin/login/?next=/admin/").status_code == 403


@override_settings(ACCOUNT_RATE_LIMITS=base_settings.ACCOUNT_RATE_LIMITS)
def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, organizer):
    wrong = "The email address and/or password you specified are not correct."
    too_many = "Too many failed login attempts. Try again later."
    answers = []
    for i in range(30):
        page = client.post("/accounts/login/", {"login": organizer.email, "password": f"wrong-{i}"}).content.decode()
        answers.append(wrong if wrong in page else too_many if too_many in page else page)
    assert answers == [wrong] * 5 + [too_many] * 25  # 5 per account in 5 minutes
    response = client.post("/accounts/login/", {"login": organizer.email, "password": PASSWORD})
    assert response.status_code == 429  # and allauth's default 30 login posts a minute per address
    assert "_auth_user_id" not in client.session


def login_statuses(client, forwarded_for):
    user = UserFactory()
    return [
        client.post(
            "/accounts/login/", {"login": user.email, "password": "wrong"}, headers={"x-forwarded-for": address}
        ).status_code
        for address in forwarded_for
    ]


@override_settings(ACCOUNT_RATE_LIMITS={"login": "3/m/ip"}, BEHIND_PROXY=False)
def test_without_behind_proxy_a_forged_forwarded_for_does_not_dodge_the_login_limit(client):
    assert login_statuses(client, ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"]) == [200, 200, 200, 429]


@override_settings(ACCOUNT_RATE_LIMITS={"login": "3/m/ip"}, BEHIND_PROXY=True, TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_appended_is_the_client(client):
    # What the client wrote before the proxy's entry changes nothing...
    forged = [f"{n}.{n}.{n}.{n}, 203.0.113.7" for n in range(1, 5)]
    assert login_statuses(client, forged) == [200, 200, 200, 429]
    # ...and people behind distinct addresses are counted apart.
    assert login_statuses(client, ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]) == [200] * 4


@override_settings(ACCOUNT_RATE_LIMITS={"login": "3/m/ip"}, BEHIND_PROXY=True, TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(client):
    forged = [f"{n}.{n}.{n}.{n}, 203.0.113.7, 10.0.0.{n}" for n in range(1, 5)]
    assert login_statuses(client, forged) == [200, 200, 200, 429]


def test_admin_with_totp_but_a_session_that_skipped_it_signs_out_and_asks_for_the_code(client, organizer, mfa_required):
    add_totp(organizer)
    client.force_login(organizer)
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"
    assert "_auth_user_id" in client.session  # asking for permission changes nothing
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session


def test_delegation_pages_reached_as_an_organizer_need_two_factor_but_not_as_the_lead(
    client, summit, organizer, mfa_required
):
    from tests.factories import DelegationFactory

    lead = UserFactory(password=PASSWORD)
    delegation = DelegationFactory(summit=summit, lead=lead)
    pages = [f"/delegations/{delegation.pk}/", f"/delegations/{delegation.pk}/itinerary/"]
    password_login(client, organizer)
    for url in pages:
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, f"{ACTIVATE}?next={quote(url, safe='')}")
    client.logout()
    password_login(client, lead)  # the lead is no staff: their own delegation needs no second factor
    assert [client.get(url).status_code for url in pages] == [200, 200]
