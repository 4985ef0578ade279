"""A print job queued before the move names `badges.tasks.render_badge_batch`; it still runs."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from badges.batches import create_badge_batch, render_badge_batch
from badges.models import BadgeBatch
from tests.factories import RegistrationFactory, UserFactory


def test_old_task_path_imports_the_job_defined_with_its_service():
    assert import_string("badges.tasks.render_badge_batch") is render_badge_batch
    assert render_badge_batch.module_path == "badges.batches.render_badge_batch"


@pytest.mark.django_db(transaction=True)
def test_a_print_job_queued_under_the_old_path_runs(summit, category):
    organizer = UserFactory()
    summit.organizers.add(organizer)
    person = RegistrationFactory(summit=summit, category=category)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        batch = create_badge_batch(summit, [person], actor=organizer, fmt="badge")
        DBTaskResult.objects.update(task_path="badges.tasks.render_badge_batch")
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == ("done", 1, 1)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    batch.file.delete(save=False)
    assert BadgeBatch.objects.count() == 1
