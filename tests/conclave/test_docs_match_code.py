"""The README says what the code does: configuration table, deployment sequence, `make run`."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
ENV_READ = re.compile(
    r"""(?:os\.environ\.get|os\.getenv|os\.environ\[|env_bool|env_list)\(?\s*["']([A-Z][A-Z0-9_]*)["']"""
)


def section(title):
    return README.split(f"\n{title}\n", 1)[1].split("\n## ", 1)[0]


def configuration_table_variables():
    rows = [line for line in section("## Configuration").splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_the_configuration_table_lists_every_variable_the_settings_read():
    read = {name for path in (ROOT / "conclave").glob("settings*.py") for name in ENV_READ.findall(path.read_text())}
    assert {"DATABASE_URL", "BEHIND_PROXY", "STAFF_MFA_REQUIRED", "LOG_LEVEL"} <= read  # the pattern finds them
    # HOST is `make run`'s; nothing else may be listed that no setting reads.
    assert configuration_table_variables() == read | {"HOST"}


def one_machine_commands():
    block = section("### One machine").split("\n\n")[1]
    return [re.sub(r"\s+#.*$", "", line).strip() for line in block.splitlines() if line.strip()]


def test_smoke_sh_runs_the_readmes_one_machine_sequence():
    smoke = (ROOT / "deploy/smoke.sh").read_text().replace("127.0.0.1:$PORT", "127.0.0.1:8000")
    smoke_lines = [line.strip() for line in smoke.splitlines()]
    commands = [c for c in one_machine_commands() if c.startswith(".venv/bin/")]
    assert len(commands) == 5
    for command in commands:
        # As written, only its output redirected (or sent to the background).
        assert any(re.fullmatch(re.escape(command) + r"( >.*)?( &)?", line) for line in smoke_lines), command
    assert "cp deploy/conclave.env.example /etc/conclave.env" in one_machine_commands()
    assert 'cp deploy/conclave.env.example "$ENV_FILE"' in smoke_lines
    assert 'set -a; . "$ENV_FILE"; set +a' in smoke_lines
    assert "set -a; . /etc/conclave.env; set +a" in one_machine_commands()


def test_no_gunicorn_access_log_prints_raw_paths():
    smoke = (ROOT / "deploy/smoke.sh").read_text().splitlines()
    gunicorn = [line for line in smoke + one_machine_commands() if line.startswith(".venv/bin/gunicorn")]
    assert len(gunicorn) == 2
    assert [line for line in gunicorn if "access-log" in line] == []


def test_make_run_points_site_url_at_the_address_it_serves():
    result = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0:9000", "BIN=.venv/bin"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # `make install` compiles the translations first: that command needs no address.
    assert any("manage.py compilemessages" in line for line in result.stdout.splitlines())
    django_lines = [
        line.strip() for line in result.stdout.splitlines() if "manage.py" in line and "compilemessages" not in line
    ]
    assert [line.split(" .venv/bin/python manage.py ")[1].split(" ")[0] for line in django_lines] == [
        "migrate",
        "seed_demo",
        "db_worker",
        "runserver",
    ]
    for line in django_lines:
        assert line.startswith("DEBUG=1 SITE_URL=${SITE_URL:-http://0.0.0.0:9000} "), line
    assert django_lines[-1].endswith("runserver 0.0.0.0:9000")
