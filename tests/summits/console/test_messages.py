"""manage/messages/: segments, count and preview, queueing, the worker's deliveries, closed sessions."""

import pytest
from django.core import mail

from badges.models import Checkin
from summits.enums import RegistrationStatus, Restriction, SignupStatus
from summits.models import MessageDelivery, OrganizerMessage
from tests.factories import (
    CategoryFactory,
    DelegationFactory,
    MembershipFactory,
    RegistrationFactory,
    SessionFactory,
    SignupFactory,
    SummitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, organizer):
    client.force_login(organizer)
    return client


def url(summit):
    return f"/summits/{summit.slug}/manage/messages/"


def people(summit, category, names, **fields):
    return [RegistrationFactory(summit=summit, category=category, badge_name=n, **fields) for n in names]


def test_preview_counts_the_segment_and_sends_nothing(signed_in, summit, category):
    people(summit, category, ["Asha", "Bela"])
    people(summit, category, ["Chen"], status=RegistrationStatus.PENDING)
    response = signed_in.post(
        url(summit), {"status": "approved", "subject": "Dinner", "body": "At 19:00.", "preview": "1"}
    )
    assert response.status_code == 200
    assert response.context["preview"]["count"] == 2
    assert response.context["preview"]["names"] == ["Asha", "Bela"]
    assert "2 people will receive it" in response.content.decode()
    assert not OrganizerMessage.objects.exists() and mail.outbox == []


def test_send_queues_and_the_worker_delivers(
    signed_in, summit, category, organizer, django_capture_on_commit_callbacks
):
    regs = people(summit, category, ["Asha", "Bela", "Chen"])
    Checkin.objects.create(summit=summit, registration=regs[0])
    data = {"checked_in": "no", "subject": "Badges at gate 2", "body": "Collect them at gate 2.", "send": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url(summit), data)
    assert response.status_code == 302
    message = OrganizerMessage.objects.get()
    assert (message.recipients, message.sent, message.failed, message.state) == (2, 2, 0, "sent")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in regs[1:])
    assert {m.subject for m in mail.outbox} == {"Badges at gate 2"}
    assert set(MessageDelivery.objects.values_list("state", flat=True)) == {"sent"}
    page = signed_in.get(url(summit)).content.decode()
    assert "Sent: 2 of 2 sent, 0 failed" in page


def test_segment_by_category_and_delegation(signed_in, summit, category):
    other = CategoryFactory(summit=summit, name="Media")
    people(summit, category, ["Asha"])
    people(summit, other, ["Bela"])
    delegation = DelegationFactory(summit=summit, category=category)
    member = people(summit, category, ["Dev"])[0]
    MembershipFactory(delegation=delegation, user=member.user)
    base = {"subject": "S", "body": "B", "preview": "1"}
    assert signed_in.post(url(summit), {**base, "category": other.pk}).context["preview"]["names"] == ["Bela"]
    assert signed_in.post(url(summit), {**base, "delegation": delegation.pk}).context["preview"]["names"] == ["Dev"]


def test_restricted_session_reaches_only_those_who_may_see_it(signed_in, summit, category):
    session = SessionFactory(
        summit=summit, title="ITAR briefing", restriction=Restriction.US_PERSONS, needs_signup=True
    )
    verified = RegistrationFactory(summit=summit, category=category, badge_name="Sam", is_us_person=True)
    unverified = RegistrationFactory(
        summit=summit, category=category, badge_name="Una", is_us_person=True, verified=False
    )
    for registration in (verified, unverified):
        SignupFactory(session=session, registration=registration, status=SignupStatus.CONFIRMED)
    response = signed_in.post(url(summit), {"session": session.pk, "subject": "S", "body": "B", "preview": "1"})
    assert response.context["preview"]["names"] == ["Sam"]


def test_empty_segment_is_refused_and_nothing_queued(signed_in, summit, category):
    response = signed_in.post(url(summit), {"status": "declined", "subject": "S", "body": "B", "send": "1"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["Nobody is in this segment: the message was not queued."]
    assert not OrganizerMessage.objects.exists()


def test_foreign_category_and_missing_subject_are_field_errors(signed_in, summit):
    foreign = CategoryFactory(summit=SummitFactory())
    response = signed_in.post(url(summit), {"category": foreign.pk, "body": "B", "send": "1"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"category", "subject"}


def test_messages_page_is_404_outside_the_team(client, summit):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url(summit)).status_code == 404
