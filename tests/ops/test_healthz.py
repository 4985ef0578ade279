from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ops.models import Heartbeat

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_until_a_real_worker_has_run_the_heartbeat_job(client):
    with override_settings(TASKS=DB_TASKS):
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"database": "ok", "worker": "never seen", "healthy": False}
        client.get("/healthz")  # a second poll does not queue a second job
        assert DBTaskResult.objects.filter(status="READY").count() == 1

        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"database": "ok", "worker": "ok", "healthy": True}


@pytest.mark.django_db
def test_healthz_is_503_when_the_worker_went_quiet(client):
    Heartbeat.objects.create(name="worker", seen_at=timezone.now() - timedelta(minutes=10))
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == "last seen 600 s ago"
