"""Single-session .ics downloads and the .ics attached to the registration mail."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from summits.agenda.calendar import session_ics
from summits.enums import RegistrationStatus
from summits.registration.services import set_registration_status
from summits.screening.eligibility import SessionAccess
from tests.factories import CategoryFactory, RegistrationFactory, SessionFactory, SummitFactory
from tests.summits.helpers import SECRET_TITLE, assert_redacted, closed_session, parse_both

NY = ZoneInfo("America/New_York")


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.FEED_STATE_SECONDS = 0  # exact answers after every change; the reuse has its own test
    cache.clear()
    yield
    cache.clear()


def session_url(session):
    return reverse("summits:session-ics", kwargs={"slug": session.summit.slug, "pk": session.pk})


def test_single_session_downloads_as_an_ics_attachment(client, summit):
    session = SessionFactory(summit=summit, title="Gurukul: space law")

    response = client.get(session_url(session))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="session-{session.pk}.ics"'
    events = parse_both(response.content)
    assert events[f"session-{session.pk}@testserver"]["summary"] == "Gurukul: space law"
    assert events[f"session-{session.pk}@testserver"]["start"] == session.starts_at.astimezone(UTC)
    again = client.get(session_url(session), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_closed_session_download_is_closed_for_strangers_and_full_for_the_eligible(client, summit, category):
    session = closed_session(summit)

    assert_redacted(client.get(session_url(session)).content, session)

    eligible = RegistrationFactory(summit=summit, category=category, is_us_person=True)
    client.force_login(eligible.user)
    body = client.get(session_url(session)).content
    assert parse_both(body)[f"session-{session.pk}@testserver"]["summary"] == SECRET_TITLE


def test_session_page_links_to_its_download(client, summit):
    session = SessionFactory(summit=summit)
    html = client.get(session.get_absolute_url()).content.decode()
    assert f'href="{session_url(session)}"' in html


def test_session_of_another_summit_is_not_found(client, summit):
    other = SessionFactory()
    url = reverse("summits:session-ics", kwargs={"slug": summit.slug, "pk": other.pk})
    assert client.get(url).status_code == 404


def test_session_ics_helper_respects_access_for_the_signup_mail(summit, registration):
    session = closed_session(summit)
    assert_redacted(session_ics(session, SessionAccess.for_registration(registration)), session)


def test_approval_mail_carries_the_summit_days_in_the_summit_zone(db):
    summit = SummitFactory(
        name="INDUS-X Washington", timezone="America/New_York", start_date=date(2027, 3, 13), end_date=date(2027, 3, 15)
    )
    SessionFactory(
        summit=summit, starts_at=datetime(2027, 3, 15, 8, 30, tzinfo=NY), ends_at=datetime(2027, 3, 15, 17, tzinfo=NY)
    )
    registration = RegistrationFactory(
        summit=summit, category=CategoryFactory(summit=summit, needs_approval=True), status=RegistrationStatus.PENDING
    )
    mail.outbox.clear()

    set_registration_status(registration, RegistrationStatus.APPROVED)

    [message] = mail.outbox
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"{summit.slug}.ics", "text/calendar")
    body = content.encode() if isinstance(content, str) else content
    events = parse_both(body)
    days = [events[f"summit-{summit.pk}-{d}@testserver"] for d in ("20270313", "20270314", "20270315")]
    assert [d["summary"] for d in days] == [f"INDUS-X Washington — day {n}" for n in (1, 2, 3)]
    # No session on the 13th: 09:00–18:00 EST; the 15th (EDT) follows its sessions.
    assert days[0]["start"] == datetime(2027, 3, 13, 14, 0, tzinfo=UTC)
    assert days[0]["end"] == datetime(2027, 3, 13, 23, 0, tzinfo=UTC)
    assert days[2]["start"] == datetime(2027, 3, 15, 12, 30, tzinfo=UTC)
    assert days[2]["end"] == datetime(2027, 3, 15, 21, 0, tzinfo=UTC)
    assert {d["start_tzid"] for d in days} == {"America/New_York"}
    assert [tz["TZID"] for tz in icalendar.Calendar.from_ical(body).timezones] == ["America/New_York"]


def test_pending_and_declined_mails_carry_no_calendar(summit, registration):
    registration.status = RegistrationStatus.PENDING
    registration.save()
    mail.outbox.clear()
    set_registration_status(registration, RegistrationStatus.DECLINED)
    [message] = mail.outbox
    assert message.attachments == []


def test_session_attachment_for_the_signup_mail_is_closed_to_the_ineligible(summit, registration):
    from summits.agenda.emails import session_attachments

    session = closed_session(summit)
    [(filename, content, mimetype)] = session_attachments(session, registration)
    assert (filename, mimetype) == (f"session-{session.pk}.ics", "text/calendar")
    assert_redacted(content, session)
