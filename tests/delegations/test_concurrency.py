"""Two presses of "Accept" in the same second: one membership, one registration."""

import threading

import pytest
from django.db import connection

from delegations.errors import DelegationError
from delegations.models import Membership
from delegations.services import accept_invitation, invite_member
from summits.models import Registration
from tests.factories import CategoryFactory, DelegationFactory, SummitFactory, UserFactory

DETAILS = {"badge_name": "Vikram Rao", "organisation": "Tonbo Imaging", "country_of_citizenship": "IN"}


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_accepting_the_same_invitation_twice_at_once_joins_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    summit = SummitFactory()
    delegation = DelegationFactory(summit=summit, category=CategoryFactory(summit=summit))
    invitation = invite_member(delegation, email="vikram@example.org", actor=delegation.lead)
    user = UserFactory(email="vikram@example.org")
    barrier = threading.Barrier(4)
    outcomes = []

    def accept():
        try:
            barrier.wait()
            accept_invitation(invitation, user=user, details=DETAILS)
            outcomes.append("joined")
        except DelegationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["joined", "not_pending", "not_pending", "not_pending"]
    assert Membership.objects.filter(user=user).count() == 1
    assert Registration.objects.filter(user=user).count() == 1
