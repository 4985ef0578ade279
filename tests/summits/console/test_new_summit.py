"""/summits/new/: who may create a summit, the wall-clock registration window, bad input."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import Permission

from summits.enums import SummitStatus
from summits.models import AuditEntry, Summit
from tests.factories import SummitFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/summits/new/"


def form(**changes):
    data = {
        "name": "Transatlantic Dual-Use Forum",
        "slug": "tduf-2027",
        "timezone": "America/New_York",
        "starts_on": "2027-11-06",
        "ends_on": "2027-11-08",
        "city": "Boston",
        "venue": "Hynes Convention Center",
        "registration_opens": "2027-09-01T09:00",
        "registration_closes": "2027-11-05T17:00",
    }
    data.update(changes)
    return data


@pytest.fixture
def creator(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    return user


def test_staff_creates_a_draft_summit_and_becomes_its_organizer(client, creator):
    response = client.post(URL, form())
    assert response.status_code == 302
    assert response["Location"] == "/summits/tduf-2027/manage/settings/"
    summit = Summit.objects.get(slug="tduf-2027")
    assert summit.status == SummitStatus.DRAFT
    assert list(summit.organizers.all()) == [creator]
    # 09:00 EDT typed is 13:00 UTC (the admin stored it as 09:00 UTC).
    assert summit.registration_opens == datetime(2027, 9, 1, 13, 0, tzinfo=UTC)
    assert summit.registration_closes == datetime(2027, 11, 5, 21, 0, tzinfo=UTC)
    assert (summit.start_date, summit.end_date) == (date(2027, 11, 6), date(2027, 11, 8))
    assert AuditEntry.objects.filter(action="summits.summit.created", summit=summit, actor=creator).count() == 1


def test_settings_show_the_window_back_with_its_offset(client, creator):
    client.post(URL, form())
    page = client.get("/summits/tduf-2027/manage/settings/").content.decode()
    assert "01 Sep 2027 09:00 (America/New_York, UTC-04:00)" in page
    assert "05 Nov 2027 17:00 (America/New_York, UTC-04:00)" in page


def test_a_user_with_the_permission_may_create(client):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="add_summit"))
    client.force_login(user)
    assert client.get(URL).status_code == 200
    assert client.post(URL, form()).status_code == 302
    assert Summit.objects.get(slug="tduf-2027").is_organizer(user)


def test_anyone_else_gets_404_and_anonymous_is_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 404
    assert client.post(URL, form()).status_code == 404
    assert not Summit.objects.filter(slug="tduf-2027").exists()


def test_repeated_hour_asks_which_one_then_takes_the_choice(client, creator):
    data = form(registration_closes="2027-11-07T01:30", ends_on="2027-11-08")
    response = client.post(URL, data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["registration_closes"] == [
        "01:30 happens twice on 7 Nov 2027 in America/New_York: choose the first (EDT, UTC−04:00) "
        "or the second (EST, UTC−05:00)."
    ]
    page = response.content.decode()
    assert 'name="closes_fold"' in page
    assert 'value="2027-11-07T01:30"' in page  # what was typed is kept
    assert not Summit.objects.exists()
    response = client.post(URL, {**data, "closes_fold": "second"})
    assert response.status_code == 302
    assert Summit.objects.get().registration_closes == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)


def test_skipped_hour_is_refused(client, creator):
    response = client.post(URL, form(registration_opens="2027-03-14T02:30"))
    assert response.status_code == 400
    assert response.context["form"].errors["registration_opens"] == [
        "14 Mar 2027 02:30 does not exist in America/New_York: the clocks skip that hour."
    ]
    assert not Summit.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": "2027-11-05"}, "ends_on", "The last day cannot come before the first day."),
        (
            {"registration_opens": "2027-11-09T09:00", "registration_closes": "2027-11-10T09:00"},
            "registration_opens",
            "Registration would open after the summit has ended.",
        ),
        (
            {"registration_closes": "2027-11-09T00:30"},
            "registration_closes",
            "Registration must close by the end of the summit's last day.",
        ),
        ({"registration_closes": "2027-08-01T09:00"}, "registration_closes", "Registration must close after it opens."),
        ({"slug": "new"}, "slug", "“new” is reserved; choose another."),
        ({"slug": "team-invitations"}, "slug", "“team-invitations” is reserved; choose another."),
        ({"timezone": "Mars/Olympus"}, "timezone", None),
        ({"name": ""}, "name", "This field is required."),
    ],
)
def test_bad_input_is_refused_at_its_field(client, creator, changes, field, message):
    response = client.post(URL, form(**changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert errors[field] == [message]
    assert not Summit.objects.exists()


def test_slug_in_use(client, creator):
    SummitFactory(slug="tduf-2027")
    response = client.post(URL, form())
    assert response.status_code == 400
    assert response.context["form"].errors["slug"] == ["Another summit already uses “tduf-2027”."]
    assert Summit.objects.count() == 1


def test_cannot_copy_from_a_summit_one_does_not_organize(client, creator):
    other = SummitFactory()
    response = client.post(URL, form(copy_from=other.pk))
    assert response.status_code == 400
    assert "copy_from" in response.context["form"].errors
    assert not Summit.objects.filter(slug="tduf-2027").exists()
