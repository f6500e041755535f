"""``hr suggest``, ``hr convert`` and ``hr position``: the interface, exit codes and messages."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from csc_workforce.cli import app
from csc_workforce.ingest.census_xml import read_census_xml
from csc_workforce.ingest.hr_mapping import read_mapping


def _pairs(files: dict[str, Path]) -> list[str]:
    return [
        str(files["extract"]), "--mapping", str(files["mapping"]),
        str(files["agency"]), "--mapping", str(files["agency_mapping"]),
    ]  # fmt: skip


def test_convert_writes_a_clean_return(hr_files: dict[str, Path], tmp_path: Path) -> None:
    output = tmp_path / "return.xml"
    result = CliRunner().invoke(
        app, ["hr", "convert", *_pairs(hr_files), "--year", "2025", "--lea", "873", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output
    census = read_census_xml(output)
    assert len(census.workers) == 5 and census.la_code == "873" and census.year == 2025


def test_convert_with_errors_writes_xlsx_only(hr_files: dict[str, Path], tmp_path: Path) -> None:
    mapping = hr_files["mapping"]
    mapping.write_text(mapping.read_text().replace('  StepUpGrad: "0"\n', ""), encoding="utf-8")
    xml = tmp_path / "return.xml"
    args = ["hr", "convert", *_pairs(hr_files), "--year", "2025", "--lea", "873"]
    refused = CliRunner().invoke(app, [*args, "--output", str(xml)])
    assert refused.exit_code == 1
    assert "StepUpGrad" in refused.output
    assert not xml.exists()
    xlsx = tmp_path / "return.xlsx"
    assert CliRunner().invoke(app, [*args, "--output", str(xlsx)]).exit_code == 1
    assert xlsx.exists()
    assert CliRunner().invoke(app, [*args, "--output", str(xml), "--allow-errors"]).exit_code == 1
    assert xml.exists()


def test_convert_exit_2_for_an_invalid_mapping_or_an_unreadable_extract(
    hr_files: dict[str, Path], tmp_path: Path
) -> None:
    args = ["--year", "2025", "--lea", "873", "--output", str(tmp_path / "r.xml")]
    hr_files["agency_mapping"].write_text("version: 1\ncolumns:\n  Salary: Pay\n", encoding="utf-8")
    bad_mapping = CliRunner().invoke(app, ["hr", "convert", *_pairs(hr_files), *args])
    assert bad_mapping.exit_code == 2
    assert "agency.yaml columns.Salary" in bad_mapping.output
    hr_files["agency"].write_bytes(b"\x00\x01binary")
    unreadable = CliRunner().invoke(
        app, ["hr", "convert", str(hr_files["agency"]), "--mapping", str(hr_files["mapping"]), *args]
    )
    assert unreadable.exit_code == 2
    assert "agency.csv" in unreadable.output


def test_suggest_writes_a_draft_that_reads_as_a_mapping(hr_files: dict[str, Path], tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    result = CliRunner().invoke(app, ["hr", "suggest", str(hr_files["extract"]), "--output", str(draft)])
    assert result.exit_code == 0, result.output
    assert "SWENo" in result.output and "high" in result.output
    mapping = read_mapping(draft)
    assert mapping.columns["OrgRole"] == "Job Title"
    assert mapping.hours_column == "Hours"
    assert mapping.columns["FTE"] is None
    assert mapping.values["Ethnicity"]["white - british"] == "WBRI"
    missing = CliRunner().invoke(app, ["hr", "suggest", str(tmp_path / "none.csv"), "--output", str(draft)])
    assert missing.exit_code == 2


def test_position_json_has_the_documented_shape(hr_files: dict[str, Path]) -> None:
    result = CliRunner().invoke(
        app,
        ["hr", "position", *_pairs(hr_files), "--as-of", "2025-03-31", "--lea", "873", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"as_of", "old_la_code", "measures"}
    assert document["as_of"] == "2025-03-31" and document["old_la_code"] == "873"
    assert document["measures"]["turnover_rate_fte"] == 75.0
    bad = CliRunner().invoke(
        app, ["hr", "position", *_pairs(hr_files), "--as-of", "31/03/2025", "--lea", "873"]
    )
    assert bad.exit_code == 2
