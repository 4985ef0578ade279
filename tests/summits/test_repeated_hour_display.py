"""A local time inside a repeated hour is shown with its zone's abbreviation, everywhere (issue 13).

7 Nov 2027 in America/New_York: 01:30 EDT is 05:30 UTC; 01:15 EST is 06:15 UTC; 01:30 EST is 06:30 UTC.
"""

import re
import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from conclave.timezones import repeated_hour_label, wall_clock
from summits.templatetags.summit_tags import clock
from tests.factories import (
    DelegationFactory,
    ItineraryItemFactory,
    MembershipFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SummitFactory,
    UserFactory,
)
from tests.summits.helpers import signup

pytestmark = pytest.mark.django_db

NY = "America/New_York"


def utc(hour, minute=0, day=7):
    return datetime(2027, 11, day, hour, minute, tzinfo=UTC)


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def ny():
    organizer = UserFactory(is_staff=True)
    return SummitFactory(timezone=NY, start_date=date(2027, 11, 6), end_date=date(2027, 11, 8), organizers=[organizer])


@pytest.fixture
def night(ny):
    """The first 01:30 to the second 01:15 (45 minutes), then the second 01:30, then a plain morning."""
    room = RoomFactory(summit=ny, name="Hudson Room")
    return [
        SessionFactory(summit=ny, room=room, title="First watch", starts_at=utc(5, 30), ends_at=utc(6, 15)),
        SessionFactory(summit=ny, room=room, title="Second watch", starts_at=utc(6, 30), ends_at=utc(7, 0)),
        SessionFactory(summit=ny, room=room, title="Breakfast", starts_at=utc(14, 0), ends_at=utc(15, 0)),
    ]


def test_the_helper_names_the_abbreviation_only_inside_the_repeated_hour():
    import zoneinfo

    zone = zoneinfo.ZoneInfo(NY)
    assert [wall_clock(utc(h, m).astimezone(zone)) for h, m in ((4, 59), (5, 30), (6, 15), (6, 30), (7, 0))] == [
        "00:59",
        "01:30 EDT",
        "01:15 EST",
        "01:30 EST",
        "02:00",
    ]
    assert clock(utc(5, 30).astimezone(zone), "l j F Y, H:i") == "Sunday 7 November 2027, 01:30 EDT"
    assert clock(utc(14).astimezone(zone)) == "09:00"
    assert repeated_hour_label(utc(5, 30)) == ""  # a UTC time happens once
    # A zone whose abbreviations are numbers gets the offset (Chile's clocks go back in April).
    santiago = datetime(2027, 4, 4, 3, 30, tzinfo=UTC).astimezone(zoneinfo.ZoneInfo("America/Santiago"))
    assert wall_clock(santiago) == "23:30 UTC\u221204:00"  # the second 23:30 of 3 April


def test_the_agenda_and_the_session_page_tell_the_two_0130s_apart(client, ny, night):
    agenda = text(client.get(reverse("summits:agenda", args=[ny.slug])).content.decode())
    assert "01:30 EDT – 01:15 EST First watch" in agenda
    assert "01:30 EST – 02:00 Second watch" in agenda
    assert "09:00 – 10:00 Breakfast" in agenda
    page = text(client.get(reverse("summits:session", args=[ny.slug, night[0].pk])).content.decode())
    assert "When Sunday 7 November 2027, 01:30 EDT–01:15 EST (America/New_York)" in page


def test_the_builder_grid_tells_them_apart(client, ny, night):
    client.force_login(ny.organizers.get())
    html = client.get(reverse("summits:agenda-builder", args=[ny.slug])).content.decode()
    times = re.findall(r'<p class="gs-time">([^<]*)</p>', html)
    assert times == ["01:30 EDT–01:15 EST", "01:30 EST–02:00", "09:00–10:00"]


def test_my_agenda_tells_them_apart(client, ny, night):
    registration = RegistrationFactory(summit=ny)
    signup(registration, night[0])
    signup(registration, night[1])
    client.force_login(registration.user)
    page = text(client.get(reverse("summits:my-agenda", args=[ny.slug])).content.decode())
    assert "01:30 EDT – 01:15 EST First watch" in page and "01:30 EST – 02:00 Second watch" in page


@pytest.fixture
def night_call(ny):
    lead = UserFactory()
    delegation = DelegationFactory(summit=ny, lead=lead, name="Night shift")
    ItineraryItemFactory(
        delegation=delegation, title="Call with Delhi", start_tz=NY, starts_at=utc(6, 30), ends_at=utc(8, 0)
    )
    return delegation


def test_the_itinerary_page_tells_the_second_0130(client, night_call):
    client.force_login(night_call.lead)
    page = text(client.get(reverse("delegations:itinerary", args=[night_call.pk])).content.decode())
    assert "01:30 EST America/New_York, UTC-05:00 ↓ 03:00 Meeting" in page


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_the_pdf_booklet_tells_the_second_0130(client, night_call, tmp_path):
    MembershipFactory(delegation=night_call, user=night_call.lead, role="head")
    client.force_login(night_call.lead)
    response = client.get(reverse("delegations:itinerary-pdf", args=[night_call.pk]))
    assert response.status_code == 200
    path = tmp_path / "booklet.pdf"
    path.write_bytes(response.content)
    booklet = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    assert "01:30 EST MEETING America/New_York, UTC-05:00 Call with Delhi to 03:00" in booklet


def test_the_signup_mail_tells_the_first_0130(ny, night, mailoutbox):
    from summits.agenda.emails import send_signup_mail

    registration = RegistrationFactory(summit=ny)
    send_signup_mail(signup(registration, night[0]), event="confirmed")
    assert "When: Sunday 7 November 2027, 01:30 EDT–01:15 EST (America/New_York)" in mailoutbox[-1].body
