import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "conclave.settings_production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "conclave.example.org",
    "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "SMTP_HOST": "smtp.example.org",
}


def test_production_settings_pass_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_the_development_key():
    result = run_manage("check", **{**PRODUCTION, "SECRET_KEY": "dev-only-insecure-key-change-me"})
    assert result.returncode != 0
    assert "Set SECRET_KEY to a random string of 50+ characters in production." in result.stderr


def test_production_settings_refuse_console_mail():
    result = run_manage("check", **{**PRODUCTION, "MAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"})
    assert result.returncode != 0
    assert "Set MAIL_BACKEND" in result.stderr
