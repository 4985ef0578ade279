"""Private feeds with the shared cache (Redis, as in production): tokens remembered there,
revocation still refused at once on every app server, and rate limits counted there."""

import time

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from summits.feeds import remembered as remembered_module
from summits.feeds import state as feed_state
from summits.feeds import tokens as feed_tokens
from summits.feeds.remembered import RememberedTokens
from summits.feeds.views import RecentBytes
from summits.models import FeedToken
from tests.factories import SessionFactory
from tests.summits.test_feeds_personal import feed_path, signup


@pytest.fixture
def token(registration, shared_cache):
    return feed_tokens.renew_feed_token(registration, actor=registration.user)


@pytest.fixture
def fresh_process(monkeypatch):
    """Forget what this process has read, as another app server (or worker) would not have it."""

    def forget():
        monkeypatch.setattr(feed_state, "_personal_states", feed_state.RecentlyRead())

    forget()
    return forget


@pytest.fixture(autouse=True)
def reuse_state(settings):
    settings.FEED_STATE_SECONDS = 5


def remembered(shared_cache, token):
    return cache.get(feed_tokens._cache_key(token.selector))


def test_a_poll_with_the_token_remembered_and_the_state_fresh_runs_no_query(
    client, summit, registration, token, fresh_process, django_assert_num_queries
):
    signup(registration, SessionFactory(summit=summit))
    with django_assert_num_queries(3):  # token, state, sessions: then the token is remembered
        first = client.get(feed_path(token))
    assert first.status_code == 200
    assert remembered(None, token) == (token.pk, token.verifier, registration.pk)

    with django_assert_num_queries(0):
        again = client.get(feed_path(token), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    fresh_process()
    with django_assert_num_queries(1):  # another worker: the state only, the token is shared
        assert client.get(feed_path(token), headers={"if-none-match": first["ETag"]}).status_code == 304


def test_renewing_refuses_the_old_url_at_once_on_every_worker(
    client, registration, token, fresh_process, django_capture_on_commit_callbacks
):
    path = feed_path(token)
    assert client.get(path).status_code == 200  # token remembered, state read in this process
    with django_capture_on_commit_callbacks(execute=True):
        new = feed_tokens.renew_feed_token(registration)

    assert remembered(None, token) == feed_tokens.REVOKED
    assert client.get(path).status_code == 404  # this worker, its state still fresh
    fresh_process()
    assert client.get(path).status_code == 404  # any other worker
    assert client.get(feed_path(new)).status_code == 200


def test_renewing_through_my_summit_page_refuses_the_old_url(
    client, registration, token, django_capture_on_commit_callbacks
):
    path = feed_path(token)
    assert client.get(path).status_code == 200
    client.force_login(registration.user)
    renew = reverse("summits:personal-feed-renew", kwargs={"slug": registration.summit.slug})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(renew).status_code == 302
    assert client.get(path).status_code == 404


def test_a_renewal_that_rolls_back_leaves_the_token_working(client, registration, token):
    path = feed_path(token)
    assert client.get(path).status_code == 200

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        feed_tokens.renew_feed_token(registration)
        raise Abort

    assert FeedToken.objects.get(pk=token.pk).revoked_at is None
    assert remembered(None, token) != feed_tokens.REVOKED
    assert client.get(path).status_code == 200


def test_deleting_the_registration_refuses_its_feed_at_once(
    client, registration, token, django_capture_on_commit_callbacks
):
    path = feed_path(token)
    assert client.get(path).status_code == 200  # token remembered, state read in this process
    with django_capture_on_commit_callbacks(execute=True):
        registration.delete()
    assert client.get(path).status_code == 404


def test_guessed_tokens_are_refused_and_unknown_selectors_not_remembered(client, registration, token, shared_cache):
    wrong_verifier = token.selector + "x" * feed_tokens.VERIFIER_LENGTH
    unknown = "y" * feed_tokens.TOKEN_LENGTH
    for guess in (wrong_verifier, unknown, wrong_verifier):  # the second time, the live token is remembered
        path = reverse("summits:personal-feed", kwargs={"slug": registration.summit.slug, "token": guess})
        assert client.get(path).status_code == 404
    assert shared_cache.keys("*summits.feed-token:yyyy*") == []
    assert len(shared_cache.keys(f"*summits.feed-token:{token.selector}")) == 1


def test_another_summits_slug_with_a_remembered_token_is_refused(client, registration, token):
    assert client.get(feed_path(token)).status_code == 200
    other = reverse("summits:personal-feed", kwargs={"slug": "another-summit", "token": token.token})
    assert client.get(other).status_code == 404


def test_requests_that_need_a_lookup_are_counted_in_redis_for_every_worker(client, token, settings, shared_cache):
    settings.FEED_STATE_SECONDS = 0  # nothing reused: every poll reads the state
    settings.FEED_RATE_LIMIT = "3/m"
    path = feed_path(token)
    assert [client.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]
    (key,) = shared_cache.keys("conclave:rl:feed:*")
    assert int(shared_cache.get(key)) == 4
    assert 0 < shared_cache.ttl(key) <= 61


def test_polls_answered_from_memory_are_counted_in_the_process_only(client, token, settings, shared_cache):
    settings.FEED_RATE_LIMIT = "20/m"
    path = feed_path(token)
    etag = client.get(path)["ETag"]  # counted: token, state and bytes are read, then remembered
    for _ in range(5):
        assert client.get(path, headers={"if-none-match": etag}).status_code == 304
        assert client.get(path).status_code == 200
    (key,) = shared_cache.keys("conclave:rl:feed:*")
    assert int(shared_cache.get(key)) == 1


def test_past_the_limit_answers_from_memory_are_counted_in_redis_and_refused(client, token, settings, shared_cache):
    settings.FEED_RATE_LIMIT = "3/m"
    path = feed_path(token)
    etag = client.get(path)["ETag"]  # counted in Redis: 1
    polls = [client.get(path, headers={"if-none-match": etag}).status_code for _ in range(6)]
    assert polls == [304, 304, 304, 304, 304, 429]  # 3 from memory, then Redis counts 2, 3, 4
    (key,) = shared_cache.keys("conclave:rl:feed:*")
    assert int(shared_cache.get(key)) == 4


def test_a_revocation_published_by_another_server_is_heard_before_the_next_answer(
    client, registration, token, shared_cache
):
    path = feed_path(token)
    etag = client.get(path)["ETag"]
    assert feed_tokens._remembered.get(token.selector) is not None
    # Another app server revokes: its commit writes the tombstone and publishes.
    FeedToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    cache.set(feed_tokens._cache_key(token.selector), feed_tokens.REVOKED)
    shared_cache.publish(feed_tokens.CHANNEL, token.selector)

    assert client.get(path, headers={"if-none-match": etag}).status_code == 404
    assert feed_tokens._remembered.get(token.selector) is None


def test_a_broken_subscription_forgets_every_remembered_token(client, token, shared_cache):
    path = feed_path(token)
    assert client.get(path).status_code == 200
    remembered = feed_tokens._remembered
    assert remembered.entries
    shared_cache.client_kill_filter(_type="pubsub")  # the server drops every subscriber

    assert remembered.get(token.selector) is None  # nothing trusted once the break is seen
    assert remembered.entries == {}
    assert client.get(path).status_code == 200  # subscribes again, reads the token again
    assert remembered.get(token.selector) is not None


def test_recent_bytes_keep_the_most_recently_used_within_the_budget():
    recent = RecentBytes(budget=100)
    recent.put("a", b"a" * 20)
    recent.put("b", b"b" * 20)
    recent.put("too-big", b"x" * 26)  # over a quarter of the budget: never kept
    assert recent.get("a") == b"a" * 20  # a is now the most recent
    recent.put("c", b"c" * 20)
    recent.put("d", b"d" * 20)
    recent.put("e", b"e" * 20)
    recent.put("f", b"f" * 20)  # 120 bytes: the least recently used (b) goes
    assert recent.get("too-big") is None
    assert recent.get("b") is None
    assert [recent.get(k) is not None for k in "acdef"] == [True] * 5
    assert recent.used == 100


# --- Another worker's memory: a second subscription, as another process would hold --------------


@pytest.fixture
def other_worker(shared_cache):
    other = RememberedTokens()
    assert other.trusted()
    yield other
    other.drop_subscription()


def remembers(worker, selector, *, within=2.0):
    """Whether `worker` still remembers `selector` once what was published has had `within` s to arrive."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with worker.lock:
            worker.trusted()
            if selector not in worker.entries:
                return False
        time.sleep(0.005)
    return True


def test_another_worker_hears_the_revocation_it_did_not_make(
    registration, token, other_worker, django_capture_on_commit_callbacks
):
    live = feed_tokens._read_live_token(token.selector)
    other_worker.put(token.selector, live, other_worker.start_read())
    assert other_worker.get(token.selector) == live

    with django_capture_on_commit_callbacks(execute=True):
        feed_tokens.renew_feed_token(registration)

    assert not remembers(other_worker, token.selector)


def test_a_worker_does_not_keep_a_token_read_while_its_revocation_was_published(
    registration, token, other_worker, django_capture_on_commit_callbacks
):
    mark = other_worker.start_read()
    live = feed_tokens._read_live_token(token.selector)  # read before the revocation...
    with django_capture_on_commit_callbacks(execute=True):
        feed_tokens.renew_feed_token(registration)
    time.sleep(0.05)  # ...the message arrives...
    other_worker.put(token.selector, live, mark)  # ...before it would be kept
    assert token.selector not in other_worker.entries


def test_a_fill_that_read_the_token_before_the_revocation_cannot_put_it_back(
    client, registration, token, monkeypatch, django_capture_on_commit_callbacks
):
    read = feed_tokens._read_live_token

    def read_then_revoke(selector):
        found = read(selector)  # a poll reads the live token from the database...
        with django_capture_on_commit_callbacks(execute=True):
            feed_tokens.renew_feed_token(registration)  # ...the revocation commits meanwhile...
        return found

    monkeypatch.setattr(feed_tokens, "_read_live_token", read_then_revoke)
    feed_tokens._shared_live_token(token.selector)  # ...and then the poll fills the cache
    monkeypatch.setattr(feed_tokens, "_read_live_token", read)

    assert remembered(None, token) == feed_tokens.REVOKED
    assert client.get(feed_path(token)).status_code == 404


def test_when_redis_fails_after_the_commit_the_revoked_token_is_still_refused(
    client, registration, token, monkeypatch, fresh_process, django_capture_on_commit_callbacks, caplog
):
    path = feed_path(token)
    assert client.get(path).status_code == 200  # remembered in Redis and in this process

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis went away")

    monkeypatch.setattr(cache, "set_many", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        feed_tokens.renew_feed_token(registration)  # committed: the tombstone and message fail
    monkeypatch.undo()

    assert "could not be announced" in caplog.text
    assert remembered(None, token) is None  # deleted before the commit
    assert client.get(path).status_code == 404
    fresh_process()
    assert client.get(path).status_code == 404


def test_a_subscription_that_stops_answering_is_not_trusted(other_worker, token):
    live = feed_tokens._read_live_token(token.selector)
    other_worker.put(token.selector, live, other_worker.start_read())
    other_worker.heard_at -= remembered_module.FRESH_SECONDS  # no PONG for that long
    other_worker.ping_sent_at = other_worker.heard_at  # and the last PING still unanswered

    assert other_worker.get(token.selector) is None


def test_a_quiet_subscription_pings_and_is_trusted_again_when_the_pong_comes(other_worker, token):
    live = feed_tokens._read_live_token(token.selector)
    other_worker.put(token.selector, live, other_worker.start_read())
    other_worker.heard_at -= remembered_module.FRESH_SECONDS  # idle: the last PONG is old

    assert other_worker.get(token.selector) is None  # not trusted; a PING goes out
    assert other_worker.ping_sent_at is not None
    deadline = time.monotonic() + 2
    while other_worker.get(token.selector) is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert other_worker.get(token.selector) == live


def test_a_reconnected_or_forked_subscription_starts_with_an_empty_memory(other_worker, token):
    live = feed_tokens._read_live_token(token.selector)
    other_worker.put(token.selector, live, other_worker.start_read())
    other_worker._on_reconnect(None)  # redis-py reconnected by itself: messages may be lost
    assert other_worker.get(token.selector) is None
    assert other_worker.entries == {}

    assert other_worker.trusted()  # subscribed afresh
    other_worker.put(token.selector, live, other_worker.start_read())
    other_worker.pid = -1  # as seen from a forked child
    assert other_worker.get(token.selector) is None
    assert other_worker.entries == {}
