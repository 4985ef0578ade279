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
    "FIELD_ENCRYPTION_KEY": "uP3y6Q0s3QK9eQZb8c1mF3qk0Zr1yVtq6hJ1ZtG7c8E=",
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


def example_env():
    """deploy/conclave.env.example as name -> value, read the way the README says (bash)."""
    result = subprocess.run(
        ["bash", "-c", "set -a; . deploy/conclave.env.example; set +a; env -0"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (result.returncode, result.stderr) == (0, "")
    return dict(item.split("=", 1) for item in result.stdout.split("\0") if "=" in item)


def test_the_example_env_file_sources_with_the_readme_line_and_sets_every_variable():
    readme = (ROOT / "README.md").read_text()
    assert "set -a; . /etc/conclave.env; set +a" in readme
    lines = (ROOT / "deploy/conclave.env.example").read_text().splitlines()
    names = [line.split("=", 1)[0] for line in lines if line.strip() and not line.startswith("#")]
    environment = example_env()
    assert {name: bool(environment.get(name)) for name in names} == {name: True for name in names}
    assert environment["DEFAULT_FROM_EMAIL"] == "Conclave <noreply@conclave.example.org>"
    assert environment["MEDIA_ROOT"] == "/var/lib/conclave/media"  # the last line, after the quoted one


def test_production_settings_refuse_the_example_files_placeholder_key():
    placeholder = example_env()["SECRET_KEY"]
    assert len(placeholder) >= 50  # long enough that a length test alone lets it through
    for key in (placeholder, secrets.token_urlsafe(40) + "change-me" + secrets.token_urlsafe(10)):
        result = run_manage("check", **{**PRODUCTION, "SECRET_KEY": key})
        assert result.returncode != 0
        assert "Set SECRET_KEY to a random string of 50+ characters in production." in result.stderr


def test_production_settings_require_staff_two_factor_whatever_the_environment():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.STAFF_MFA_REQUIRED)",
        **{**PRODUCTION, "STAFF_MFA_REQUIRED": "0"},
    )
    assert (result.returncode, result.stdout) == (0, "True\n"), result.stderr
