"""Every API list answers in a number of queries that does not grow with its rows (1 vs 20)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from summits.enums import Restriction
from summits.models import SessionSignup
from tests.api.helpers import bearer, token_for
from tests.factories import (
    DelegationFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
    roundtable,
)

pytestmark = pytest.mark.django_db


def add_rows(kind, summit, category, n):
    for _ in range(n):
        if kind == "sessions":
            session = SessionFactory(summit=summit, restriction=Restriction.US_PERSONS)
            session.speakers.add(SpeakerFactory(summit=summit))
            session.moderators.add(SpeakerFactory(summit=summit))
        elif kind == "speakers":
            SessionFactory(summit=summit).speakers.add(SpeakerFactory(summit=summit))
        elif kind == "rooms":
            RoomFactory(summit=summit)
        elif kind == "registrations":
            RegistrationFactory(summit=summit, category=category)
        elif kind == "signups":
            SessionSignup.objects.create(
                session=roundtable(summit), registration=RegistrationFactory(summit=summit, category=category)
            )
        elif kind == "delegations":
            DelegationFactory(summit=summit, category=category, lead=UserFactory())


@pytest.mark.parametrize("kind", ["sessions", "speakers", "rooms", "registrations", "signups", "delegations"])
def test_list_query_count_is_flat(client, settings, summit, organizer, category, kind):
    settings.API_RATE_LIMIT = "100000/m"
    secret = token_for(organizer, summit)
    url = f"/api/summits/{summit.slug}/{kind}/"

    def count():
        with CaptureQueriesContext(connection) as context:
            response = client.get(url, **bearer(secret))
        assert response.status_code == 200
        return len(context), response.json()["count"]

    add_rows(kind, summit, category, 1)
    one, rows_one = count()
    add_rows(kind, summit, category, 19)
    twenty, rows_twenty = count()
    assert rows_twenty > rows_one
    assert twenty <= one, f"{kind}: {one} queries for the first rows, {twenty} for twenty"
