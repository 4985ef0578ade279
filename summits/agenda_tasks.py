"""Old home of the agenda jobs, kept so that jobs queued under `summits.agenda_tasks.*`
before the move still run (see summits/tasks.py)."""

from .agenda.tasks import send_places_released_email, send_signup_email

__all__ = ["send_places_released_email", "send_signup_email"]
