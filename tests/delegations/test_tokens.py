"""The delegation feed token and the invitation token: found by their selector through a unique
index, then compared whole in constant time; anything else is the same silent 404. URLs issued
before the selectors existed keep working (the migration fills them in)."""

import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from archive.queries import export_summit_json
from archive.services import import_summit
from conclave import tokens
from conclave.tokens import selector_of
from delegations import queries
from delegations.models import Delegation, Invitation
from delegations.services import invite_member, rotate_feed_token
from tests.factories import DelegationFactory

pytestmark = pytest.mark.django_db

fill_migration = importlib.import_module("delegations.migrations.0003_token_selectors")


@pytest.fixture
def invitation(delegation, lead):
    return invite_member(delegation, email="vikram@example.org", actor=lead)


def feed_url(token):
    return f"/delegations/feed/{token}.ics"


def invitation_url(token):
    return f"/delegations/invitations/{token}/"


@pytest.fixture(params=["feed", "invitation"])
def secret(request, delegation, invitation):
    """(stored token, URL maker, lookup function) for each kind of delegation secret."""
    if request.param == "feed":
        return delegation.feed_token, feed_url, queries.delegation_for_feed_token
    return invitation.token, invitation_url, queries.invitation_for_token


def other_rest(token):
    """The same selector, a different rest (one character changed, near the end)."""
    return token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]


MALFORMED = {
    "empty-ish": lambda t: "x",
    "one short": lambda t: t[:-1],
    "selector only": lambda t: t[:16],
    "one long": lambda t: t + "A",
    "much longer": lambda t: t * 4,
    "non-ASCII": lambda t: t[:-1] + "é",
    "non-ASCII, right length": lambda t: t[:-2] + "é",
    "Devanagari selector": lambda t: "शर्मा" + t[5:],
    "NUL": lambda t: t[:-1] + "\x00",
    "outside the alphabet": lambda t: t[:-1] + "=",
}


def test_new_rows_get_the_selector_of_their_token(delegation, invitation):
    delegation.refresh_from_db()
    invitation.refresh_from_db()
    assert len(delegation.feed_token) == 32 and delegation.feed_token_selector == delegation.feed_token[:16]
    assert len(invitation.token) == 32 and invitation.token_selector == invitation.token[:16]


def test_the_right_token_opens_the_feed_and_the_invitation(client, delegation, invitation):
    response = client.get(feed_url(delegation.feed_token))
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    page = client.get(invitation_url(invitation.token))
    assert page.status_code == 200 and delegation.name in page.content.decode()


def test_a_right_selector_with_a_wrong_rest_is_a_404(client, secret):
    token, url, find = secret
    wrong = other_rest(token)
    assert wrong[:16] == token[:16] and wrong != token and len(wrong) == len(token)
    assert client.get(url(wrong)).status_code == 404
    assert find(wrong) is None  # the query finds nothing; the view answers 404


def test_an_unknown_token_is_a_404(client, secret):
    token, url, find = secret
    unknown = "Z" * 32 if not token.startswith("Z" * 16) else "Y" * 32
    assert client.get(url(unknown)).status_code == 404
    assert find(unknown) is None  # the query finds nothing; the view answers 404


@pytest.mark.parametrize("malform", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_token_is_a_404_without_a_query(client, secret, malform, django_assert_num_queries):
    token, url, find = secret
    bad = malform(token)
    assert client.get(url(bad)).status_code == 404
    with django_assert_num_queries(0):
        assert find(bad) is None


def test_every_wrong_token_gets_the_same_answer(client, delegation):
    token = delegation.feed_token
    bodies = {
        client.get(feed_url(bad)).content
        for bad in (other_rest(token), "Z" * 32, token[:-1], token + "A", token[:-1] + "é")
    }
    assert len(bodies) == 1
    assert token[:16].encode() not in bodies.pop()


def test_the_whole_token_is_compared_in_constant_time(client, secret, monkeypatch):
    token, url, _find = secret
    calls = []
    original = tokens.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(tokens.hmac, "compare_digest", spy)
    assert client.get(url(token)).status_code == 200
    assert calls == [(token.encode(), token.encode())]

    calls.clear()
    wrong = other_rest(token)
    assert client.get(url(wrong)).status_code == 404
    assert calls == [(token.encode(), wrong.encode())]


def test_a_rotated_feed_token_retires_the_old_url_and_its_selector_at_once(client, delegation, lead):
    old = delegation.feed_token
    assert client.get(feed_url(old)).status_code == 200
    rotate_feed_token(delegation, actor=lead)
    stored = Delegation.objects.get(pk=delegation.pk)
    assert stored.feed_token != old and stored.feed_token_selector == stored.feed_token[:16]
    assert not Delegation.objects.filter(feed_token_selector=old[:16]).exists()
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(stored.feed_token)).status_code == 200


def test_the_migration_fills_the_selectors_of_tokens_issued_before_it(client, delegation, invitation):
    # Rows as they were before the migration: tokens people already hold, no selector.
    Delegation.objects.filter(pk=delegation.pk).update(feed_token_selector="")
    Invitation.objects.filter(pk=invitation.pk).update(token_selector="")
    assert client.get(feed_url(delegation.feed_token)).status_code == 404

    fill_migration.fill_selectors(django_apps, None)

    assert Delegation.objects.get(pk=delegation.pk).feed_token_selector == delegation.feed_token[:16]
    assert Invitation.objects.get(pk=invitation.pk).token_selector == invitation.token[:16]
    assert client.get(feed_url(delegation.feed_token)).status_code == 200
    assert client.get(invitation_url(invitation.token)).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_migrating_an_existing_database_keeps_the_urls_people_hold(client, summit, category, lead):
    """The real migration path: rows made before 0003, then migrated forward."""
    delegations = [DelegationFactory(summit=summit, category=category, lead=lead) for _ in range(3)]
    invitation = invite_member(delegations[0], email="vikram@example.org", actor=lead)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("delegations")
    executor.migrate([("delegations", "0002_zone_choices_without_legacy_aliases")])
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "delegations_delegation")}
    assert "feed_token_selector" not in columns  # really the schema before the selectors

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)

    for old in delegations:
        assert Delegation.objects.get(pk=old.pk).feed_token_selector == old.feed_token[:16]
        assert client.get(feed_url(old.feed_token)).status_code == 200
    assert Invitation.objects.get(pk=invitation.pk).token_selector == invitation.token[:16]
    assert client.get(invitation_url(invitation.token)).status_code == 200


def test_an_archive_leaves_out_the_selectors_and_a_copy_gets_its_own(client, delegation, invitation):
    data = export_summit_json(delegation.summit)
    assert delegation.feed_token[:16] not in data and invitation.token[:16] not in data

    copy = import_summit(json.loads(data), slug="copy-of-the-summit")

    [copied] = copy.delegations.all()
    assert copied.feed_token != delegation.feed_token
    assert copied.feed_token_selector == selector_of(copied.feed_token)
    assert client.get(feed_url(copied.feed_token)).status_code == 200
    [copied_invitation] = Invitation.objects.filter(delegation=copied)
    assert copied_invitation.token_selector == selector_of(copied_invitation.token)
