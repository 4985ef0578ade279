"""Private feeds with the shared cache (Redis, as in production): the token is read from the
database on every poll, so a revoked URL is refused at once everywhere; rate limits are
counted in Redis, for every worker; nothing about tokens is kept in Redis."""

import pytest
from django.db import transaction
from django.urls import reverse

from summits.calendar import tokens as feed_tokens
from summits.calendar.feeds import feed_cache
from summits.models import FeedToken
from tests.factories import SessionFactory
from tests.summits.helpers import feed_path, signup


@pytest.fixture
def token(registration, shared_cache):
    return feed_tokens.renew_feed_token(registration, actor=registration.user)


@pytest.fixture(autouse=True)
def reuse_state(settings):
    settings.FEED_STATE_SECONDS = 5


def test_a_poll_of_an_unchanged_feed_runs_one_query_the_token(
    client, summit, registration, token, shared_cache, django_assert_num_queries
):
    signup(registration, SessionFactory(summit=summit))
    first = client.get(feed_path(token))
    assert first.status_code == 200
    with django_assert_num_queries(1):
        assert client.get(feed_path(token), headers={"if-none-match": first["ETag"]}).status_code == 304
    with django_assert_num_queries(1):
        assert client.get(feed_path(token)).content == first.content
    # Redis holds the rate-limit window only: no token, no state, no bytes.
    assert [k.decode() for k in shared_cache.keys("*")] == [k.decode() for k in shared_cache.keys("conclave:rl:*")]


def test_renewing_refuses_the_old_url_at_once_with_everything_else_reused(client, registration, token):
    path = feed_path(token)
    assert client.get(path).status_code == 200  # markers and bytes kept in this process
    new = feed_tokens.renew_feed_token(registration)
    assert client.get(path).status_code == 404
    feed_cache().clear()  # another worker
    assert client.get(path).status_code == 404
    assert client.get(feed_path(new)).status_code == 200


def test_renewing_through_my_summit_page_refuses_the_old_url(client, registration, token):
    path = feed_path(token)
    assert client.get(path).status_code == 200
    client.force_login(registration.user)
    renew = reverse("summits:personal-feed-renew", kwargs={"slug": registration.summit.slug})
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
    assert client.get(path).status_code == 200


def test_deleting_the_registration_refuses_its_feed_at_once(client, registration, token):
    path = feed_path(token)
    assert client.get(path).status_code == 200
    registration.delete()
    assert client.get(path).status_code == 404


def test_guessed_tokens_and_another_summits_slug_are_refused(client, registration, token):
    assert client.get(feed_path(token)).status_code == 200
    for slug, guess in (
        (registration.summit.slug, token.selector + "x" * 32),
        (registration.summit.slug, "y" * feed_tokens.TOKEN_LENGTH),
        (registration.summit.slug, token.token[:-1]),
        ("another-summit", token.token),
    ):
        assert client.get(reverse("summits:personal-feed", kwargs={"slug": slug, "token": guess})).status_code == 404


def test_every_poll_is_counted_in_redis_for_every_worker(client, token, settings, shared_cache):
    settings.FEED_RATE_LIMIT = "3/m"
    path = feed_path(token)
    etag = client.get(path)["ETag"]
    polls = [client.get(path, headers={"if-none-match": etag}).status_code for _ in range(3)]
    assert polls == [304, 304, 429]
    (key,) = shared_cache.keys("conclave:rl:feed:*")
    assert int(shared_cache.get(key)) == 4
    assert 0 < shared_cache.ttl(key) <= 61
