"""A screener added on manage/team/ may verify eligibility on manage/screening/, and nothing else."""

import pytest

from summits.enums import EligibilityStatus
from summits.models import Screener
from tests.factories import SummitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def screener(summit):
    user = UserFactory()
    Screener.objects.create(summit=summit, user=user)
    return user


def test_screener_sees_the_screening_page(client, summit, registration, screener):
    client.force_login(screener)
    response = client.get(f"/summits/{summit.slug}/manage/screening/")
    assert response.status_code == 200
    assert registration.badge_name in response.content.decode()


def test_screener_gets_404_on_organizer_pages_and_other_summits(client, summit, screener):
    client.force_login(screener)
    assert client.get(f"/summits/{summit.slug}/manage/").status_code == 404
    assert client.get(f"/summits/{summit.slug}/manage/team/").status_code == 404
    other = SummitFactory()
    assert client.get(f"/summits/{other.slug}/manage/screening/").status_code == 404


def test_verify_service_accepts_a_screener_and_refuses_a_stranger(summit, registration, screener):
    from summits.screening.services import EligibilityError, declared_facts, verify_eligibility

    with pytest.raises(EligibilityError) as refused:
        verify_eligibility(registration, actor=UserFactory(), document="passport", facts=declared_facts(registration))
    assert refused.value.code == "not_screener"
    verify_eligibility(registration, actor=screener, document="passport", facts=declared_facts(registration))
    registration.refresh_from_db()
    assert registration.eligibility_status == EligibilityStatus.VERIFIED
    assert registration.eligibility_checked_by == screener
