"""Pages: query counts that do not grow, the organizer's run and grid, the table plan PDF,
organizer pages closed to others, the feed state query with meetings."""

import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import scheduling
from meetings.models import Meeting, ScheduleRun, TechArea
from tests.factories import UserFactory

from .helpers import accepted, block, person, tables

pytestmark = pytest.mark.django_db


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["directory", "requests"])
def test_attendee_pages_query_count_does_not_grow(client, summit, name):
    area = TechArea.objects.create(summit=summit, name="AI at the edge")
    me = person(summit)
    me.meeting_profile.seek_areas.add(area)
    client.force_login(me.user)
    url = reverse(f"meetings:{name}", kwargs={"slug": summit.slug})

    def grow(n):
        for _ in range(n):
            other = person(summit, "prime")
            other.meeting_profile.offer_areas.add(area)
            accepted(me, other)

    grow(1)
    one = count(client, url)
    grow(19)
    assert count(client, url) == one


def test_organizer_runs_the_scheduler_in_the_background_and_sees_the_grid(
    client, summit, organizer, django_capture_on_commit_callbacks
):
    t = tables(summit, 2)
    b = block(summit, t, start=(10, 0), end=(11, 0), slot=20, name="Morning")
    a, c = person(summit, badge_name="Asha Rao"), person(summit, "prime", badge_name="Ben Cole")
    accepted(a, c)
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meetings:manage-run", kwargs={"slug": summit.slug}), {"keep_confirmed": "on", "time_limit": 5}
        )
    assert response.status_code == 302
    run = ScheduleRun.objects.get()  # the immediate backend ran it on commit
    assert (run.status, run.progress, run.summary["placed"], run.summary["unplaced"]) == ("done", 100, 1, 0)
    page = client.get(reverse("meetings:manage", kwargs={"slug": summit.slug})).content.decode()
    assert "Placed 1, unplaced 0; objective 2, proven bound 2" in page
    assert "Hosts change tables 0 times; 0 people who could meet someone have no meeting." in page
    assert "Asha Rao · Ben Cole" in page
    pdf = client.get(reverse("meetings:table-plan", kwargs={"slug": summit.slug, "pk": b.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
    pages = text.split("\f")
    # Any of the three slots is optimal for a single meeting: the plan shows the one chosen.
    meeting = Meeting.objects.select_related("table").get()
    when = f"{meeting.starts_at.astimezone(summit.tz):%H:%M}–{meeting.ends_at.astimezone(summit.tz):%H:%M}"
    used, empty = (0, 1) if meeting.table.name == "T1" else (1, 0)
    assert f"Table {meeting.table.name}" in pages[used] and "Asha Rao" in pages[used] and when in pages[used]
    assert "No meeting at this table." in pages[empty]


def test_organizer_pages_are_404_to_others(client, summit):
    b = block(summit, tables(summit, 1))
    client.force_login(person(summit).user)
    for url in [
        reverse("meetings:manage", kwargs={"slug": summit.slug}),
        reverse("meetings:table-plan", kwargs={"slug": summit.slug, "pk": b.pk}),
    ]:
        assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("meetings:manage", kwargs={"slug": summit.slug})).status_code == 404


def test_move_form_refuses_a_taken_table_with_400(client, summit, organizer):
    t = tables(summit, 1)
    block(summit, t, start=(10, 0), end=(10, 40), slot=20)
    r1 = accepted(person(summit), person(summit, "prime"))
    r2 = accepted(person(summit), person(summit, "prime"))
    scheduling.run_schedule(summit=summit, time_limit=5)
    first, second = Meeting.objects.order_by("starts_at")
    client.force_login(organizer)
    url = reverse("meetings:manage-move", kwargs={"slug": summit.slug, "pk": second.pk})
    response = client.post(url, {"slot": first.starts_at.isoformat(), "table": t[0].pk, "pin": "on"})
    assert response.status_code == 400
    assert "That table is taken at that time." in response.content.decode()
    assert Meeting.objects.get(pk=second.pk).starts_at == second.starts_at
    assert {r1.pk, r2.pk} == set(Meeting.objects.values_list("request_id", flat=True))


def test_ids_out_of_range_or_of_another_summit_are_404(client, summit, organizer):
    from tests.factories import SummitFactory

    other = SummitFactory()
    theirs = block(other, tables(other, 1))
    client.force_login(organizer)
    huge = 2**64
    for name, pk in [("table-plan", theirs.pk), ("table-plan", huge), ("manage-move", huge)]:
        assert client.get(reverse(f"meetings:{name}", kwargs={"slug": summit.slug, "pk": pk})).status_code == 404
    me = person(summit)
    client.force_login(me.user)
    url = reverse("meetings:request", kwargs={"slug": summit.slug, "pk": huge})
    assert client.get(url).status_code == 404


def test_private_feed_query_count_is_the_same_for_1_and_20_meetings(client, summit, organizer, settings):
    from django.core.cache import cache

    from summits.calendar import tokens as feed_tokens

    settings.FEED_STATE_SECONDS = 0
    cache.clear()
    t = tables(summit, 2)
    block(summit, t, start=(9, 0), end=(17, 0), slot=20)  # 24 slots
    me = person(summit)
    token = feed_tokens.renew_feed_token(me, actor=me.user)
    url = reverse("summits:personal-feed", kwargs={"slug": summit.slug, "token": token.token})

    def grow(n):
        for _ in range(n):
            accepted(me, person(summit, "prime"))
        scheduling.run_schedule(summit=summit, time_limit=5)
        scheduling.publish_schedule(summit=summit, actor=organizer)
        cache.clear()

    grow(1)
    one = count(client, url)
    assert client.get(url).content.decode().count("BEGIN:VEVENT") == 1
    grow(19)
    assert count(client, url) == one
    assert client.get(url).content.decode().count("UID:meeting-") == 20
