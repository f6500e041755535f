"""Production refuses to start with a weak secret key or without a database URL (no silent SQLite
fallback); the demo's data folder and database are the service user's alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from csc_workforce.cli.web import make_private
from csc_workforce.web.settings.checks import database_url_problem, secret_key_problem

pytestmark = [pytest.mark.security]

STRONG_KEY = "Hq3v-9xZ_t2LmP8sWc4NbR7yKd1FgJ6uA0eOiTzXhVwQ"
DATABASE_URL = "postgresql://app:secret@db.internal:5432/cscw"


def _load_production(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "import csc_workforce.web.settings.production as s; print(s.DATABASES['default']['ENGINE'])"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "not set"),
        (" " * 32, "blanks"),
        ("x" * 40, "different characters"),
        ("abc123" * 4, "shorter than"),
        ("django-insecure-" + STRONG_KEY, "placeholder"),
    ],
)
def test_weak_secret_keys_are_refused(key: str, reason: str) -> None:
    problem = secret_key_problem(key)
    assert problem is not None
    assert reason in problem


def test_a_random_key_passes() -> None:
    assert secret_key_problem(STRONG_KEY) is None


@pytest.mark.parametrize(
    ("url", "accepted"),
    [("", False), ("sqlite:///tmp/x.sqlite3", False), ("postgresql:///cscw", False), (DATABASE_URL, True)],
)
def test_the_database_url_must_name_a_postgresql_server(url: str, accepted: bool) -> None:
    assert (database_url_problem(url) is None) is accepted


def test_production_refuses_to_start_without_a_database_url() -> None:
    refused = _load_production({"CSCW_SECRET_KEY": STRONG_KEY})
    assert refused.returncode != 0
    assert "CSCW_DATABASE_URL is not set" in refused.stderr
    weak = _load_production({"CSCW_SECRET_KEY": " " * 32, "CSCW_DATABASE_URL": DATABASE_URL})
    assert weak.returncode != 0
    assert "CSCW_SECRET_KEY contains spaces" in weak.stderr
    started = _load_production({"CSCW_SECRET_KEY": STRONG_KEY, "CSCW_DATABASE_URL": DATABASE_URL})
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "django.db.backends.postgresql"


def test_the_data_folder_and_database_are_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "demo-data"
    assert not make_private(data_dir, create_database=False).exists()
    database = make_private(data_dir)
    assert data_dir.stat().st_mode & 0o777 == 0o700
    assert database.stat().st_mode & 0o777 == 0o600
    # A folder and database left readable by an older version are tightened.
    data_dir.chmod(0o755)
    database.chmod(0o644)
    make_private(data_dir, create_database=False)
    assert data_dir.stat().st_mode & 0o777 == 0o700
    assert database.stat().st_mode & 0o777 == 0o600
