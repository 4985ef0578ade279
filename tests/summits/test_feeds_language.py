"""Feeds in the reader's language: a feed built in Hindi and one built in English are two
documents, with two ETags and two cached copies, never one served for the other."""

import pytest
from django.core.cache import cache
from django.utils import translation

from summits.calendar import ical
from summits.calendar import tokens as feed_tokens
from summits.calendar.feeds import FeedState
from summits.calendar.views import calendar_response, personal_feed_response
from tests.factories import SessionFactory
from tests.summits.helpers import closed_session, feed_path, parse_both, signup


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.FEED_STATE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hindi_closed_session(monkeypatch):
    """A stand-in catalogue: "Closed session" in Hindi while Hindi is active (locale/ is not ours)."""
    english = ical._

    def gettext(text):
        if translation.get_language() == "hi" and text == "Closed session":
            return "बंद सत्र"
        return english(text)

    monkeypatch.setattr(ical, "_", gettext)


def test_hindi_and_english_subscribers_never_share_built_bytes(
    rf, summit, registration, hindi_closed_session, django_assert_num_queries
):
    signup(registration, SessionFactory(summit=summit, title="Open panel"))
    signup(registration, closed_session(summit))
    token = feed_tokens.renew_feed_token(registration)
    poll = feed_tokens.find_live_token(token.token, slug=summit.slug)
    request = rf.get(feed_path(token))

    with translation.override("en"):
        english = personal_feed_response(request, poll, slug=summit.slug)
    with translation.override("hi"), django_assert_num_queries(4):  # markers, registration, sessions, people
        hindi = personal_feed_response(request, poll, slug=summit.slug)
    with translation.override("en"), django_assert_num_queries(1):  # markers; the English bytes cached
        again = personal_feed_response(request, poll, slug=summit.slug)

    assert english["ETag"] != hindi["ETag"] and again["ETag"] == english["ETag"]
    assert {e["summary"] for e in parse_both(english.content).values()} == {"Open panel", "Closed session"}
    assert {e["summary"] for e in parse_both(hindi.content).values()} == {"Open panel", "बंद सत्र"}
    assert again.content == english.content


def test_the_cache_key_carries_the_language_even_for_a_state_computed_outside_it(rf):
    state = FeedState(etag='"same"', last_modified=ical.datetime(2027, 1, 1, tzinfo=ical.UTC))
    builds = []

    def build():
        builds.append(translation.get_language())
        return f"BEGIN:VCALENDAR {translation.get_language()}".encode()

    bodies = {}
    for language in ("en", "hi", "en", "hi"):
        with translation.override(language):
            bodies.setdefault(language, set()).add(calendar_response(rf.get("/x.ics"), state, build).content)
    assert builds == ["en", "hi"]
    assert bodies == {"en": {b"BEGIN:VCALENDAR en"}, "hi": {b"BEGIN:VCALENDAR hi"}}
