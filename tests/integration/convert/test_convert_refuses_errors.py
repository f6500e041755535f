"""``convert --to xml`` never writes an invalid return silently; XLSX is always written, and says
when Excel's cell limit cut a value; ``template`` never overwrites without ``--force``."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from csc_workforce.export.census_xlsx import EXCEL_CELL_LIMIT, write_census_xlsx
from tests.integration.census.cli import run_cli, write
from tests.unit.census.clean import clean_return

pytestmark = pytest.mark.integration


def invalid_workbook(tmp_path: Path) -> Path:
    census = clean_return(2026)
    census.workers[0].items["AgencyWorker"] = ["PERMANENT"]
    census.workers[1].items["FTE"] = ["37"]
    source = write(census, tmp_path / "bad.xml")
    workbook = tmp_path / "bad.xlsx"
    assert run_cli("convert", source, "--to", "xlsx", "--output", workbook).exit_code == 0
    return workbook


def test_errors_exit_1_and_write_nothing(tmp_path: Path) -> None:
    output = tmp_path / "out.xml"
    run = run_cli("convert", invalid_workbook(tmp_path), "--to", "xml", "--output", output)
    assert run.exit_code == 1
    assert not output.exists()
    assert "2 validation errors" in run.stderr
    assert "csc-workforce validate" in run.stderr
    assert "--allow-errors" in run.stderr


def test_allow_errors_writes_with_a_warning(tmp_path: Path) -> None:
    output = tmp_path / "out.xml"
    run = run_cli("convert", invalid_workbook(tmp_path), "--to", "xml", "--output", output, "--allow-errors")
    assert run.exit_code == 0
    assert output.exists()
    assert "warning" in run.stderr
    assert "2 validation errors" in run.stderr


def test_a_clean_2026_return_round_trips(tmp_path: Path) -> None:
    source = write(clean_return(2026), tmp_path / "in.xml")
    workbook, back = tmp_path / "r.xlsx", tmp_path / "back.xml"
    assert run_cli("convert", source, "--to", "xlsx", "--output", workbook).exit_code == 0
    assert run_cli("convert", workbook, "--to", "xml", "--output", back).exit_code == 0
    assert run_cli("validate", back).exit_code == 0


def test_a_value_past_excels_limit_is_refused_on_reading_and_cut_with_a_note_on_writing(
    tmp_path: Path,
) -> None:
    census = clean_return(2026)
    census.la_items["OtherAllowances"] = ["y" * (EXCEL_CELL_LIMIT + 10)]
    output = tmp_path / "long.xlsx"
    # The reader's guard refuses such a value (no census item is that long), in one line, exit 2 ...
    run = run_cli("convert", write(census, tmp_path / "long.xml"), "--to", "xlsx", "--output", output)
    assert run.exit_code == 2
    assert "long.xml" in run.stderr and "32,767" in run.stderr
    assert not output.exists()
    # ... and the workbook writer, should one reach it, says which cell it cut.
    cut = write_census_xlsx(census, output)
    assert len(cut) == 1 and cut[0].startswith("'LA level'!B")
    sheet = openpyxl.load_workbook(output, read_only=True)["LA level"]
    lengths = [len(str(row[1])) for row in sheet.iter_rows(values_only=True) if len(row) > 1 and row[1]]
    assert max(lengths) == EXCEL_CELL_LIMIT


def test_template_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    output = tmp_path / "t.xlsx"
    output.write_bytes(b"keep me")
    run = run_cli("template", "--year", "2026", "--lea", "873", "--output", output)
    assert run.exit_code == 2
    assert "--force" in run.stderr
    assert output.read_bytes() == b"keep me"
    assert run_cli("template", "--year", "2026", "--lea", "873", "--output", output, "--force").exit_code == 0
    assert output.read_bytes() != b"keep me"
