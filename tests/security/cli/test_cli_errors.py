"""Every command's errors are one line and exit 2, with no traceback (issue 9)."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from csc_workforce.cli import forecast as forecast_cli
from csc_workforce.cli import one_line
from csc_workforce.ingest.errors import UnreadableFileError
from tests.integration.census.cli import run_command
from tests.security import hostile_files

pytestmark = pytest.mark.security


def _one_error_line(stderr: str, *expected: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    for text in expected:
        assert text in lines[0]
    return lines[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


HOSTILE = [hostile_files.sparse_row_workbook, hostile_files.nested_source_xml, hostile_files.pi_trick_xml]


@pytest.mark.parametrize("builder", HOSTILE)
def test_measures_on_a_hostile_file_exits_2_in_one_line(builder: object, tmp_path: Path) -> None:
    data = builder()  # type: ignore[operator]
    path = tmp_path / ("hostile.xlsx" if data.startswith(b"PK") else "hostile.xml")
    path.write_bytes(data)
    result = run_command("measures", path)
    assert result.exit_code == 2
    _one_error_line(result.stderr, path.name)


def test_measures_on_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = run_command("measures", tmp_path / "absent.xml")
    assert result.exit_code == 2
    _one_error_line(result.stderr, "absent.xml")


def test_agency_check_on_a_hostile_register_exits_2(tmp_path: Path) -> None:
    register = tmp_path / "register.xlsx"
    register.write_bytes(hostile_files.sparse_row_workbook(part="xl/worksheets/sheet1.xml"))
    caps = tmp_path / "caps.csv"
    caps.write_text("region,role,effective_from,max_hourly_rate\n", encoding="utf-8")
    result = run_command("agency", "check", register, "--caps", caps, "--region", "East of England")
    assert result.exit_code == 2
    assert "register.xlsx" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_scheduler_is_named_within_five_seconds() -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.perf_counter()
    with pytest.raises(Exception) as caught:  # typer.Exit(2), after one line on stderr
        forecast_cli._check_scheduler(address)
    assert time.perf_counter() - started < 5
    assert getattr(caught.value, "exit_code", None) == 2


def test_forecast_run_with_an_unreachable_scheduler_is_one_line(shared_dir: Path) -> None:
    published = shared_dir / "csww/csww_indicators_2017_to_2025.csv"
    address = f"tcp://127.0.0.1:{_free_port()}"
    result = run_command(
        "forecast", "run", "--published", published, "--la", "881", "--months", "12", "--sims", "100",
        "--scheduler", address,
    )  # fmt: skip
    assert result.exit_code == 2
    _one_error_line(result.stderr, address)


def test_a_bad_scheduler_address_is_refused_in_one_line() -> None:
    with pytest.raises(Exception) as caught:
        forecast_cli._check_scheduler("no-port-here")
    assert getattr(caught.value, "exit_code", None) == 2


def test_any_unexpected_error_is_shown_as_one_line() -> None:
    assert one_line(UnreadableFileError("a.xml", "is empty")) == "a.xml: is empty"
    assert one_line(RuntimeError("first\nsecond")) == "RuntimeError: first second"
    assert one_line(KeyError()) == "KeyError"
