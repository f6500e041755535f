"""The web tests again, against PostgreSQL (issue 4: the suite runs on both databases in CI).

When ``CSCW_TEST_POSTGRES_URL`` is set (``.ci/run`` and ``scripts/postgres.sh`` start a server and
set it), every test marked ``web`` outside the browser tests runs in a subprocess with the test
settings pointed at PostgreSQL. In CI (``CI`` set) a missing server is a failure, not a skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

REPO = Path(__file__).resolve().parents[3]
POSTGRES_URL = os.environ.get("CSCW_TEST_POSTGRES_URL", "")


def test_web_tests_pass_on_postgresql() -> None:
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the web tests on PostgreSQL: set CSCW_TEST_POSTGRES_URL (see .ci/run)")
        pytest.skip("CSCW_TEST_POSTGRES_URL is not set (source scripts/postgres.sh; start_test_postgres)")
    env = {**os.environ, "CSCW_WEB_TEST_DATABASE": POSTGRES_URL}
    env.pop("PYTEST_XDIST_WORKER", None)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:randomly",
        "-m",
        "web and not browser",
        "tests/unit",
        "tests/integration",
        "tests/security",
    ]
    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=1800, check=False
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, (
        f"web tests failed on PostgreSQL: {summary}\n{result.stdout[-6000:]}{result.stderr[-2000:]}"
    )
    assert " passed" in summary, summary
    assert "postgresql" in _engine_used(env)


def _engine_used(env: dict[str, str]) -> str:
    code = "import django; django.setup(); from django.db import connection; print(connection.vendor)"
    env = {**env, "DJANGO_SETTINGS_MODULE": "csc_workforce.web.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()
