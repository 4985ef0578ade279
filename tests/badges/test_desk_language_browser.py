"""The desk's texts come from Django's JavaScript catalog in the staff member's language, and
the offline desk keeps that catalog: reloaded without a network, it still has it."""

import pytest

from accounts.models import Preferences
from tests.badges.desk_browser import open_desk
from tests.factories import CheckinStaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_desk_loads_its_languages_catalog_and_keeps_it_offline(browser, live_server, desk_setup):
    staff = CheckinStaffFactory(summit=desk_setup["summit"]).user
    Preferences.objects.create(user=staff, language="hi")
    context, page, errors = open_desk(browser, live_server, desk_setup["summit"], desk_setup["hall"], staff, "North")
    assert page.evaluate("document.documentElement.lang") == "hi"
    assert page.locator('script[src="/i18n/hi/catalog.js"]').count() == 1
    # The Hindi catalog's formats (Django's own): the proof that this language's catalog ran.
    assert page.evaluate("window.get_format('TIME_FORMAT')") == "g:i A"

    context.set_offline(True)
    page.reload()
    assert page.evaluate("typeof window.gettext") == "function"
    assert page.evaluate("window.get_format('TIME_FORMAT')") == "g:i A"
    assert errors == []
    context.close()
