import io
import json
from datetime import date, timedelta

import pytest
from cryptography.fernet import Fernet
from django.core.checks import WARNING, run_checks
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from letters import crypto
from letters.models import LetterRequest
from letters.services import approve_letter_requests, submit_letter_request
from summits.models import AuditEntry

from .conftest import as_cleaned, valid_data

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def raw_number():
    with connection.cursor() as cursor:
        cursor.execute("SELECT passport_number FROM letters_letterrequest")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_rotation_re_encrypts_under_the_first_key(registration, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = old
    summit = registration.summit
    submit_letter_request(user=registration.user, summit=summit, data=as_cleaned(valid_data(summit)))
    assert Fernet(old).decrypt(raw_number().encode()) == b"K1234567"
    settings.FIELD_ENCRYPTION_KEY = f"{new},{old}"
    assert LetterRequest.objects.get().passport_number == "K1234567"  # old tokens still read
    call_command("rotate_letter_keys", stdout=io.StringIO())
    assert Fernet(new).decrypt(raw_number().encode()) == b"K1234567"
    settings.FIELD_ENCRYPTION_KEY = new
    assert LetterRequest.objects.get().passport_number == "K1234567"
    assert crypto.key_is_derived() is False


@pytest.mark.django_db
def test_summit_archive_leaves_passport_data_out(registration, organizer):
    from archive.queries import export_summit

    summit = registration.summit
    submit_letter_request(user=registration.user, summit=summit, data=as_cleaned(valid_data(summit)))
    letter = LetterRequest.objects.get()
    approve_letter_requests(summit=summit, ids=[letter.pk], actor=organizer)
    archive = export_summit(summit)
    text = json.dumps(archive, default=str)
    # Only the letter template travels (no passport data in it): never a request.
    assert {row["model"] for row in archive["objects"] if row["model"].startswith("letters.")} <= {
        "letters.lettertemplate"
    }
    for secret in ("K1234567", "1988-04-12", "Chicago", letter.passport_name):
        assert secret not in text


@pytest.mark.django_db(transaction=True)
def test_the_worker_purges_passport_data_after_the_summit_and_requeues_itself(registration, settings, caplog):
    summit = registration.summit
    submit_letter_request(user=registration.user, summit=summit, data=as_cleaned(valid_data(summit)))
    settings.TASKS = DB_TASKS
    settings.LETTER_PURGE_DAYS = 30
    call_command("schedule_letter_purge", stdout=io.StringIO())
    call_command("schedule_letter_purge", stdout=io.StringIO())  # one queued job is enough
    assert DBTaskResult.objects.filter(task_path="letters.tasks.purge_passport_data_daily").count() == 1
    # Not yet: the summit ended less than 30 days ago.
    call_command("db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO())
    assert LetterRequest.objects.get().passport_number == "K1234567"
    summit.start_date = date.today() - timedelta(days=40)
    summit.end_date = date.today() - timedelta(days=31)
    summit.save()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    with caplog.at_level("INFO"):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO())
    letter = LetterRequest.objects.get()
    assert (letter.passport_number, letter.date_of_birth, letter.passport_name) == (None, None, "Priya Raman")
    assert letter.purged_at is not None
    assert raw_number() is None
    entry = AuditEntry.objects.get(action="letters.passport.purged")
    assert (entry.summit_id, entry.data) == (summit.pk, {"count": 1, "days": 30})
    assert "K1234567" not in caplog.text and "1988" not in caplog.text
    # Tomorrow's run is queued.
    assert DBTaskResult.objects.filter(task_path="letters.tasks.purge_passport_data_daily", status="READY").count() == 1


def test_production_settings_refuse_to_start_without_a_key():
    from tests.conclave.test_settings import PRODUCTION, run_manage

    result = run_manage("check", **{**PRODUCTION, "FIELD_ENCRYPTION_KEY": ""})
    assert result.returncode != 0
    assert "Set FIELD_ENCRYPTION_KEY in production" in result.stderr
    result = run_manage("check", **{**PRODUCTION, "FIELD_ENCRYPTION_KEY": "change-me-to-a-fernet-key"})
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY must be comma-separated Fernet keys" in result.stderr
    result = run_manage("check", **{**PRODUCTION, "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode()})
    assert result.returncode == 0, result.stderr


def test_a_derived_key_is_quiet_on_commands_and_a_warning_of_check_deploy():
    """Development derives a key without a word on every command; `check --deploy` warns."""
    from tests.conclave.test_settings import run_manage

    quiet = run_manage("check", FIELD_ENCRYPTION_KEY="")
    assert quiet.returncode == 0, quiet.stderr
    assert "letters." not in quiet.stdout + quiet.stderr
    assert "System check identified no issues" in quiet.stdout
    deploy = run_manage("check", "--deploy", FIELD_ENCRYPTION_KEY="")
    assert "?: (letters.W001) FIELD_ENCRYPTION_KEY is not set" in deploy.stdout + deploy.stderr
    with override_settings(FIELD_ENCRYPTION_KEY=""):
        assert crypto.key_is_derived()
        assert [m.id for m in run_checks() if m.id.startswith("letters.")] == []
        warnings = [m for m in run_checks(include_deployment_checks=True) if m.id.startswith("letters.")]
        assert [(m.id, m.level) for m in warnings] == [("letters.W001", WARNING)]
    with override_settings(FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode()):
        assert [m for m in run_checks(include_deployment_checks=True) if m.id.startswith("letters.")] == []
