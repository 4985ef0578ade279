"""Organizers write a Hindi version beside the English: the console saves both, shows the
English original in the plain field even on a Hindi page, and Hindi readers see the Hindi."""

import pytest

from accounts.models import Preferences
from summits.models import Room, Summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def hindi_organizer(client, organizer):
    Preferences.objects.create(user=organizer, language="hi")
    client.force_login(organizer)
    return client


def test_a_room_gets_a_hindi_name_and_editing_in_hindi_keeps_the_english(hindi_organizer, summit):
    url = f"/summits/{summit.slug}/manage/rooms/"
    data = {"item-name": "Hall A", "item-name_hi": "हॉल ए", "item-position": "0"}
    assert hindi_organizer.post(url, data).status_code == 302
    room = Room.objects.get(summit=summit)
    assert (room.name_en, room.name_hi) == ("Hall A", "हॉल ए")
    page = hindi_organizer.get(f"{url}{room.pk}/").text
    assert 'name="item-name" value="Hall A"' in page
    assert 'value="हॉल ए"' in page and 'lang="hi"' in page
    data = {"item-name": "Hall A1", "item-name_hi": "", "item-position": "0"}
    assert hindi_organizer.post(f"{url}{room.pk}/", data).status_code == 302
    room.refresh_from_db()
    assert (room.name_en, room.name_hi) == ("Hall A1", None)


def test_a_hindi_room_name_in_use_is_said_at_the_field(hindi_organizer, summit):
    Room.objects.create(summit=summit, name="Hall A", name_hi="हॉल ए")
    url = f"/summits/{summit.slug}/manage/rooms/"
    response = hindi_organizer.post(url, {"item-name": "Hall B", "item-name_hi": "हॉल ए", "item-position": "0"})
    assert response.status_code == 400
    assert "Hall B" in response.text  # what was typed is kept
    assert Room.objects.filter(summit=summit).count() == 1


def test_summit_settings_save_the_hindi_name_and_readers_see_it(hindi_organizer, client, summit):
    page = hindi_organizer.get(f"/summits/{summit.slug}/manage/settings/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(name=summit.name_en, name_hi="भारत शिखर सम्मेलन", description_hi="हिन्दी विवरण")
    for name in ("registration_opens", "registration_closes"):
        data[name] = form[name].value().strftime("%Y-%m-%dT%H:%M")
    response = hindi_organizer.post(f"/summits/{summit.slug}/manage/settings/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    summit = Summit.objects.get(pk=summit.pk)
    assert summit.name_hi == "भारत शिखर सम्मेलन" and summit.name_en != "भारत शिखर सम्मेलन"
    hindi_organizer.logout()
    assert "भारत शिखर सम्मेलन" in hindi_organizer.get(f"/summits/{summit.slug}/", HTTP_ACCEPT_LANGUAGE="hi").text
    assert "भारत शिखर सम्मेलन" not in hindi_organizer.get(f"/summits/{summit.slug}/", HTTP_ACCEPT_LANGUAGE="en").text
