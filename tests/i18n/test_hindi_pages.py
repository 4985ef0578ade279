"""Every page of the demo walkthrough, as each kind of person reaches it, reads in Hindi: no
English is left in the interface, only data (names, emails, organisations, what organizers
wrote, codes), brands and abbreviations (tests/i18n/leftovers.py).

Two passes over the same pages: a pseudo-translation, which finds the strings never marked for
translation whatever the catalogue holds, and the real Hindi catalogue (compiled by
`make test`), which finds the strings marked and left untranslated.

The pages are those of the accessibility crawl (tests/browser/test_accessibility.py): one
page per route and person. The account pages are allauth's own, which ships no Hindi; the
admin and the Swagger UI are left out there too.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import trans_real

from tests.browser.test_accessibility import demo_people, pages_of
from tests.i18n.leftovers import PseudoTranslation, data_strings, english_left

# Sequences reset: the crawl tries the ids a fresh demo has (tests/browser/test_accessibility.py).
pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)


def hindi_client(user):
    """A client that asks for Hindi every way a person can: the browser's language and the
    language cookie (the saved choice of a signed-in person is Hindi too, see below)."""
    client = Client(headers={"accept-language": "hi"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    if user is not None:
        client.force_login(user)
    return client


def english_on_pages(pages, people, data):
    found = {}
    for role, urls in pages.items():
        client = hindi_client(people[role])
        for url in urls:
            with translation.override("hi"):
                response = client.get(url)
            assert response.status_code == 200, f"{role} {url}: {response.status_code} in Hindi"
            left = english_left(response.content.decode(), data)
            if left:
                found[f"{role} {url}"] = sorted(set(left))
    return found


@pytest.fixture
def walkthrough():
    people, candidates = demo_people()
    for user in people.values():
        if user is not None and hasattr(user, "language"):
            user.language = "hi"  # the saved choice, where accounts have one
            user.save(update_fields=["language"])
    seen = set()
    pages = {role: pages_of(user, candidates, seen) for role, user in people.items()}
    assert sum(map(len, pages.values())) > 60, "the crawl reached too few pages: it is broken"
    return pages, people, data_strings()


def report(found):
    return "\n" + "\n".join(f"{where}: {' | '.join(words)}" for where, words in sorted(found.items()))


def test_every_string_on_every_page_is_marked_for_translation(walkthrough, monkeypatch):
    pages, people, data = walkthrough
    monkeypatch.setitem(trans_real._translations, "hi", PseudoTranslation("hi"))
    found = english_on_pages(pages, people, data)
    assert not found, "English never marked for translation:" + report(found)


def test_every_page_of_the_walkthrough_reads_in_hindi(walkthrough):
    pages, people, data = walkthrough
    found = english_on_pages(pages, people, data)
    assert not found, "English left on pages in Hindi:" + report(found)
