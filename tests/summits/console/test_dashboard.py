"""The manage/ dashboard's figures: exact values, and a fixed number of queries with 1 and 100 sessions."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from badges.models import Checkin
from summits.console.dashboard import checkins_by_hour, registrations_by_day, signups_per_session
from summits.enums import RegistrationStatus, SignupStatus
from summits.models import Registration
from tests.factories import RegistrationFactory, SignupFactory, roundtable

pytestmark = pytest.mark.django_db


def test_figures_count_by_day_status_session_and_hour(summit, category):
    # Asia/Kolkata: 20:00 UTC on 1 Jan is 01:30 on 2 Jan.
    a = RegistrationFactory(summit=summit, category=category)
    b = RegistrationFactory(summit=summit, category=category, status=RegistrationStatus.PENDING)
    Registration.objects.filter(pk=a.pk).update(created=datetime(2027, 1, 1, 10, 0, tzinfo=UTC))
    Registration.objects.filter(pk=b.pk).update(created=datetime(2027, 1, 1, 20, 0, tzinfo=UTC))
    by_day = registrations_by_day(summit)
    assert [(d.isoformat(), counts) for d, counts in by_day] == [
        ("2027-01-01", {"approved": 1}),
        ("2027-01-02", {"pending": 1}),
    ]
    session = roundtable(summit, title="Undersea sensing", capacity=1)
    SignupFactory(session=session, registration=a, status=SignupStatus.CONFIRMED)
    SignupFactory(session=session, registration=b, status=SignupStatus.WAITLISTED)
    [row] = signups_per_session(summit)
    assert (row.title, row.confirmed, row.waiting) == ("Undersea sensing", 1, 1)
    checkin = Checkin.objects.create(summit=summit, registration=a)
    Checkin.objects.filter(pk=checkin.pk).update(created=datetime(2027, 2, 17, 3, 40, tzinfo=UTC))
    [(hour, n)] = checkins_by_hour(summit)
    assert (f"{hour:%d %b %H:%M}", n) == ("17 Feb 09:00", 1)


def dashboard_queries(client, summit):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/summits/{summit.slug}/manage/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_dashboard_queries_do_not_grow_with_sessions(client, summit, organizer, category):
    client.force_login(organizer)
    registration = RegistrationFactory(summit=summit, category=category)
    first = roundtable(summit, title="Session 0")
    SignupFactory(session=first, registration=registration)
    Checkin.objects.create(summit=summit, registration=registration)
    one, page = dashboard_queries(client, summit)
    assert "Session 0" in page and "Registrations by day and status" in page
    for i in range(1, 100):
        SignupFactory(session=roundtable(summit, title=f"Session {i}"), registration=registration)
    hundred, page = dashboard_queries(client, summit)
    assert "Session 99" in page
    # The session itself is read from the cache (cached_db sessions); the summit query answers
    # whether the person organizes it.
    assert one == hundred == 7


def test_session_titles_are_escaped_in_the_svg(summit):
    from summits.console.dashboard import session_chart

    roundtable(summit, title='<script>alert("x")</script>')
    svg = str(session_chart(signups_per_session(summit))["svg"])
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in svg


def test_the_day_chart_stacks_one_bar_per_status_and_day():
    from datetime import date
    from xml.etree import ElementTree

    from summits.console.dashboard import day_chart

    chart = day_chart([(date(2027, 6, 1), {"approved": 3, "pending": 1}), (date(2027, 6, 2), {"declined": 2})])
    svg = ElementTree.fromstring(str(chart["svg"]))
    groups = svg.findall("g")
    assert [g.find("title").text for g in groups] == ["01 Jun 2027: 4", "02 Jun 2027: 2"]
    first = [(r.get("class"), float(r.get("height"))) for r in groups[0].findall("rect")]
    assert first == [("chart-pending", 37.5), ("chart-approved", 112.5)]  # 150 px for the peak of 4
    assert chart["rows"] == [("01 Jun 2027", "Approved 3, Pending approval 1"), ("02 Jun 2027", "Declined 2")]
