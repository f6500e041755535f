"""Run the ``csc-workforce`` command in-process (fast) or as a real process (exact stdout/stderr)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from csc_workforce.cli import app
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.export.census_xml import write_census_xml


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # Click 8.2+: stderr is always separate
        return CliRunner()


def run_cli(*args: str | Path) -> Run:
    result = _runner().invoke(app, [str(arg) for arg in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def run_command(*args: str | Path, timeout: float = 120) -> Run:
    """The installed console script, as users and outside tests run it."""
    script = Path(sys.executable).parent / "csc-workforce"
    command = [str(script)] if script.exists() else [shutil.which("csc-workforce") or "csc-workforce"]
    completed = subprocess.run(
        [*command, *(str(arg) for arg in args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


def write(census: CensusReturn, path: Path) -> Path:
    write_census_xml(census, path)
    return path
