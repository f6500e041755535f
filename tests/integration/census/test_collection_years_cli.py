"""``years``, ``template`` and ``synth`` for collection year 2026, and their current-year defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_workforce.cli.synth import default_years
from csc_workforce.core.census.years import default_collection_year
from csc_workforce.ingest.census_any import read_census
from tests.integration.census.cli import run_cli

pytestmark = pytest.mark.integration


def test_years_lists_2026_with_its_assumption() -> None:
    run = run_cli("years")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert any(line.startswith("2026") for line in lines)
    assert any(line.startswith("2017") for line in lines)
    assert "2025's items are assumed unchanged" in run.stdout


def test_template_for_2026_validates_as_a_2026_file(tmp_path: Path) -> None:
    output = tmp_path / "F.xlsx"
    run = run_cli("template", "--year", "2026", "--lea", "873", "--output", output)
    assert run.exit_code == 0, run.stderr
    census = read_census(output)
    assert census.year == 2026
    assert census.la_code == "873"


def test_template_defaults_to_the_current_collection_year(tmp_path: Path) -> None:
    output = tmp_path / "F.xlsx"
    assert run_cli("template", "--lea", "873", "--output", output).exit_code == 0
    assert read_census(output).year == default_collection_year()


def test_synth_writes_2026_returns_that_validate(tmp_path: Path) -> None:
    run = run_cli(
        "synth", "--region", "North East", "--years", "2025-2026", "--seed", "3", "--output", tmp_path
    )
    assert run.exit_code == 0, run.stderr
    files = sorted(tmp_path.glob("*_2026.xml"))
    assert files
    assert len(files) == len(sorted(tmp_path.glob("*_2025.xml")))
    check = run_cli("validate", files[0], "--format", "json")
    assert check.exit_code == 0, check.stdout


def test_synth_default_years_end_at_the_current_year() -> None:
    first, last = default_years().split("-")
    assert int(last) == default_collection_year()
    assert int(last) - int(first) == 4
