import pytest

from tests.factories import DelegationFactory, MembershipFactory, RegistrationFactory, UserFactory


@pytest.fixture
def lead(db):
    return UserFactory(email="lead@example.org", first_name="Lena", last_name="Lead")


@pytest.fixture
def delegation(summit, category, lead):
    return DelegationFactory(summit=summit, category=category, lead=lead, name="U.S. industry delegation")


@pytest.fixture
def make_member(delegation, category):
    def make(email=None, *, role="member", delegation=delegation, registered=True, **user_fields):
        user = UserFactory(**({"email": email} if email else {}), **user_fields)
        if registered:
            RegistrationFactory(
                user=user,
                summit=delegation.summit,
                category=delegation.category,
                badge_name=user.get_full_name() or user.email,
            )
        return MembershipFactory(delegation=delegation, user=user, role=role)

    return make


@pytest.fixture
def member(make_member):
    return make_member("member@example.org", first_name="Maya", last_name="Member")


@pytest.fixture(scope="session", autouse=True)
def _whitenoise_without_collectstatic():
    """No collectstatic in tests: WhiteNoise would warn (an error here) about the missing STATIC_ROOT.
    Session-scoped so it is in place before pytest-django's live_server builds its handler."""
    from django.conf import settings

    previous = getattr(settings, "WHITENOISE_AUTOREFRESH", None)
    settings.WHITENOISE_AUTOREFRESH = True
    yield
    if previous is None:
        del settings.WHITENOISE_AUTOREFRESH
    else:
        settings.WHITENOISE_AUTOREFRESH = previous
