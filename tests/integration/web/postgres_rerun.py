"""Starting the PostgreSQL re-run of the web tests (a subprocess), shared by conftest and its test.

The re-run is a second pytest process; conftest starts it as soon as collection ends so that it runs
beside the rest of the suite (CI machines have two cores or more) and its test only waits for it.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from typing import IO

from tests.web_fixtures.rerun import REPO, database_env, pytest_command

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
    env = database_env(POSTGRES_URL)
    command = pytest_command("-m", "web and not browser", "tests/unit", "tests/integration", "tests/security")
    output = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed with the session
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT, text=True)
    return Rerun(process, output, env)
