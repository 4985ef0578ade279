"""Old home of the registration jobs, kept so that jobs queued under `summits.tasks.*`
before the move still run: the database queue stores each job's dotted path and the
worker imports it (django_tasks_db only checks that the path names a Task)."""

from .registration.tasks import send_registration_status_email

__all__ = ["send_registration_status_email"]
