"""conclave.tokens serves both stored shapes: selector + verifier columns, and the whole token beside its selector."""

import pytest

from conclave.tokens import find_by_token, mint_token, selector_of, split_token
from delegations.models import Delegation
from summits.models import FeedToken
from tests.factories import DelegationFactory

pytestmark = pytest.mark.django_db


def test_a_minted_token_is_url_safe_and_splits_into_selector_and_verifier():
    token = mint_token(24)
    assert len(token) == 32 and split_token(token, length=32) == (token[:16], token[16:])
    assert selector_of(token) == token[:16]


@pytest.mark.parametrize("bad", [None, 42, "", "a" * 31, "a" * 33, "a" * 31 + "=", "a" * 31 + "é", "a" * 31 + "\n"])
def test_a_token_of_the_wrong_shape_splits_into_nothing(bad):
    assert split_token(bad, length=32) is None


def test_the_whole_token_stored_beside_its_selector_is_found_and_a_wrong_rest_is_not(django_assert_num_queries):
    delegation = DelegationFactory()
    token = delegation.feed_token
    find = dict(length=32, selector_field="feed_token_selector", secret_field="feed_token", whole_token=True)
    with django_assert_num_queries(1):
        assert find_by_token(Delegation.objects.all(), token, **find) == delegation
    assert find_by_token(Delegation.objects.all(), token[:-1] + ("A" if token[-1] != "A" else "B"), **find) is None
    with django_assert_num_queries(0):
        assert find_by_token(Delegation.objects.all(), token[:-1], **find) is None


def test_a_selector_and_verifier_pair_is_found_by_selector_and_checked_by_verifier(registration):
    row = FeedToken.objects.create(registration=registration, selector=mint_token(12), verifier=mint_token(24))
    find = dict(length=48, selector_field="selector", secret_field="verifier")
    assert find_by_token(FeedToken.objects.all(), row.selector + row.verifier, **find) == row
    assert find_by_token(FeedToken.objects.all(), row.selector + mint_token(24), **find) is None
    assert find_by_token(FeedToken.objects.all(), mint_token(12) + row.verifier, **find) is None
