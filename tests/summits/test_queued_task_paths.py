"""Jobs queued before the move name their task by its old dotted path (the database queue
stores `func.__module__ + "." + __qualname__`); the worker must still find and run them."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import Task
from django.test import override_settings
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from summits.agenda.tasks import send_places_released_email, send_signup_email
from summits.enums import RegistrationStatus
from summits.registration.tasks import send_registration_status_email
from tests.factories import RegistrationFactory, SignupFactory, roundtable

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

OLD_PATHS = {
    "summits.tasks.send_registration_status_email": send_registration_status_email,
    "summits.agenda_tasks.send_signup_email": send_signup_email,
    "summits.agenda_tasks.send_places_released_email": send_places_released_email,
}


@pytest.mark.parametrize("old_path", sorted(OLD_PATHS))
def test_old_task_path_imports_the_moved_task(old_path):
    task = import_string(old_path)
    assert isinstance(task, Task)
    assert task is OLD_PATHS[old_path]


def _queue_under_old_path(task, old_path, *args):
    result = task.enqueue(*args)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.task_path != old_path  # the new path, until we play the queue from before the move
    row.task_path = old_path
    row.save(update_fields=["task_path"])
    return row


@pytest.mark.django_db(transaction=True)
def test_jobs_queued_under_the_old_paths_run_in_the_worker(summit):
    registration = RegistrationFactory(summit=summit, status=RegistrationStatus.APPROVED)
    signup = SignupFactory(session=roundtable(summit), registration=registration)
    with override_settings(TASKS=DB_TASKS):
        rows = [
            _queue_under_old_path(
                send_registration_status_email,
                "summits.tasks.send_registration_status_email",
                registration.pk,
                RegistrationStatus.PENDING,
            ),
            _queue_under_old_path(send_signup_email, "summits.agenda_tasks.send_signup_email", signup.pk, "confirmed"),
            _queue_under_old_path(
                send_places_released_email, "summits.agenda_tasks.send_places_released_email", registration.pk, 1
            ),
        ]
        mail.outbox.clear()
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    for row in rows:
        row.refresh_from_db()
    assert [(row.task_path, row.status) for row in rows] == [
        ("summits.tasks.send_registration_status_email", "SUCCESSFUL"),
        ("summits.agenda_tasks.send_signup_email", "SUCCESSFUL"),
        ("summits.agenda_tasks.send_places_released_email", "SUCCESSFUL"),
    ]
    assert len(mail.outbox) == 3
    assert {tuple(m.to) for m in mail.outbox} == {(registration.user.email,)}
