"""Which language a request is answered in: the saved choice of a signed-in person, else the
switcher's cookie, else Accept-Language, else English; unknown codes fall back to English."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Preferences
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_before_sign_in_accept_language_decides(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="hi-IN,hi;q=0.9,en;q=0.5")
    assert response.status_code == 200
    assert html_lang(response) == "hi"
    assert response["Content-Language"] == "hi"
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")) == "en"


@pytest.mark.parametrize("header", ["xx", "tlh-KL, x-pig;q=0.8", "*", "'; DROP", "hi" * 200])
def test_an_unknown_accept_language_is_english(client, header):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert html_lang(response) == "en"


@pytest.mark.parametrize("cookie", ["xx", "../../etc", "", "hi_IN\x00"])
def test_an_unknown_language_cookie_is_english(client, cookie):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    response = client.get("/")
    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_the_switcher_on_every_page_names_each_language_in_its_own_script(client):
    body = client.get("/").content.decode()
    assert '<label for="language-select">' in body
    assert '<option value="en" lang="en" selected>English</option>' in body
    assert '<option value="hi" lang="hi">हिन्दी</option>' in body
    assert f'action="{reverse("set_language")}"' in body


def test_switching_before_sign_in_sets_the_cookie_and_keeps_the_page(client):
    response = client.post(reverse("set_language"), {"language": "hi", "next": "/summits/"})
    assert response.status_code == 302
    assert response["Location"] == "/summits/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "hi"
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "hi"


@pytest.mark.parametrize("code", ["xx", "", "klingon", "hi-XX-<script>", "e" * 500])
def test_an_unknown_code_in_the_switcher_sets_english_without_an_error(client, code):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    response = client.post(reverse("set_language"), {"language": code, "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ("hi" if code.startswith("hi-") else "en")


def test_the_switch_returns_to_the_page_it_was_made_on(client):
    response = client.post(reverse("set_language"), {"language": "hi"}, HTTP_REFERER="http://testserver/summits/?q=x")
    assert response["Location"] == "http://testserver/summits/?q=x"


def test_the_switcher_refuses_a_redirect_off_the_site(client):
    response = client.post(reverse("set_language"), {"language": "hi", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_signed_in_choice_is_saved_and_wins_over_the_browser(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "hi", "next": "/"})
    assert Preferences.objects.get(user=user).language == "hi"
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en")) == "hi"


def test_the_saved_language_follows_the_person_to_a_new_browser(client):
    user = UserFactory()
    Preferences.objects.create(user=user, language="hi")
    client.force_login(user)
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "hi"
    client.post(reverse("account_logout"))
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "en"


def test_a_signed_in_person_without_a_choice_follows_the_browser(client):
    client.force_login(UserFactory())
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="hi")) == "hi"
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "en"


def test_a_language_picked_before_sign_in_is_saved_at_sign_in(client):
    user = UserFactory()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    response = client.post(reverse("account_login"), {"login": user.email, "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert Preferences.objects.get(user=user).language == "hi"


def test_a_stale_code_in_the_session_is_ignored(client):
    user = UserFactory()
    client.force_login(user)
    session = client.session
    session["conclave_language"] = "xx"
    session.save()
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_signing_up_in_hindi_makes_hindi_the_accounts_language(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "a long new passphrase 42", "password2": "a long new passphrase 42"},
        HTTP_ACCEPT_LANGUAGE="hi",
    )
    assert response.status_code == 302
    assert Preferences.objects.get(user__email="new@example.org").language == "hi"


def test_signing_up_in_english_stores_nothing(client):
    client.post(
        reverse("account_signup"),
        {"email": "en@example.org", "password1": "a long new passphrase 42", "password2": "a long new passphrase 42"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert not Preferences.objects.filter(user__email="en@example.org").exists()


@pytest.mark.parametrize("language,expected", [("hi", "hi"), ("en", "en"), ("xx", "en"), ("zz-<b>", "en")])
def test_the_javascript_catalog_is_per_language_and_unknown_is_english(client, language, expected):
    response = client.get(reverse("javascript-catalog", kwargs={"language": language}), HTTP_ACCEPT_LANGUAGE="hi")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert "django.gettext = function" in body or "globals.gettext = function" in body
    # The formats are the language's: Hindi times are g:i A, English P.
    assert ('"TIME_FORMAT": "g:i A"' in body) == (expected == "hi")


def test_a_signed_in_switch_needs_the_csrf_token():
    from django.test import Client

    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "hi"})
    assert response.status_code == 403
    assert not Preferences.objects.filter(user=user).exists()
    page = client.get("/").content.decode()
    token = re.search(
        r'<form method="post" action="/i18n/setlang/"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
        page,
    ).group(1)
    response = client.post(reverse("set_language"), {"language": "hi", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Preferences.objects.get(user=user).language == "hi"


def test_anonymous_pages_carry_no_token_and_stay_byte_identical(client):
    first, second = client.get("/summits/no-such/"), client.get("/summits/no-such/")
    assert first.status_code == 404
    assert first.content == second.content


def test_the_api_answers_in_english_whoever_asks(client):
    user = UserFactory()
    Preferences.objects.create(user=user, language="hi")
    client.force_login(user)
    response = client.get("/api/summits/", HTTP_ACCEPT_LANGUAGE="hi")
    assert response["Content-Language"] == "en"
