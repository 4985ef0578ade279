"""Requests and the directory: who may ask whom, who sees what, bad input stores nothing."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.errors import MeetingError
from meetings.models import MeetingBlock, MeetingRequest
from summits.enums import RegistrationStatus
from tests.factories import SummitFactory

from .helpers import block, local, person, tables

pytestmark = pytest.mark.django_db


def test_request_to_oneself_unlisted_other_summit_and_duplicate_are_refused(summit):
    a, b = person(summit), person(summit, "prime")
    hidden = person(summit, "prime", opted_in=False)
    elsewhere = person(SummitFactory(), "prime")
    cases = [(a, "self"), (hidden, "not_opted_in"), (elsewhere, "other_summit")]
    for recipient, code in cases:
        with pytest.raises(MeetingError) as error:
            services.send_request(requester=a, recipient=recipient)
        assert error.value.code == code
    services.send_request(requester=a, recipient=b, message="Hello", priority=3)
    for requester, recipient in [(a, b), (b, a)]:
        with pytest.raises(MeetingError) as error:
            services.send_request(requester=requester, recipient=recipient)
        assert error.value.code == "duplicate"
    assert list(MeetingRequest.objects.values_list("requester", "recipient", "priority")) == [(a.pk, b.pk, 3)]


def test_request_form_refuses_with_400_and_keeps_the_message(client, summit):
    a = person(summit)
    client.force_login(a.user)
    response = client.post(
        reverse("meetings:request", kwargs={"slug": summit.slug, "pk": a.pk}), {"message": "Typed", "priority": 2}
    )
    assert response.status_code == 400
    assert "Typed" in response.content.decode()
    assert "You cannot ask yourself for a meeting." in response.content.decode()
    assert MeetingRequest.objects.count() == 0


def test_directory_only_for_approved_registrants_and_only_opted_in_people_of_the_summit(client, summit):
    me = person(summit, "startup")
    listed = person(summit, "prime", badge_name="Listed Prime")
    person(summit, "prime", opted_in=False, badge_name="Hidden Prime")
    person(SummitFactory(), "prime", badge_name="Other Summit Prime")
    pending = person(summit, "startup", status=RegistrationStatus.PENDING)
    url = reverse("meetings:directory", kwargs={"slug": summit.slug})
    client.force_login(pending.user)
    assert client.get(url).status_code == 403
    client.force_login(me.user)
    page = client.get(url).content.decode()
    assert "Listed Prime" in page
    assert "Hidden Prime" not in page and "Other Summit Prime" not in page
    assert listed.user.email not in page  # email hidden unless chosen
    profile = listed.meeting_profile
    profile.show_email = True
    profile.save()
    assert listed.user.email in client.get(url).content.decode()


def test_suggestions_show_the_reason(client, summit):
    from meetings.models import TechArea

    comms = TechArea.objects.create(summit=summit, name="Underwater communications")
    me, other = person(summit, "startup"), person(summit, "prime", badge_name="Sonar Prime")
    me.meeting_profile.seek_areas.add(comms)
    other.meeting_profile.offer_areas.add(comms)
    client.force_login(me.user)
    page = client.get(reverse("meetings:directory", kwargs={"slug": summit.slug})).content.decode()
    assert "Suggested for you" in page
    assert "you seek: Underwater communications; they offer: Underwater communications" in page


def test_declined_request_looks_expired_to_the_requester(client, summit):
    a, b = person(summit), person(summit, "prime")
    request = services.send_request(requester=a, recipient=b)
    services.answer_request(request=request, by=b, accept=False)
    client.force_login(a.user)
    page = client.get(reverse("meetings:requests", kwargs={"slug": summit.slug})).content.decode()
    assert "Declined" not in page and "Expired" in page


def test_block_outside_summit_overlapping_or_uneven_is_refused(summit):
    t = tables(summit, 2)
    block(summit, t, start=(10, 0), end=(11, 0), slot=20)
    with pytest.raises(MeetingError) as error:
        block(summit, t, day=5)
    assert error.value.code == "outside_summit"
    with pytest.raises(MeetingError) as error:
        block(summit, t[:1], start=(10, 30), end=(11, 30))
    assert error.value.code == "overlap"
    with pytest.raises(MeetingError) as error:
        block(summit, t, start=(12, 0), end=(13, 0), slot=25)
    assert error.value.code == "slot_length"
    block(summit, t, start=(12, 0), end=(12, 55), slot=15, buffer=5)  # 15+5+15+5+15
    assert MeetingBlock.objects.count() == 2


def test_block_form_error_keeps_the_input(client, summit, organizer):
    t = tables(summit, 1)
    client.force_login(organizer)
    day = summit.start_date.isoformat()
    data = {"name": "Uneven", "day": day, "start": "10:00", "end": "11:00", "slot_minutes": 25, "buffer_minutes": 0}
    response = client.post(
        reverse("meetings:manage-block-create", kwargs={"slug": summit.slug}), {**data, "tables": [t[0].pk]}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "do not fill the 60-minute block" in page and 'value="Uneven"' in page
    assert MeetingBlock.objects.count() == 0
    assert local(summit, 0, 10).date() == summit.start_date
