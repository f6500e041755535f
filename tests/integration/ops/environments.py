"""Environments for running the app's settings in a child process, as a deployment would."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

PRODUCTION = "csc_workforce.web.settings.production"
DEMO = "csc_workforce.web.settings.demo"


def settings_environment(settings_module: str, **variables: str) -> dict[str, str]:
    """This environment without any CSCW_* variable, with ``settings_module`` and what production
    needs to start (a strong secret, a PostgreSQL URL: nothing here connects to it)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CSCW_")}
    environment.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        CSCW_SECRET_KEY=secrets.token_urlsafe(48),
        CSCW_DATABASE_URL="postgresql://cscw@127.0.0.1:9/cscw",
        PYTHONWARNINGS="ignore",
    )
    environment.update(variables)
    return environment


def run_python(
    code: str, environment: dict[str, str], cwd: Path, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=cwd, capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip
