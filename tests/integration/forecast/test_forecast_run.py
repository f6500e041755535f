"""``forecast run`` on the real published file, with scenarios, locally and on Dask."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from csc_workforce.cli import app

pytestmark = pytest.mark.integration


def run(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["forecast", "run", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def published(shared_dir: Path) -> str:
    return str(shared_dir / "csww/csww_indicators_2017_to_2025.csv")


@pytest.fixture
def scenarios(tmp_path: Path) -> str:
    path = tmp_path / "plans.yaml"
    path.write_text(
        "scenarios:\n"
        "  - name: keep more\n    retention_improvement: 0.2\n"
        "  - name: convert agency\n    agency_conversion_fte: 10\n"
        "  - name: cap 14\n    caseload_cap: 14\n"
    )
    return str(path)


def test_run_compares_scenarios_with_the_baseline(published: str, scenarios: str) -> None:
    out = run(
        "--published", published, "--la", "881", "--months", "36", "--sims", "400", "--scenario", scenarios
    )
    assert out["council"]["la_name"] == "Essex"
    assert out["baseline"]["council"]["base_year"] == 2025
    assert len(out["baseline"]["months"]) == 36
    assert {s["scenario"]["name"] for s in out["scenarios"]} == {"keep more", "convert agency", "cap 14"}
    series = out["baseline"]["series"]
    for name in (
        "inpost_fte",
        "agency_fte",
        "vacancy_fte",
        "turnover_rate_fte",
        "cost_permanent",
        "cost_agency",
    ):
        assert len(series[name]["p10"]) == 36
    by = {(r["scenario"], r["time_period"]): r for r in out["comparison"]}
    assert by[("keep more", 2028)]["inpost_fte_p50"] > by[("baseline", 2028)]["inpost_fte_p50"]
    assert by[("convert agency", 2026)]["agency_fte_change"] < 0
    assert out["provenance"]["seed"] == 20170930
    assert len(out["provenance"]["inputs_sha256"]) == 64


def test_same_inputs_and_seed_give_identical_output(published: str) -> None:
    a = run("--published", published, "--la", "Leeds", "--months", "12", "--sims", "200")
    b = run("--published", published, "--la", "Leeds", "--months", "12", "--sims", "200")
    assert a == b


def test_dask_local_cluster_gives_the_local_numbers(published: str) -> None:
    local = run("--published", published, "--la", "330", "--months", "24", "--sims", "300")
    dask = run(
        "--published", published, "--la", "330", "--months", "24", "--sims", "300", "--scheduler", "local"
    )
    assert dask["baseline"]["series"] == local["baseline"]["series"]
    assert dask["provenance"]["backend"] == "dask"


def test_census_history_runs_by_role(shared_dir: Path) -> None:
    sample = shared_dir / "csww/liia_samples/liiatools_generated_csww_2023_lea340.xml"
    out = run("--census", str(sample), "--months", "12", "--sims", "200")
    assert out["council"]["old_la_code"] == "340"
    assert len(out["baseline"]["provenance"]["parameters"]["leaver_rate"]) >= 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--la", "881"], "either --published"),
        (["--published", "/nonexistent.csv", "--la", "881"], "no such file"),
    ],
)
def test_bad_arguments_are_clear_errors(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["forecast", "run", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_unknown_council_and_bad_scenario_name_what_is_wrong(published: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["forecast", "run", "--published", published, "--la", "Atlantis"])
    assert result.exit_code == 2
    assert "Atlantis" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"retention_improvement": "more"}')
    result = CliRunner().invoke(
        app, ["forecast", "run", "--published", published, "--la", "881", "--scenario", str(bad)]
    )
    assert result.exit_code == 2
    assert "bad.json" in result.output
    assert "retention_improvement" in result.output
