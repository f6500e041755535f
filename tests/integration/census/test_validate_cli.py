"""``csc-workforce validate PATH... [--previous FILE] [--format text|json]``: the exact interface."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from csc_workforce.core.census.model import WorkerRecord
from tests.integration.census.cli import run_cli, run_command, write
from tests.unit.census.clean import clean_return, in_post_items

pytestmark = pytest.mark.integration

FILE_KEYS = {"path", "la_code", "year", "workers", "errors", "queries", "issues"}
ISSUE_KEYS = {
    "code",
    "severity",
    "record",
    "swe_no",
    "field",
    "message",
    "found",
    "expected",
    "location",
    "hint",
}


def as_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = run_cli("validate", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def codes_at(file: dict[str, Any]) -> set[tuple[str, str, int | None, str | None]]:
    return {(i["code"], i["severity"], i["record"], i["field"]) for i in file["issues"]}


def test_clean_file_exits_0_with_the_exact_document_shape(tmp_path: Path) -> None:
    path = write(clean_return(2023, lea="340"), tmp_path / "clean.xml")
    code, document = as_json(path)
    assert code == 0
    assert set(document) == {"files"}
    (file,) = document["files"]
    assert set(file) == FILE_KEYS
    assert file == {
        "path": str(path),
        "la_code": "340",
        "year": 2023,
        "workers": 3,
        "errors": 0,
        "queries": 0,
        "issues": [],
    }


def test_errors_exit_1_and_issue_fields_are_exact(tmp_path: Path) -> None:
    census = clean_return(2022)
    census.workers[1].items["OrgRole"] = ["9"]  # record 2
    census.la_items["NumberOfVacancies"] = ["several"]
    census.workers[0].items["Cases30"] = ["55"]  # a query on record 1
    path = write(census, tmp_path / "r.xml")
    code, document = as_json(path)
    assert code == 1
    (file,) = document["files"]
    assert file["errors"] == 2
    assert file["queries"] == 1
    for issue in file["issues"]:
        assert set(issue) == ISSUE_KEYS
        assert isinstance(issue["message"], str)
        assert issue["message"]
    by_code = {issue["code"]: issue for issue in file["issues"]}
    assert by_code["CSWW-R020"] == {
        "code": "CSWW-R020",
        "severity": "error",
        "record": 2,
        "swe_no": "SW100002",
        "field": "OrgRole",
        "message": by_code["CSWW-R020"]["message"],
        "found": "9",
        "expected": by_code["CSWW-R020"]["expected"],
        "location": by_code["CSWW-R020"]["location"],
        "hint": by_code["CSWW-R020"]["hint"],
    }
    assert by_code["CSWW-R020"]["location"].startswith("line ")
    assert by_code["CSWW-R020"]["expected"].startswith("one of 1")
    assert by_code["CSWW-R010"]["found"] == "several"
    assert by_code["CSWW-R010"]["record"] is None
    assert by_code["CSWW-R010"]["swe_no"] is None
    assert by_code["CSWW-R010"]["field"] == "NumberOfVacancies"
    assert (by_code["CSWW-R024"]["record"], by_code["CSWW-R024"]["severity"]) == (1, "query")


def test_queries_alone_exit_0(tmp_path: Path) -> None:
    census = clean_return(2024)
    census.workers[0].items["Cases30"] = ["41"]
    code, document = as_json(write(census, tmp_path / "q.xml"))
    assert code == 0
    assert (document["files"][0]["errors"], document["files"][0]["queries"]) == (0, 1)


def test_exact_repeat_is_an_error_on_the_later_record_and_two_posts_a_query(tmp_path: Path) -> None:
    census = clean_return(2022)
    first = census.workers[0].items
    census.workers.append(WorkerRecord(4, {name: list(values) for name, values in first.items()}))
    second_post = {name: list(values) for name, values in first.items()}
    second_post["OrgRole"] = ["4"]
    second_post["FTE"] = ["0.2"]
    census.workers.append(WorkerRecord(5, second_post))
    code, document = as_json(write(census, tmp_path / "dup.xml"))
    assert code == 1
    (file,) = document["files"]
    found = codes_at(file)
    assert ("CSWW-R061", "error", 4, "SWENo") in found
    assert ("CSWW-R061", "error", 1, "SWENo") not in found  # the first record is not the repeat
    assert ("CSWW-R060", "query", 5, "SWENo") in found
    assert not any(code == "CSWW-R060" and record == 4 for code, _, record, _ in found)
    repeat = next(i for i in file["issues"] if i["code"] == "CSWW-R061")
    assert repeat["swe_no"] == "SW100001"
    assert file["errors"] == sum(1 for i in file["issues"] if i["severity"] == "error")


def test_a_folder_reads_every_xml_below_it_in_order(tmp_path: Path) -> None:
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    write(clean_return(2022, lea="301"), tmp_path / "b" / "deeper" / "301_2022.xml")
    write(clean_return(2023, lea="302"), tmp_path / "a_302_2023.XML")
    (tmp_path / "notes.txt").write_text("not a return")
    other = write(clean_return(2021, lea="340"), tmp_path.parent / f"{tmp_path.name}_single.xml")
    code, document = as_json(tmp_path, other)
    assert code == 0
    assert [(f["la_code"], f["year"]) for f in document["files"]] == [
        ("302", 2023),
        ("301", 2022),
        ("340", 2021),
    ]


def test_previous_adds_continuity_checks(tmp_path: Path) -> None:
    previous = clean_return(2022)
    previous.workers.append(WorkerRecord(4, in_post_items(2022, "SW999999")))
    previous_path = write(previous, tmp_path / "last" / "2022.xml")
    current = write(clean_return(2023), tmp_path / "2023.xml")
    code, document = as_json(current, "--previous", previous_path)
    assert code == 0  # continuity findings are queries
    vanished = [i for i in document["files"][0]["issues"] if i["code"] == "CSWW-R070"]
    assert [(i["swe_no"], i["record"], i["field"]) for i in vanished] == [("SW999999", None, "SWENo")]
    code, document = as_json(current)
    assert not any(i["code"].startswith("CSWW-R07") for i in document["files"][0]["issues"])


def test_unreadable_previous_exits_2_naming_it(tmp_path: Path) -> None:
    current = write(clean_return(2023), tmp_path / "2023.xml")
    broken = tmp_path / "broken_2022.xml"
    broken.write_text("<Message><Header>")
    result = run_cli("validate", current, "--previous", broken, "--format", "json")
    assert result.exit_code == 2
    assert "broken_2022.xml" in result.stderr


def test_text_report_groups_by_worker_with_item_value_and_expected(tmp_path: Path) -> None:
    census = clean_return(2022)
    census.workers[0].items["OrgRole"] = ["9"]
    census.workers[0].items["Cases30"] = ["61"]
    census.workers[2].items["ContractWeeks"] = ["-3"]
    census.header.reference_date = "2022-03-31"
    result = run_cli("validate", write(census, tmp_path / "t.xml"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    file_level = lines.index("  File and LA level:")
    first = lines.index("  Worker record 1 (SWENo SW100001):")
    third = lines.index("  Worker record 3 (SWENo SW100003):")
    assert file_level < first < third
    assert "ReferenceDate" in lines[file_level + 1]
    assert "found '2022-03-31'" in lines[file_level + 1]
    assert "expected 2022-09-30" in lines[file_level + 1]
    worker_one = lines[first + 1 : third]
    orgrole = next(line for line in worker_one if "CSWW-R020" in line)
    assert "ERROR" in orgrole
    assert "OrgRole" in orgrole
    assert "found '9'" in orgrole
    assert "expected one of 1 (Senior manager)" in orgrole
    assert any("QUERY CSWW-R024 Cases30" in line and "found '61'" in line for line in worker_one)
    assert any("ContractWeeks" in line and "found '-3'" in line for line in lines[third:])
    assert "1 file, 3 workers: 3 errors, 1 query (errors found)" in result.stdout


def test_json_on_stdout_alone_notes_on_stderr(tmp_path: Path) -> None:
    census = clean_return(2022)
    census.workers[0].items["OrgRole"] = ["9"]
    good = write(census, tmp_path / "a.xml")
    bad = tmp_path / "b.xml"
    bad.write_text("<!DOCTYPE m [<!ENTITY x 'y'>]><Message/>")
    result = run_command("validate", tmp_path, "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)  # the whole of stdout is the document
    assert [f["path"] for f in document["files"]] == [str(good), str(bad)]
    assert document["files"][1]["issues"][0]["code"] == "CSWW-R001"
    assert str(bad) in result.stderr
    assert "{" not in result.stderr


def test_installed_command_exit_codes(tmp_path: Path) -> None:
    clean = write(clean_return(2025), tmp_path / "clean.xml")
    census = clean_return(2025)
    census.workers[0].items["FTE"] = ["2"]
    faulty = write(census, tmp_path / "faulty.xml")
    assert run_command("validate", clean).exit_code == 0
    assert run_command("validate", faulty, "--format", "json").exit_code == 1
    assert run_command("validate", tmp_path / "absent.xml").exit_code == 2


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    clean = write(clean_return(2022), tmp_path / "clean.xml")
    assert run_cli("validate", clean, "--format", "yaml").exit_code == 2
    assert run_cli("validate").exit_code == 2
    missing = run_cli("validate", tmp_path / "nowhere")
    assert missing.exit_code == 2
    assert "nowhere" in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run_cli("validate", empty)
    assert nothing.exit_code == 2
    assert "empty" in nothing.stderr
