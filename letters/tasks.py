"""Jobs for the queue: thin, ids in, a service called."""

import datetime

from django.tasks import task
from django.utils import timezone

from .issuing import render_and_store_letters
from .services import purge_passport_data

PURGE_INTERVAL = datetime.timedelta(days=1)


@task(priority=10)
def render_letters(letter_ids):
    render_and_store_letters(letter_ids)


@task(priority=0)
def purge_passport_data_daily(reschedule=True):
    """Erase passport data past its keeping time, then queue itself for tomorrow (the first run
    is queued by `manage.py schedule_letter_purge`, which `make worker`'s deploy step runs)."""
    purge_passport_data()
    if reschedule:
        schedule_next_purge(run_after=timezone.now() + PURGE_INTERVAL)


def schedule_next_purge(*, run_after=None):
    """Queue the purge job unless one is already waiting (one is enough, however often asked)."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    job = purge_passport_data_daily
    if isinstance(job.get_backend(), DatabaseBackend):
        if DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=job.module_path).exists():
            return None
        if run_after is not None:
            job = job.using(run_after=run_after)
        return job.enqueue()
    return job.enqueue(reschedule=False)
