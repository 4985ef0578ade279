import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from badges.services import badge_for
from summits.agenda.signups import sign_up_for_session
from summits.enums import Restriction
from summits.models import AcknowledgementAcceptance
from summits.screening.acknowledgements import attach_acknowledgement, create_acknowledgement, publish_version
from tests.factories import (
    CategoryFactory,
    CheckinStaffFactory,
    RegistrationFactory,
    SummitFactory,
    UserFactory,
    roundtable,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_door_holds_then_staff_record_the_paper_acknowledgement_and_it_admits(live_server, page):
    organizer = UserFactory()
    summit = SummitFactory(organizers=[organizer])
    session = roundtable(summit, restriction=Restriction.US_PERSONS)
    notice = create_acknowledgement(summit=summit, title="EAR notice", text="One.", actor=organizer)
    attach_acknowledgement(session, notice, actor=organizer)
    session.refresh_from_db()
    person = RegistrationFactory(
        summit=summit, category=CategoryFactory(summit=summit), badge_name="Dana Cole", is_us_person=True
    )
    sign_up_for_session(registration=person, session=session, accepted_version=notice.versions.get())
    publish_version(notice, text="Two.", actor=organizer)
    staff = CheckinStaffFactory(summit=summit).user
    client = Client()
    client.force_login(staff)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/summits/{summit.slug}/manage/checkin/?session={session.pk}&desk=Door+A")

    code = page.get_by_label("Badge code")
    code.press_sequentially(badge_for(person).secret, delay=5)
    code.press("Enter")
    result = page.locator("#scan-result")
    expect(result).to_have_attribute("data-outcome", "acknowledgement_missing")
    expect(result).to_have_class("scan-result scan-hold")
    result.get_by_role("button", name="Signed on paper: record it and admit").click()
    expect(result).to_have_attribute("data-outcome", "admitted")
    expect(result).to_have_class("scan-result scan-ok")
    acceptance = AcknowledgementAcceptance.objects.get(version__number=2)
    assert (acceptance.method, acceptance.collected_by, acceptance.desk) == ("desk", staff, "Door A")
    assert errors == []
