"""Organizers' texts in English and Hindi: reads follow the language, writes and queries are English."""

import pytest
from django.utils import translation

from summits.models import Room, Session, Summit
from tests.factories import RoomFactory, SessionFactory, SummitFactory

pytestmark = pytest.mark.django_db


def test_a_hindi_reader_sees_the_hindi_text_and_the_english_where_there_is_none():
    summit = SummitFactory(name="Defence Summit", name_hi="रक्षा शिखर सम्मेलन", description="English only")
    summit = Summit.objects.get(pk=summit.pk)
    with translation.override("hi"):
        assert summit.name == "रक्षा शिखर सम्मेलन"
        assert summit.description == "English only"
    with translation.override("en"):
        assert summit.name == "Defence Summit"


def test_writes_in_a_hindi_request_change_the_english_original_only():
    summit = SummitFactory(name="Defence Summit", name_hi="रक्षा शिखर सम्मेलन")
    with translation.override("hi"):
        summit.name = "Defence Summit 2027"
        summit.save()
        room = Room.objects.create(summit=summit, name="Hall A")
    summit.refresh_from_db()
    room.refresh_from_db()
    assert (summit.name_en, summit.name_hi) == ("Defence Summit 2027", "रक्षा शिखर सम्मेलन")
    assert (room.name_en, room.name_hi) == ("Hall A", None)
    with translation.override("hi"):
        assert room.name == "Hall A"


def test_queries_in_a_hindi_request_look_at_the_english_original():
    summit = SummitFactory()
    RoomFactory(summit=summit, name="Hall B", name_hi="हॉल बी")
    RoomFactory(summit=summit, name="Hall A", name_hi="हॉल ए")
    with translation.override("hi"):
        assert Room.objects.filter(summit=summit, name="Hall A").count() == 1
        assert list(Room.objects.filter(summit=summit).order_by("name").values_list("name", flat=True)) == [
            "Hall A",
            "Hall B",
        ]
        Room.objects.filter(summit=summit, name="Hall A").update(name="Hall C")
    assert Room.objects.get(summit=summit, name_en="Hall C").name_hi == "हॉल ए"


def test_a_session_loaded_in_one_query_shows_both_languages_without_more(django_assert_num_queries):
    session = SessionFactory(title="Roundtable", title_hi="गोलमेज़")
    with django_assert_num_queries(1):
        loaded = Session.objects.get(pk=session.pk)
        with translation.override("hi"):
            assert loaded.title == "गोलमेज़"
        assert loaded.title == "Roundtable"
