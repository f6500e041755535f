"""Starting the PostgreSQL re-run of the web tests (a subprocess), shared by conftest and its test.

The re-run is a second pytest process; conftest starts it as soon as collection ends so that it runs
beside the rest of the suite (CI machines have two cores or more) and its test only waits for it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parents[3]
POSTGRES_URL = os.environ.get("CSCW_TEST_POSTGRES_URL", "")
TEST_NAME = "test_web_tests_pass_on_postgresql"


@dataclass
class Rerun:
    process: subprocess.Popen[str]
    output: IO[str]
    env: dict[str, str]

    def wait(self, timeout: float) -> tuple[int, str]:
        returncode = self.process.wait(timeout=timeout)
        self.output.seek(0)
        return returncode, self.output.read()


def start_rerun() -> Rerun:
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
    output = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed with the session
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT, text=True)
    return Rerun(process, output, env)
