import pytest
from django.core.management import call_command

from summits.enums import Restriction
from summits.models import Registration, Session, Summit

pytestmark = pytest.mark.django_db


def test_seed_demo_is_realistic_and_idempotent(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    summit = Summit.objects.get(slug="bengaluru-2027")
    assert summit.timezone == "Asia/Kolkata"
    assert summit.rooms.count() == 6
    assert Session.objects.filter(summit=summit).count() == 40
    assert Session.objects.filter(summit=summit, kind="roundtable").exclude(restriction=Restriction.OPEN).exists()
    assert Registration.objects.filter(summit=summit).count() == 201
    assert Registration.objects.filter(summit=summit, badge_name__regex=r"[\u0900-\u097F]").exists()
    # The U.S. attendees are verified by the demo organizer, so the demo shows them restricted sessions.
    us = Registration.objects.filter(summit=summit, is_us_person=True)
    assert {(r.eligibility_verified, r.eligibility_checked_by.email) for r in us} == {
        (True, "organizer@conclave.example")
    }
    out = capsys.readouterr().out
    assert "organizer@conclave.example / conclave-demo-2027" in out
