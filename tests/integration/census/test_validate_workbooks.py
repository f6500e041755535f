"""``validate`` reads the XLSX template too: named directly, below a folder, or as ``--previous``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csc_workforce.core.census.model import WorkerRecord
from csc_workforce.export.census_xlsx import write_census_xlsx
from tests.integration.census.cli import run_cli, write
from tests.unit.census.clean import clean_return, in_post_items

pytestmark = pytest.mark.integration


def test_a_folder_of_xml_and_workbooks(tmp_path: Path) -> None:
    write(clean_return(2022, lea="301"), tmp_path / "a_301_2022.xml")
    faulty = clean_return(2023, lea="302")
    faulty.workers[1].items["OrgRole"] = ["8"]
    write_census_xlsx(faulty, tmp_path / "sub" / "b_302_2023.xlsx")
    (tmp_path / "sub" / "notes.docx").write_bytes(b"ignored")
    result = run_cli("validate", tmp_path, "--format", "json")
    assert result.exit_code == 1
    files = json.loads(result.stdout)["files"]
    assert [(Path(f["path"]).name, f["la_code"], f["year"], f["workers"]) for f in files] == [
        ("a_301_2022.xml", "301", 2022, 3),
        ("b_302_2023.xlsx", "302", 2023, 3),
    ]
    assert files[0]["issues"] == []
    assert [(i["code"], i["record"], i["field"], i["swe_no"]) for i in files[1]["issues"]] == [
        ("CSWW-R020", 2, "OrgRole", "SW100002")
    ]


def test_a_workbook_named_directly_and_as_previous(tmp_path: Path) -> None:
    previous = clean_return(2023)
    previous.workers.append(WorkerRecord(4, in_post_items(2023, "SW999999")))
    write_census_xlsx(previous, tmp_path / "2023.xlsx")
    write_census_xlsx(clean_return(2024), tmp_path / "2024.xlsx")
    result = run_cli(
        "validate", tmp_path / "2024.xlsx", "--previous", tmp_path / "2023.xlsx", "--format", "json"
    )
    assert result.exit_code == 0
    (file,) = json.loads(result.stdout)["files"]
    assert [(i["code"], i["swe_no"]) for i in file["issues"]] == [("CSWW-R070", "SW999999")]


def test_text_report_for_a_workbook(tmp_path: Path) -> None:
    census = clean_return(2025)
    census.workers[0].items["FTE"] = ["1.5"]
    path = tmp_path / "return.xlsx"
    write_census_xlsx(census, path)
    result = run_cli("validate", path)
    assert result.exit_code == 1
    assert "Worker record 1 (SWENo SW100001):" in result.stdout
    assert "found '1.5'" in result.stdout


def test_a_file_with_another_suffix_named_directly_is_read_as_xml(tmp_path: Path) -> None:
    source = write(clean_return(2022), tmp_path / "r.xml")
    renamed = tmp_path / "return.txt"
    renamed.write_bytes(source.read_bytes())
    assert run_cli("validate", renamed).exit_code == 0
