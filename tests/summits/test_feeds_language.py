"""Feeds in the reader's language: a feed built in Hindi and one built in English are two
documents, with two ETags and two cached copies, never one served for the other."""

import pytest
from django.core.cache import cache
from django.utils import translation

from accounts.models import Preferences
from summits.agenda import calendar as session_calendar
from summits.calendar import ical
from summits.calendar import tokens as feed_tokens
from summits.calendar.feeds import FeedState
from summits.calendar.views import calendar_response
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
    english = session_calendar._

    def gettext(text):
        if translation.get_language() == "hi" and text == "Closed session":
            return "बंद सत्र"
        return english(text)

    monkeypatch.setattr(session_calendar, "_", gettext)


def test_hindi_and_english_subscribers_never_share_built_bytes(
    client, summit, registration, hindi_closed_session, django_assert_num_queries
):
    signup(registration, SessionFactory(summit=summit, title="Open panel"))
    signup(registration, closed_session(summit))
    token = feed_tokens.renew_feed_token(registration)

    def owner_prefers(language):
        Preferences.objects.update_or_create(user=registration.user, defaults={"language": language})

    def poll():  # the calendar app asks for the other language: the owner's wins
        return client.get(feed_path(token), headers={"accept-language": "hi, en;q=0.5"})

    owner_prefers("en")
    english = poll()
    owner_prefers("hi")
    with django_assert_num_queries(5):  # token, markers, registration, sessions, people
        hindi = poll()
    owner_prefers("en")
    with django_assert_num_queries(2):  # token, markers; the English bytes cached
        again = poll()

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
