import re
from pathlib import Path

import pytest
from django.core.management import call_command

from summits.enums import Restriction
from summits.models import Registration, Session, Summit

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


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
    # `make run` prints every account the README's quick start lists.
    quick_start = README.read_text().split("`make run` prints the demo accounts")[1].split("\n\n")[0]
    accounts = re.findall(r"`([\w.-]+@conclave\.example)`", quick_start)
    assert accounts == [
        "organizer@conclave.example",
        "attendee@conclave.example",
        "us-lead@conclave.example",
        "in-lead@conclave.example",
    ]
    for email in accounts:
        assert f"{email} / conclave-demo-2027" in out, email
