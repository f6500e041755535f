"""``csc-workforce audit verify --data-dir DIR`` on a real demo database, before and after an
attacker with the sqlite3 shell drops a trigger and back-dates an event."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration]

PREPARE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from csc_workforce.web.audit.services import record_event
for number in range(3):
    record_event(None, "upload", username="someone", files=number)
"""


def _run(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "csc_workforce.cli", *arguments],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "csc_workforce.web.settings.demo",
        "CSCW_DATA_DIR": str(data_dir),
        "CSCW_SECRET_KEY": "x" * 50,
    }
    subprocess.run([sys.executable, "-c", PREPARE], env=env, check=True, timeout=300)
    return data_dir


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def test_a_whole_log_passes_and_a_tampered_one_fails_naming_the_event(demo_dir: Path) -> None:
    whole = _run("audit", "verify", "--data-dir", str(demo_dir), env=_env())
    assert whole.returncode == 0, whole.stdout + whole.stderr
    assert "audit log whole: 3 events" in whole.stdout

    database = sqlite3.connect(demo_dir / "csc-workforce.sqlite3")
    with database:
        database.execute("DROP TRIGGER audit_time_from_database")
        last_id, last_hash = database.execute(
            "SELECT id, previous_hash FROM audit_auditevent ORDER BY id DESC LIMIT 1"
        ).fetchone()
        database.execute(
            "INSERT INTO audit_auditevent (at, user_id, username, action, la_code, path, ip_address,"
            " detail, previous_hash) VALUES ('2025-01-01 09:00:00', NULL, 'admin', 'login', '', '',"
            " '10.0.0.1', '{}', ?)",
            [last_hash],
        )
    database.close()
    broken = _run("audit", "verify", "--data-dir", str(demo_dir), env=_env())
    assert broken.returncode == 1
    assert "trigger(s) audit_time_from_database missing" in broken.stdout
    assert f"audit log broken: event {last_id + 1} " in broken.stdout


def test_no_database_is_a_usage_error(tmp_path: Path) -> None:
    result = _run("audit", "verify", "--data-dir", str(tmp_path / "nowhere"), env=_env())
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_production_settings_without_a_database_are_one_line_and_exit_2() -> None:
    env = {
        **_env(),
        "DJANGO_SETTINGS_MODULE": "csc_workforce.web.settings.production",
        "CSCW_SECRET_KEY": "Hq3v-9xZ_t2LmP8sWc4NbR7yKd1FgJ6uA0eOiTzXhVwQ",
    }
    env.pop("CSCW_DATABASE_URL", None)
    result = _run("audit", "verify", env=env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: cannot read the audit log: CSCW_DATABASE_URL is not set: "
        "production needs postgresql://user:password@host:5432/name"
    ]
