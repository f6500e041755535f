"""``csc-workforce convert PATH --to xml|xlsx|csv --output FILE`` end to end."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.registry import YEARS
from csc_workforce.ingest.census_any import read_census
from csc_workforce.ingest.census_xml import read_census_xml
from tests.integration.census.cli import run_cli, write
from tests.unit.census.clean import clean_return
from tests.unit.convert.factories import content, generated_return

pytestmark = pytest.mark.integration

HOSTILE_TEXT = ('=HYPERLINK("http://x.test","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "=1+2")


def samples(shared: Path) -> list[Path]:
    return sorted((shared / "csww" / "liia_samples").glob("*.xml"))


def round_trip(source: Path, folder: Path) -> CensusReturn:
    workbook = folder / f"{source.stem}.xlsx"
    back = folder / f"{source.stem}.xml"
    assert run_cli("convert", source, "--to", "xlsx", "--output", workbook).exit_code == 0
    # The samples carry deliberate mistakes: writing them back needs --allow-errors.
    assert run_cli("convert", workbook, "--to", "xml", "--output", back, "--allow-errors").exit_code == 0
    return read_census_xml(back)


def test_xml_to_xlsx_to_xml_keeps_every_value_of_every_sample(shared_dir: Path, tmp_path: Path) -> None:
    found = samples(shared_dir)
    assert len(found) == 6
    for source in found:
        original = read_census_xml(source)
        assert content(round_trip(source, tmp_path)) == content(original), source.name


@pytest.mark.parametrize("year", YEARS)
def test_round_trip_of_every_item_of_every_year(year: int, tmp_path: Path) -> None:
    census = generated_return(year, workers=20, seed=3)
    source = write(census, tmp_path / "in.xml")
    assert content(round_trip(source, tmp_path / "out")) == content(read_census_xml(source))


@pytest.mark.parametrize("year", YEARS)
def test_generated_xml_validates_clean(year: int, tmp_path: Path) -> None:
    """The XLSX template filled with a clean return converts to XML that validates with no issue."""
    census = clean_return(year)
    xml_in = write(census, tmp_path / "in.xml")
    workbook = tmp_path / "return.xlsx"
    generated = tmp_path / "generated.xml"
    assert run_cli("convert", xml_in, "--to", "xlsx", "--output", workbook).exit_code == 0
    assert run_cli("convert", workbook, "--to", "xml", "--output", generated).exit_code == 0
    result = run_cli("validate", generated, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"][0]["issues"] == []


def test_csv_has_a_row_per_worker(shared_dir: Path, tmp_path: Path) -> None:
    source = shared_dir / "csww" / "liia_samples" / "liiatools_sample_social_work_workforce_2022.xml"
    output = tmp_path / "workers.csv"
    result = run_cli("convert", source, "--to", "csv", "--output", output)
    assert result.exit_code == 0
    with output.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    census = read_census_xml(source)
    assert len(rows) == len(census.workers)
    for row, worker in zip(rows, census.workers, strict=True):
        assert row["SWENo"] == worker.value("SWENo")
        assert row["OrgRole"] == (worker.value("OrgRole") or "")


def _hostile_return() -> CensusReturn:
    census = clean_return(2023)
    census.header.software_code = HOSTILE_TEXT[0]
    census.workers[0].items["QualInst"] = list(HOSTILE_TEXT)
    census.la_items["NoAgencyHeadcount"] = ["=1+1"]
    return census


def test_formula_injection_is_neutralised_in_xlsx_and_undone_on_reading_back(tmp_path: Path) -> None:
    source = write(_hostile_return(), tmp_path / "hostile.xml")
    workbook = tmp_path / "hostile.xlsx"
    assert run_cli("convert", source, "--to", "xlsx", "--output", workbook).exit_code == 0
    book = openpyxl.load_workbook(workbook)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    for text in HOSTILE_TEXT:
        assert text not in texts
        assert "'" + text in texts
    assert content(read_census(workbook)) == content(read_census_xml(source))


def test_formula_injection_is_neutralised_in_csv(tmp_path: Path) -> None:
    source = write(_hostile_return(), tmp_path / "hostile.xml")
    output = tmp_path / "hostile.csv"
    assert run_cli("convert", source, "--to", "csv", "--output", output).exit_code == 0
    with output.open(encoding="utf-8", newline="") as stream:
        cells = [cell for row in csv.reader(stream) for cell in row]
    dangerous = [cell for cell in cells if cell[:1] in {"=", "+", "-", "@"}]
    assert dangerous == []
    assert "'" + HOSTILE_TEXT[0] in cells


def test_convert_refuses_unreadable_input_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<Message>")
    result = run_cli("convert", bad, "--to", "xlsx", "--output", tmp_path / "out.xlsx")
    assert result.exit_code == 2
    assert "bad.xml" in result.stderr
    assert not (tmp_path / "out.xlsx").exists()
    wrong = tmp_path / "return.txt"
    wrong.write_text("x")
    result = run_cli("convert", wrong, "--to", "xml", "--output", tmp_path / "o.xml")
    assert result.exit_code == 2
    assert "return.txt" in result.stderr
    assert run_cli("convert", bad, "--to", "pdf", "--output", tmp_path / "o.pdf").exit_code == 2


def test_convert_never_overwrites_its_input(tmp_path: Path) -> None:
    source = write(clean_return(2022), tmp_path / "in.xml")
    before = source.read_bytes()
    result = run_cli("convert", source, "--to", "xml", "--output", source)
    assert result.exit_code == 2
    assert source.read_bytes() == before
