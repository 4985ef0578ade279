"""manage/settings, rooms, categories, questions: 404 outside the team, bad input, deletions refused."""

from datetime import UTC, datetime

import pytest

from summits.enums import QuestionKind
from summits.models import AuditEntry, RegistrationCategory, RegistrationQuestion, Room
from tests.factories import (
    CategoryFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SummitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, organizer):
    client.force_login(organizer)
    return client


PAGES = ["settings/", "rooms/", "categories/", "questions/", "team/", "publish/"]


@pytest.mark.parametrize("page", PAGES)
def test_pages_are_404_to_anyone_off_the_team(client, summit, page):
    url = f"/summits/{summit.slug}/manage/{page}"
    assert client.get(url).status_code == 404  # anonymous: as for every organizer page
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 404
    assert client.post(url, {"publish": "1", "name": "X"}).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_organizer_of_another_summit_cannot_touch_this_one(client, summit, page):
    other_summit_organizer = UserFactory(is_staff=True)
    SummitFactory(organizers=[other_summit_organizer])
    client.force_login(other_summit_organizer)
    assert client.get(f"/summits/{summit.slug}/manage/{page}").status_code == 404


def test_room_of_another_summit_is_404(signed_in, summit):
    room = RoomFactory()
    assert signed_in.get(f"/summits/{summit.slug}/manage/rooms/{room.pk}/").status_code == 404
    assert signed_in.post(f"/summits/{summit.slug}/manage/rooms/{room.pk}/", {"delete": "1"}).status_code == 404
    assert Room.objects.filter(pk=room.pk).exists()


def test_add_a_room_and_see_it_listed(signed_in, summit, organizer):
    url = f"/summits/{summit.slug}/manage/rooms/"
    data = {"item-name": "Hall A", "item-capacity": "300", "item-opens_at": "08:00", "item-closes_at": "19:00"}
    data["item-position"] = "1"
    assert signed_in.post(url, data).status_code == 302
    room = Room.objects.get(summit=summit, name="Hall A")
    assert (room.capacity, str(room.opens_at), str(room.closes_at)) == (300, "08:00:00", "19:00:00")
    assert "Hall A</strong> · 300 seats · 08:00–19:00" in signed_in.get(url).content.decode()
    assert AuditEntry.objects.filter(action="summits.room.created", actor=organizer).count() == 1


@pytest.mark.parametrize(
    ("opens", "closes", "field", "message"),
    [
        ("09:00", "09:00", "closes_at", "The room would have no hours: it must close after it opens."),
        ("18:00", "09:00", "closes_at", "The room would have no hours: it must close after it opens."),
        ("09:00", "", "closes_at", "Give both opening and closing times, or neither (open all day)."),
        ("25:00", "09:00", "opens_at", "Enter a valid time."),
    ],
)
def test_room_without_hours_is_refused(signed_in, summit, opens, closes, field, message):
    data = {"item-name": "Hall B", "item-opens_at": opens, "item-closes_at": closes, "item-position": "0"}
    response = signed_in.post(f"/summits/{summit.slug}/manage/rooms/", data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert 'value="Hall B"' in response.content.decode()
    assert not Room.objects.filter(name="Hall B").exists()


def test_room_name_in_use_in_this_summit(signed_in, summit):
    RoomFactory(summit=summit, name="Hall A")
    RoomFactory(name="Hall C")  # another summit's: no clash
    url = f"/summits/{summit.slug}/manage/rooms/"
    response = signed_in.post(url, {"item-name": "hall a", "item-position": "0"})
    assert response.context["form"].errors["name"] == ["This summit already has one called “hall a”."]
    assert signed_in.post(url, {"item-name": "Hall C", "item-position": "0"}).status_code == 302


def test_room_holding_sessions_is_not_deleted(signed_in, summit):
    room = RoomFactory(summit=summit, name="Hall A")
    SessionFactory(summit=summit, room=room, title="Opening plenary")
    response = signed_in.post(f"/summits/{summit.slug}/manage/rooms/{room.pk}/", {"delete": "1"})
    assert response.status_code == 400
    assert response.context["refusal"] == "“Hall A” holds sessions: Opening plenary. Move them first."
    assert Room.objects.filter(pk=room.pk).exists()


def test_category_held_by_people_is_refused_naming_them(signed_in, summit):
    category = CategoryFactory(summit=summit, name="Media")
    for name in ("Zoë Ng", "Asha Rao"):
        RegistrationFactory(summit=summit, category=category, badge_name=name)
    response = signed_in.post(f"/summits/{summit.slug}/manage/categories/{category.pk}/", {"delete": "1"})
    assert response.status_code == 400
    assert response.context["refusal"] == (
        "“Media” is held by 2 registration(s): Asha Rao, Zoë Ng. Move them to another category first."
    )
    assert RegistrationCategory.objects.filter(pk=category.pk).exists()


def test_empty_category_is_deleted_and_audited(signed_in, summit, organizer):
    category = CategoryFactory(summit=summit, name="Media")
    response = signed_in.post(f"/summits/{summit.slug}/manage/categories/{category.pk}/", {"delete": "1"})
    assert response.status_code == 302
    assert not RegistrationCategory.objects.filter(pk=category.pk).exists()
    assert AuditEntry.objects.filter(action="summits.category.deleted", actor=organizer).count() == 1


def test_category_with_approval_capacity_and_invitation(signed_in, summit):
    data = {
        "item-name": "Government",
        "item-kind": "government",
        "item-needs_approval": "on",
        "item-capacity": "40",
        "item-invitation_only": "on",
        "item-badge_colour": "#CF222E",
        "item-position": "2",
    }
    assert signed_in.post(f"/summits/{summit.slug}/manage/categories/", data).status_code == 302
    category = RegistrationCategory.objects.get(summit=summit, name="Government")
    assert (category.needs_approval, category.capacity, category.invitation_only) == (True, 40, True)
    assert category.badge_colour == "#cf222e"
    response = signed_in.post(
        f"/summits/{summit.slug}/manage/categories/", {**data, "item-name": "X", "item-badge_colour": "red"}
    )
    assert response.context["form"].errors["badge_colour"] == [
        "Give a colour as # and six hex digits, such as #0b5cad."
    ]


def test_question_shown_only_for_an_answer(signed_in, summit):
    nationality = RegistrationQuestion.objects.create(
        summit=summit, label="Nationality", kind=QuestionKind.CHOICE, choices="Indian\nAmerican\nOther"
    )
    url = f"/summits/{summit.slug}/manage/questions/"
    data = {"item-label": "Passport number", "item-kind": "text", "item-position": "2", "item-shown_if": nationality.pk}
    response = signed_in.post(url, {**data, "item-shown_if_value": "Martian"})
    assert response.status_code == 400
    assert response.context["form"].errors["shown_if_value"] == [
        "“Nationality” has no answer “Martian”; its answers are: Indian, American, Other."
    ]
    assert signed_in.post(url, {**data, "item-shown_if_value": "other"}).status_code == 302
    question = RegistrationQuestion.objects.get(label="Passport number")
    assert (question.shown_if, question.shown_if_value) == (nationality, "Other")
    assert "only when “Nationality” is “Other”" in signed_in.get(url).content.decode()


def test_choice_question_needs_choices(signed_in, summit):
    response = signed_in.post(
        f"/summits/{summit.slug}/manage/questions/",
        {"item-label": "T-shirt", "item-kind": "choice", "item-position": "0"},
    )
    assert response.context["form"].errors["choices"] == ["A “one of a list” question needs at least one choice."]


def test_settings_change_the_window_in_the_summit_zone(signed_in, summit):
    url = f"/summits/{summit.slug}/manage/settings/"
    data = {
        "name": summit.name,
        "slug": summit.slug,
        "timezone": "Asia/Kolkata",
        "starts_on": "2027-02-10",
        "ends_on": "2027-02-11",
        "city": "Bengaluru",
        "venue": "BIEC",
        "registration_opens": "2027-01-01T09:00",
        "registration_closes": "2027-02-09T18:00",
        "description": "Two days.",
        "status": "published",
    }
    response = signed_in.post(url, data)
    assert response.status_code == 302
    summit.refresh_from_db()
    assert summit.registration_opens == datetime(2027, 1, 1, 3, 30, tzinfo=UTC)
    assert summit.description == "Two days."
