"""The agenda builder asks which occurrence of a repeated time is meant, as the itinerary does.

7 Nov 2027 in America/New_York: 01:30 is 01:30 EDT (05:30 UTC) and, an hour later, 01:30 EST (06:30 UTC).
"""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from summits.agenda.forms import MoveForm, SessionForm
from summits.models import Session
from tests.factories import RoomFactory, SessionFactory, SummitFactory, UserFactory
from tests.rendered_form import RenderedForm

pytestmark = pytest.mark.django_db

NY_FIRST = datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
NY_SECOND = datetime(2027, 11, 7, 6, 30, tzinfo=UTC)
NY_MESSAGE = (
    "01:30 happens twice on 7 Nov 2027 in America/New_York: "
    "choose the first (EDT, UTC\u221204:00) or the second (EST, UTC\u221205:00)."
)


@pytest.fixture
def ny():
    return SummitFactory(timezone="America/New_York", start_date=date(2027, 11, 6), end_date=date(2027, 11, 8))


@pytest.fixture
def ny_organizer(ny):
    user = UserFactory(is_staff=True)
    ny.organizers.add(user)
    return user


def night(**data):
    return {
        "title": "Night watch",
        "kind": "roundtable",
        "day": "2027-11-07",
        "start_time": "01:30",
        "end_time": "03:00",
        "restriction": "open",
        **data,
    }


def test_a_start_that_happens_twice_is_refused_naming_both_offsets_and_offers_the_choice(ny):
    form = SessionForm(night(), summit=ny)
    assert not form.is_valid()
    assert form.errors["start_time"] == [NY_MESSAGE]
    shown = [f.name for f in form.core_fields()]
    assert shown[shown.index("start_time") + 1] == "start_fold"
    assert "end_fold" not in shown  # 03:00 happens once
    assert dict(form.fields["start_fold"].choices) == {
        "first": "The first 01:30 (EDT, UTC\u221204:00), 05:30 UTC",
        "second": "The second 01:30 (EST, UTC\u221205:00), 06:30 UTC",
    }


@pytest.mark.parametrize(("choice", "instant"), [("first", NY_FIRST), ("second", NY_SECOND)])
def test_the_chosen_occurrence_is_the_instant_saved(ny, choice, instant):
    form = SessionForm(night(start_fold=choice), summit=ny)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == instant
    assert form.cleaned_data["ends_at"] == datetime(2027, 11, 7, 8, 0, tzinfo=UTC)


def test_the_first_0130_to_the_second_0115_is_forty_five_minutes(ny):
    form = SessionForm(night(end_time="01:15", start_fold="first", end_fold="second"), summit=ny)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["starts_at"], form.cleaned_data["ends_at"]) == (
        NY_FIRST,
        datetime(2027, 11, 7, 6, 15, tzinfo=UTC),
    )
    form = SessionForm(night(end_time="01:15", start_fold="second", end_fold="first"), summit=ny)
    assert not form.is_valid()
    assert form.errors["end_time"] == ["The session must end after it starts (on the same day)."]


def test_a_skipped_time_is_refused_at_the_field(ny):
    form = SessionForm(night(day="2027-03-14", start_time="02:15", end_time="04:00"), summit=ny)
    assert not form.is_valid()
    assert form.errors["start_time"] == [
        "14 Mar 2027 02:15 does not exist in America/New_York: the clocks skip that hour."
    ]
    assert "start_fold" not in [f.name for f in form.core_fields()]


def test_the_page_answers_400_keeps_what_was_typed_and_saves_nothing_until_chosen(client, ny, ny_organizer):
    client.force_login(ny_organizer)
    url = reverse("summits:session-create", args=[ny.slug])
    response = client.post(url, night(description="Keep this"))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<p class="error" id="id_start_time_error">{NY_MESSAGE}</p>' in html
    assert 'name="start_fold" value="first"' in html and 'name="start_fold" value="second"' in html
    assert 'name="end_fold"' not in html
    assert "The second 01:30 (EST, UTC\u221205:00), 06:30 UTC" in html
    typed = RenderedForm(html).data
    assert (typed["title"], typed["day"], typed["start_time"], typed["end_time"]) == (
        "Night watch",
        "2027-11-07",
        "01:30",
        "03:00",
    )
    assert "Keep this" in html
    assert "start_fold" not in typed  # nothing chosen for the person
    assert not Session.objects.exists()

    response = client.post(url, {**night(description="Keep this"), "start_fold": "second"})
    assert response.status_code == 302
    assert Session.objects.get().starts_at == NY_SECOND


def test_a_page_without_a_repeated_time_never_shows_the_choice(client, ny, ny_organizer):
    client.force_login(ny_organizer)
    html = client.get(reverse("summits:session-create", args=[ny.slug])).content.decode()
    assert "fold" not in html
    response = client.post(reverse("summits:session-create", args=[ny.slug]), night(day="2027-11-06", title=""))
    assert response.status_code == 400
    assert "fold" not in response.content.decode()


@pytest.mark.parametrize(("instant", "checked"), [(NY_SECOND, "second"), (NY_FIRST, "first")])
def test_editing_a_session_in_the_repeated_hour_preselects_its_occurrence_and_keeps_it(
    client, ny, ny_organizer, instant, checked
):
    session = SessionFactory(summit=ny, starts_at=instant, ends_at=datetime(2027, 11, 7, 8, 0, tzinfo=UTC))
    client.force_login(ny_organizer)
    url = reverse("summits:session-edit", args=[ny.slug, session.pk])
    html = client.get(url).content.decode()
    rendered = RenderedForm(html).data
    assert (rendered["day"], rendered["start_time"]) == ("2027-11-07", "01:30")
    assert rendered["start_fold"] == [checked]
    assert "end_fold" not in rendered and 'name="end_fold"' not in html

    response = client.post(url, {**rendered, "start_fold": checked})
    assert response.status_code == 302, response.content.decode()
    session.refresh_from_db()
    assert session.starts_at == instant


def test_moving_into_the_repeated_hour_needs_the_occurrence(ny):
    room = RoomFactory(summit=ny)
    session = SessionFactory(
        summit=ny,
        room=room,
        starts_at=datetime(2027, 11, 6, 14, 0, tzinfo=UTC),
        ends_at=datetime(2027, 11, 6, 15, 0, tzinfo=UTC),
    )
    data = {"room": room.pk, "day": "2027-11-07", "start_time": "01:30"}
    form = MoveForm(data, summit=ny, session=session)
    assert not form.is_valid()
    assert form.errors["start_time"] == [NY_MESSAGE]
    form = MoveForm({**data, "start_fold": "second"}, summit=ny, session=session)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["starts_at"], form.cleaned_data["ends_at"]) == (
        NY_SECOND,
        datetime(2027, 11, 7, 7, 30, tzinfo=UTC),
    )
