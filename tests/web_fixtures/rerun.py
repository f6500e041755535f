"""Run some of the web tests again in a subprocess, on another database (PostgreSQL, an SQLite file)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def database_env(url: str) -> dict[str, str]:
    """This process's environment with the test settings pointed at ``url`` (settings/test.py)."""
    env = {**os.environ, "CSCW_WEB_TEST_DATABASE": url}
    env.pop("PYTEST_XDIST_WORKER", None)
    return env


def pytest_command(*arguments: str) -> list[str]:
    """This interpreter's pytest on ``arguments``, quiet, with no cache and in file order."""
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *arguments]


def rerun_pytest(env: dict[str, str], *arguments: str, timeout: float) -> tuple[int, str, str]:
    """pytest on ``arguments`` under ``env``: its exit code, last summary line and output tail."""
    result = subprocess.run(
        pytest_command(*arguments),
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    return result.returncode, summary, f"{result.stdout[-6000:]}{result.stderr[-2000:]}"
