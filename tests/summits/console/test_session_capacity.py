"""A session's seat limit without sign-ups is refused at the field (it would limit nothing)."""

import pytest

from summits.models import Session
from tests.factories import RoomFactory
from tests.summits.test_agenda_builder import form_data

pytestmark = pytest.mark.django_db


def test_capacity_without_signup_is_refused_at_the_field(client, summit, organizer):
    client.force_login(organizer)
    room = RoomFactory(summit=summit)
    url = f"/summits/{summit.slug}/manage/agenda/sessions/new/"
    data = form_data(summit, room)
    del data["needs_signup"]
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["capacity"] == [
        "A seat limit needs sign-ups: tick “Attendees sign up”, or leave this empty."
    ]
    assert 'value="Roundtable on undersea sensing"' in response.content.decode()
    assert not Session.objects.exists()
    data["capacity"] = ""
    assert client.post(url, data).status_code == 302
    assert Session.objects.get().capacity is None
