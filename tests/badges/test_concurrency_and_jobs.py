"""Two desks at once, and a print run through the real database queue and worker."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from badges.batches import create_badge_batch
from badges.checkin import scan_at_desk
from badges.models import Badge, BadgeBatch, Checkin
from badges.services import badge_for
from summits.models import AuditEntry
from tests.badges.helpers import decode_qr
from tests.factories import CategoryFactory, RegistrationFactory, SummitFactory, UserFactory


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_desks_scanning_the_same_badge_at_once_count_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and concurrent connections")
    summit = SummitFactory()
    staff = UserFactory()
    summit.organizers.add(staff)
    registration = RegistrationFactory(summit=summit, category=CategoryFactory(summit=summit))
    secret = badge_for(registration).secret
    for attempt in range(5):
        Checkin.objects.all().delete()
        barrier = threading.Barrier(2)
        outcomes = []

        def desk(name, barrier=barrier, outcomes=outcomes):
            try:
                barrier.wait(timeout=10)
                outcomes.append(scan_at_desk(summit=summit, raw_code=secret, staff=staff, desk=name).outcome)
            finally:
                connection.close()

        threads = [threading.Thread(target=desk, args=(f"Desk {n}",)) for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes) == ["already_checked_in", "checked_in"], attempt
        assert Checkin.objects.filter(registration=registration).count() == 1
    assert AuditEntry.objects.filter(action="badges.checkin.created").count() == 5


@pytest.mark.django_db(transaction=True)
def test_print_run_through_the_database_queue_and_db_worker():
    summit = SummitFactory()
    organizer = UserFactory()
    summit.organizers.add(organizer)
    category = CategoryFactory(summit=summit)
    people = [RegistrationFactory(summit=summit, category=category, badge_name=f"Worker {i}") for i in range(3)]
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        batch = create_badge_batch(summit, people, actor=organizer, fmt="a4")
        assert BadgeBatch.objects.get(pk=batch.pk).status == "queued"
        call_command("db_worker", batch=True, startup_delay=False, reload=False)
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == ("done", 3, 3)
    with batch.file.open("rb") as handle:
        pdf = handle.read()
    batch.file.delete(save=False)
    assert decode_qr(pdf) == sorted(Badge.objects.values_list("secret", flat=True))
    assert Badge.objects.filter(printed_at__isnull=False).count() == 3
