"""Error pages speak the reader's language: the page's lang and its texts go through gettext."""

import pytest
from django.test import override_settings
from django.urls import path

from .catalogue import hindi_catalogue

pytestmark = pytest.mark.django_db

MESSAGES = {
    "Page not found": "पृष्ठ नहीं मिला",
    "Something went wrong": "कुछ गड़बड़ हो गई",
    "Error %(code)s": "त्रुटि %(code)s",
}


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom)]


def test_a_404_is_in_the_readers_language(client, tmp_path):
    with hindi_catalogue(tmp_path, MESSAGES):
        response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="hi")
    assert response.status_code == 404
    assert '<html lang="hi">' in response.text
    assert "<h1>पृष्ठ नहीं मिला</h1>" in response.text and "त्रुटि 404" in response.text


@override_settings(ROOT_URLCONF=__name__)
def test_the_500_page_is_in_the_readers_language(client, tmp_path):
    client.raise_request_exception = False
    with hindi_catalogue(tmp_path, MESSAGES):
        response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="hi")
    assert response.status_code == 500
    assert '<html lang="hi">' in response.text
    assert "<h1>कुछ गड़बड़ हो गई</h1>" in response.text and "त्रुटि 500" in response.text
