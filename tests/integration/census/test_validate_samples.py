"""The public liia-tools sample returns: read without a crash, and their known faults reported
(shared/spec/census.md section 14.2 lists them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.integration.census.cli import run_cli

pytestmark = pytest.mark.integration

SAMPLES = {
    "liiatools_sample_social_work_workforce_2022.xml": ("301", 2022, 30),
    "liiatools_sample_social_work_workforce_2021_variant.xml": ("301", 2021, 30),
    "liiatools_sample_social_work_workforce_2020_variant.xml": ("301", 2020, 30),
    "liiatools_generated_csww_2023_lea340.xml": ("340", 2023, 14),
    "liiatools_generated_csww_2023_lea991.xml": ("991", 2023, 19),
    "liiatools_pipeline_sample_social_work_workforce_2022_2workers.xml": ("301", 2022, 1),
}


@pytest.fixture(scope="module")
def report(shared_dir: Path) -> dict[str, dict[str, Any]]:
    result = run_cli("validate", shared_dir / "csww" / "liia_samples", "--format", "json")
    assert result.exit_code == 1, result.stderr  # genuine faults, but every file was read
    return {Path(file["path"]).name: file for file in json.loads(result.stdout)["files"]}


def codes(file: dict[str, Any]) -> set[str]:
    return {issue["code"] for issue in file["issues"]}


def test_every_sample_is_read(report: dict[str, dict[str, Any]]) -> None:
    assert set(report) == set(SAMPLES)
    for name, (lea, year, workers) in SAMPLES.items():
        file = report[name]
        assert (file["la_code"], file["year"], file["workers"]) == (lea, year, workers), name
        assert "CSWW-R001" not in codes(file)
        assert file["errors"] == sum(1 for i in file["issues"] if i["severity"] == "error")


def test_no_sample_swe_number_starts_sw(report: dict[str, dict[str, Any]]) -> None:
    for name, (_, _, workers) in SAMPLES.items():
        prefix = [i for i in report[name]["issues"] if i["code"] == "CSWW-R027"]
        assert len(prefix) == workers, name


def test_known_faults_are_reported(report: dict[str, dict[str, Any]]) -> None:
    main = report["liiatools_sample_social_work_workforce_2022.xml"]
    assert {"CSWW-R024", "CSWW-R045", "CSWW-R052", "CSWW-R040"} <= codes(main)  # caseloads, end dates
    high = [i for i in main["issues"] if i["code"] == "CSWW-R024"]
    assert all(i["severity"] == "query" and i["field"] == "Cases30" for i in high)
    # leaving dates in 2019 and 2023 in a 2022 return
    assert any(i["code"] == "CSWW-R045" and "2019-09-23" in i["message"] for i in main["issues"])
    assert "CSWW-R006" in codes(report["liiatools_sample_social_work_workforce_2020_variant.xml"])
    assert "CSWW-R006" in codes(report["liiatools_generated_csww_2023_lea340.xml"])
    not_an_la = report["liiatools_generated_csww_2023_lea991.xml"]
    assert any(i["code"] == "CSWW-R007" and i["field"] == "LEA" for i in not_an_la["issues"])
    single = report["liiatools_pipeline_sample_social_work_workforce_2022_2workers.xml"]
    assert "CSWW-R052" in codes(single)  # an agency worker with leaver items


def test_text_report_of_the_samples(shared_dir: Path) -> None:
    result = run_cli("validate", shared_dir / "csww" / "liia_samples")
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    total = sum(workers for _, _, workers in SAMPLES.values())
    assert f"6 files, {total} workers" in result.stdout
