"""Health of one installation: the database answers and a worker ran a job lately."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .models import Heartbeat
from .tasks import WORKER, record_worker_heartbeat


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def worker_heartbeat_age():
    """Seconds since a worker last ran the heartbeat job (None: never). Queues the next one,
    so a poller (load balancer, monitor) keeps the check going end to end."""
    heartbeat = Heartbeat.objects.filter(name=WORKER).first()
    age = (timezone.now() - heartbeat.seen_at).total_seconds() if heartbeat else None
    if age is None or age > settings.HEALTH_HEARTBEAT_INTERVAL:
        _enqueue_heartbeat_once()
    return age


def _enqueue_heartbeat_once():
    # One queued heartbeat is enough, however many pollers ask.
    if isinstance(record_worker_heartbeat.get_backend(), DatabaseBackend):
        if DBTaskResult.objects.ready().filter(task_path=record_worker_heartbeat.module_path).exists():
            return
    record_worker_heartbeat.enqueue()


def health_report():
    db = database_ok()
    age = worker_heartbeat_age() if db else None
    worker = age is not None and age <= settings.HEALTH_WORKER_MAX_AGE
    return {
        "database": "ok" if db else "unreachable",
        "worker": "ok" if worker else ("never seen" if age is None else f"last seen {int(age)} s ago"),
        "healthy": db and worker,
    }
