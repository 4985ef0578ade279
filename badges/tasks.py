"""Background jobs: ids in, call the service."""

from django.tasks import task

from .services import run_badge_batch


@task
def render_badge_batch(batch_id):
    run_badge_batch(batch_id)
