from django.tasks import task
from django.utils import timezone

from .models import Heartbeat

WORKER = "worker"


@task(priority=50)
def record_worker_heartbeat():
    Heartbeat.objects.update_or_create(name=WORKER, defaults={"seen_at": timezone.now()})
