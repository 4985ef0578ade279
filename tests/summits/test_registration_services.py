from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from summits.enums import RegistrationStatus as S
from summits.enums import SummitStatus
from summits.errors import RegistrationError
from summits.models import AuditEntry
from summits.registration.services import (
    cancel_registration,
    register_attendee,
    set_registration_status,
)
from tests.factories import CategoryFactory, RegistrationFactory, SummitFactory, UserFactory

DETAILS = {"badge_name": "Ananya Rao", "organisation": "Skyroot", "country_of_citizenship": "IN"}

pytestmark = pytest.mark.django_db


def register(user, summit, category, **details):
    return register_attendee(user=user, summit=summit, category=category, details={**DETAILS, **details})


def test_open_category_approves_at_once_and_mails(summit, category, attendee):
    registration = register(attendee, summit, category)
    assert registration.status == S.APPROVED
    assert [m.to for m in mail.outbox] == [[attendee.email]]
    assert mail.outbox[0].subject == f"{summit.name}: your registration is approved"
    assert AuditEntry.objects.filter(action="summits.registration.created", object_id=str(registration.pk)).count() == 1


def test_category_that_needs_approval_starts_pending(summit, attendee):
    category = CategoryFactory(summit=summit, needs_approval=True)
    assert register(attendee, summit, category).status == S.PENDING


def test_draft_summit_refuses_registration(attendee):
    summit = SummitFactory(status=SummitStatus.DRAFT)
    with pytest.raises(RegistrationError) as error:
        register(attendee, summit, CategoryFactory(summit=summit))
    assert error.value.code == "not_published"


def test_registration_before_window_is_refused_with_opening_time(attendee):
    opens = datetime(2030, 1, 10, 4, 30, tzinfo=UTC)
    summit = SummitFactory(registration_opens=opens, registration_closes=opens + timedelta(days=10))
    with pytest.raises(RegistrationError) as error:
        register(attendee, summit, CategoryFactory(summit=summit))
    assert error.value.code == "not_open_yet"
    assert error.value.message == "Registration opens on 10 January 2030 at 10:00 (Asia/Kolkata)."


def test_registration_after_window_is_refused(attendee):
    summit = SummitFactory(
        registration_opens=datetime(2020, 1, 1, tzinfo=UTC), registration_closes=datetime(2020, 2, 1, tzinfo=UTC)
    )
    with pytest.raises(RegistrationError) as error:
        register(attendee, summit, CategoryFactory(summit=summit))
    assert error.value.code == "closed"


def test_category_of_another_summit_is_refused(summit, attendee):
    with pytest.raises(RegistrationError) as error:
        register(attendee, summit, CategoryFactory())
    assert error.value.code == "wrong_category"


def test_second_registration_for_same_summit_is_refused(registration):
    with pytest.raises(RegistrationError) as error:
        register(registration.user, registration.summit, registration.category)
    assert error.value.code == "already_registered"


def test_full_category_waitlists_then_promotes_first_in_line(summit):
    category = CategoryFactory(summit=summit, capacity=2)
    first, second = (register(UserFactory(), summit, category) for _ in range(2))
    third = register(UserFactory(), summit, category)
    fourth = register(UserFactory(), summit, category)
    assert [r.status for r in (first, second, third, fourth)] == [S.APPROVED, S.APPROVED, S.WAITLISTED, S.WAITLISTED]

    mail.outbox.clear()
    cancel_registration(first, actor=first.user)

    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status) == (S.APPROVED, S.WAITLISTED)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.user.email, third.user.email])


def test_promotion_into_approval_category_goes_to_pending(summit):
    category = CategoryFactory(summit=summit, capacity=1, needs_approval=True)
    first = register(UserFactory(), summit, category)
    waiting = register(UserFactory(), summit, category)
    set_registration_status(first, S.DECLINED)
    waiting.refresh_from_db()
    assert waiting.status == S.PENDING


def test_approving_into_a_full_category_is_refused(summit):
    category = CategoryFactory(summit=summit, capacity=1)
    register(UserFactory(), summit, category)
    waiting = register(UserFactory(), summit, category)
    with pytest.raises(RegistrationError) as error:
        set_registration_status(waiting, S.APPROVED)
    assert error.value.code == "category_full"


def test_cancelled_registration_cannot_be_approved(registration):
    cancel_registration(registration, actor=registration.user)
    with pytest.raises(RegistrationError) as error:
        set_registration_status(registration, S.APPROVED)
    assert error.value.code == "invalid_transition"


def test_status_change_writes_audit_entry_and_mails(summit, organizer):
    registration = RegistrationFactory(summit=summit, status=S.PENDING)
    set_registration_status(registration, S.APPROVED, actor=organizer, reason="Checked")
    entry = AuditEntry.objects.get(action="summits.registration.approved")
    assert (entry.actor, entry.summit, entry.data) == (organizer, summit, {"previous": "pending", "reason": "Checked"})
    assert mail.outbox[-1].subject == f"{summit.name}: your registration is approved"


def test_registering_again_after_cancelling_reopens_the_same_row(registration):
    cancel_registration(registration, actor=registration.user)
    again = register(registration.user, registration.summit, registration.category, badge_name="New Name")
    assert (again.pk, again.status, again.badge_name) == (registration.pk, S.APPROVED, "New Name")
