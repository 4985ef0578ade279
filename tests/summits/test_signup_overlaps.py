"""The overlap rule of sign-ups, read in the same aggregate as the seats (summits/agenda/signups.py)."""

from datetime import timedelta

import pytest

from summits.agenda.signups import cancel_signup, sign_up_for_session
from summits.enums import SignupStatus
from summits.errors import SignupError
from summits.models import SessionSignup
from tests.factories import roundtable
from tests.summits.helpers import attendee_of

pytestmark = pytest.mark.django_db


def sign_up(registration, session):
    return sign_up_for_session(registration=registration, session=session)


def test_a_place_in_line_blocks_an_overlapping_signup_and_a_cancelled_one_does_not(summit):
    full = roundtable(summit, capacity=1)
    sign_up(attendee_of(summit), full)
    registration = attendee_of(summit)
    assert sign_up(registration, full).status == SignupStatus.WAITLISTED
    overlapping = roundtable(summit, starts_at=full.starts_at + timedelta(minutes=30))
    with pytest.raises(SignupError) as error:
        sign_up(registration, overlapping)
    assert error.value.code == "overlap"
    cancel_signup(SessionSignup.objects.get(registration=registration, session=full))
    assert sign_up(registration, overlapping).status == SignupStatus.CONFIRMED
    # Back in line for the full session: refused as overlapping now, the other way round.
    with pytest.raises(SignupError) as error:
        sign_up(registration, full)
    assert error.value.code == "overlap"
