"""The analyst's report from ``validate``: found as typed, expected, location, summary, cut values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from csc_workforce.core.census.validation import FOUND_LIMIT
from csc_workforce.export.census_xlsx import write_census_xlsx
from tests.integration.census.cli import run_cli, write
from tests.unit.census.clean import clean_return

pytestmark = pytest.mark.integration


def issues_of(path: Path, *args: str) -> list[dict[str, Any]]:
    run = run_cli("validate", path, "--format", "json", *args)
    assert run.exit_code in {0, 1}, run.stderr
    return list(json.loads(run.stdout)["files"][0]["issues"])


def edited_workbook(tmp_path: Path, edits: dict[tuple[int, str], object]) -> Path:
    """A clean 2026 workbook with cells replaced: (sheet row, item heading) -> value typed."""
    path = tmp_path / "r_2026.xlsx"
    census = clean_return(2026)
    write_census_xlsx(census, path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Workers"]
    headings = [cell.value for cell in sheet[1]]
    for (row, item), value in edits.items():
        sheet.cell(row=row, column=headings.index(item) + 1).value = value
    workbook.save(path)
    return path


def column_of(path: Path, item: str) -> str:
    sheet = openpyxl.load_workbook(path, read_only=True)["Workers"]
    headings = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    return openpyxl.utils.get_column_letter(headings.index(item) + 1)


def test_workbook_issues_name_the_sheet_cell_and_the_value_as_typed(tmp_path: Path) -> None:
    path = edited_workbook(tmp_path, {(4, "OrgRole"): "Team manager", (3, "FTE"): 37})
    found = {issue["code"]: issue for issue in issues_of(path)}
    orgrole, fte = found["CSWW-R020"], found["CSWW-R022"]
    assert orgrole["record"] == 3
    assert orgrole["location"] == f"Workers!{column_of(path, 'OrgRole')}4"
    assert orgrole["found"] == "Team manager"
    assert "Team manager" in orgrole["message"]
    assert orgrole["expected"].startswith("one of 1 (Senior manager)")
    assert orgrole["hint"]
    assert fte["location"] == f"Workers!{column_of(path, 'FTE')}3"
    assert fte["found"] == "37"


def test_a_uk_date_is_reported_as_typed(tmp_path: Path) -> None:
    path = edited_workbook(tmp_path, {(2, "RoleStartDate"): "31/13/2024"})
    (issue,) = [i for i in issues_of(path) if i["field"] == "RoleStartDate" and i["severity"] == "error"]
    assert issue["found"] == "31/13/2024"
    assert issue["location"] == f"Workers!{column_of(path, 'RoleStartDate')}2"


def test_xml_issues_give_the_line_of_the_workers_element(tmp_path: Path) -> None:
    census = clean_return(2026)
    census.workers[2].items["OrgRole"] = ["9"]
    path = write(census, tmp_path / "r_2026.xml")
    lines = path.read_text().splitlines()
    third_worker = [number for number, text in enumerate(lines, start=1) if "<CSWWWorker" in text][2]
    (issue,) = [i for i in issues_of(path) if i["code"] == "CSWW-R020"]
    assert issue["location"] == f"line {third_worker}"
    assert issue["found"] == "9"


def test_file_level_issues_have_no_location(tmp_path: Path) -> None:
    census = clean_return(2026)
    census.header.reference_date = "2026-03-31"
    (issue,) = [i for i in issues_of(write(census, tmp_path / "r.xml")) if i["code"] == "CSWW-R006"]
    assert issue["location"] is None
    assert issue["found"] == "2026-03-31"


def test_errors_come_before_queries(tmp_path: Path) -> None:
    census = clean_return(2026)
    census.workers[0].items["Cases30"] = ["55"]  # a query on record 1
    census.workers[2].items["OrgRole"] = ["9"]  # an error on record 3
    severities = [i["severity"] for i in issues_of(write(census, tmp_path / "r.xml"))]
    assert severities == sorted(severities, key=["error", "query", "info"].index)
    assert severities[0] == "error"


def test_summary_json_groups_by_rule_and_item(tmp_path: Path) -> None:
    census = clean_return(2026)
    for worker in census.workers:
        worker.items["FTE"] = ["37"]
    census.workers[0].items["Cases30"] = ["55"]
    run = run_cli("validate", write(census, tmp_path / "r.xml"), "--summary", "--format", "json")
    assert run.exit_code == 1
    (file,) = json.loads(run.stdout)["files"]
    assert set(file) == {"path", "summary"}
    rows = {(row["code"], row["field"]): row for row in file["summary"]}
    assert rows[("CSWW-R022", "FTE")] == {
        "code": "CSWW-R022",
        "severity": "error",
        "field": "FTE",
        "count": 3,
        "records": [1, 2, 3],
    }
    assert rows[("CSWW-R024", "Cases30")]["records"] == [1]
    assert file["summary"][0]["severity"] == "error"


def test_summary_text_is_the_summary_alone(tmp_path: Path) -> None:
    census = clean_return(2026)
    for worker in census.workers:
        worker.items["FTE"] = ["37"]
    run = run_cli("validate", write(census, tmp_path / "r.xml"), "--summary")
    assert run.exit_code == 1
    assert "ERROR CSWW-R022 FTE:" in run.stdout
    assert "3 records (1, 2, 3)" in run.stdout
    assert "Worker record 1" not in run.stdout


def test_long_found_values_are_cut_with_a_mark(tmp_path: Path) -> None:
    census = clean_return(2026)
    census.workers[0].items["OrgRole"] = ["9" * 5000]
    (issue,) = [i for i in issues_of(write(census, tmp_path / "r.xml")) if i["code"] == "CSWW-R020"]
    assert len(issue["found"]) <= FOUND_LIMIT
    assert "cut: 5,000 characters" in issue["found"]
    assert len(issue["message"]) <= FOUND_LIMIT


def test_a_2026_file_with_2025s_items_validates_clean(tmp_path: Path) -> None:
    census = clean_return(2026)
    assert issues_of(write(census, tmp_path / "r_2026.xml")) == []
