import pytest

from tests.factories import RegistrationFactory, SummitFactory


@pytest.fixture
def other_summit(db):
    return SummitFactory()


@pytest.fixture
def staff_user(summit):
    from tests.factories import CheckinStaffFactory

    return CheckinStaffFactory(summit=summit).user


@pytest.fixture
def approved(summit, category):
    return RegistrationFactory(summit=summit, category=category, badge_name="Priya Raman", organisation="DRDO")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Print runs save their PDFs through the default storage: keep them out of the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


# The offline desk browser tests share their summit fixture (tests/badges/desk_browser.py).
from tests.badges.desk_browser import desk_setup  # noqa: E402, F401
