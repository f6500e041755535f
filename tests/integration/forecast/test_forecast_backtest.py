"""The backtest on DfE's real published indicators, through the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from csc_workforce.cli import app

pytestmark = pytest.mark.integration
FILE = "csww/csww_indicators_2017_to_2025.csv"


def backtest(path: Path, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        app,
        ["forecast", "backtest", "--published", str(path), "--train-to", "2022", "--format", "json", *extra],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # stdout is the JSON alone


@pytest.fixture(scope="module")
def published(shared_dir: Path) -> Path:
    return shared_dir / FILE


@pytest.fixture(scope="module")
def report(published: Path) -> dict[str, Any]:
    return backtest(published)


def test_rows_cover_every_council_and_later_year(report: dict[str, Any], published: Path) -> None:
    with published.open(newline="") as handle:
        later = {
            (row["old_la_code"], int(row["time_period"]))
            for row in csv.DictReader(handle)
            if row["geographic_level"] == "Local authority" and int(row["time_period"]) > 2022
        }
    keys = {(r["old_la_code"], r["time_period"], r["measure"]) for r in report["rows"]}
    for code, year in later:
        assert (code, year, "inpost_fte") in keys
        assert (code, year, "agency_fte") in keys
    assert set(report["rows"][0]) == {"old_la_code", "time_period", "measure", "actual", "p10", "p50", "p90"}


def test_2025_beats_persistence_and_the_band_is_calibrated(report: dict[str, Any], published: Path) -> None:
    with published.open(newline="") as handle:
        base = {
            row["old_la_code"]: float(row["inpost_fte"])
            for row in csv.DictReader(handle)
            if row["geographic_level"] == "Local authority"
            and row["time_period"] == "2022"
            and row["inpost_fte"].replace(".", "").isdigit()
        }
    scored = [
        r
        for r in report["rows"]
        if r["measure"] == "inpost_fte"
        and r["time_period"] == 2025
        and r["old_la_code"] in base
        and r["actual"] is not None
        and r["actual"] >= 20
    ]
    assert len(scored) >= 120
    assert all(r["p50"] is not None for r in scored)
    mape = sum(abs(r["p50"] - r["actual"]) / r["actual"] for r in scored) / len(scored)
    persistence = sum(abs(base[r["old_la_code"]] - r["actual"]) / r["actual"] for r in scored) / len(scored)
    assert mape <= 0.9 * persistence
    coverage = sum(r["p10"] <= r["actual"] <= r["p90"] for r in scored) / len(scored)
    assert 0.7 <= coverage <= 0.9
    summary = report["summary"]["measures"]["inpost_fte"]["2025"]
    assert summary["councils"] == len(scored)
    assert summary["ratio_to_persistence"] == pytest.approx(mape / persistence, abs=1e-3)


def test_agency_fte_is_forecast_and_scored(report: dict[str, Any]) -> None:
    agency = [r for r in report["rows"] if r["measure"] == "agency_fte" and r["time_period"] == 2025]
    assert sum(r["p50"] is not None for r in agency) >= 120
    assert all(r["p10"] <= r["p50"] <= r["p90"] for r in agency if r["p50"] is not None)
    summary = report["summary"]["measures"]["agency_fte"]["2025"]
    # Three years ahead the median beats carrying the 2022 agency FTE forward (0.78 when measured).
    assert summary["ratio_to_persistence"] < 1.0
    assert 0.7 <= summary["coverage_p10_p90"] <= 0.95


def test_figures_after_the_cut_off_change_no_forecast(published: Path, tmp_path: Path) -> None:
    with published.open(newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    first_measure = header.index("inpost_fte")
    for row in rows:
        if int(row[0]) > 2022:
            for i in range(first_measure, len(row)):
                try:
                    row[i] = f"{float(row[i]) * 1.37 + 3:.1f}"
                except ValueError:
                    row[i] = "x" if i % 2 else row[i]
    changed = tmp_path / "perturbed.csv"
    with changed.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    original = backtest(published, "--sims", "200")
    perturbed = backtest(changed, "--sims", "200")

    def forecasts(report: dict[str, Any]) -> str:
        return json.dumps(
            [
                (r["old_la_code"], r["time_period"], r["measure"], r["p10"], r["p50"], r["p90"])
                for r in report["rows"]
            ]
        )

    assert forecasts(original) == forecasts(perturbed)
    assert (
        original["summary"]["provenance"]["inputs_sha256"]
        == perturbed["summary"]["provenance"]["inputs_sha256"]
    )
    assert [r["actual"] for r in original["rows"]] != [r["actual"] for r in perturbed["rows"]]


def test_train_to_the_last_year_is_a_clear_error(published: Path) -> None:
    result = CliRunner().invoke(
        app, ["forecast", "backtest", "--published", str(published), "--train-to", "2025"]
    )
    assert result.exit_code == 2
    assert "no years after 2025" in result.output


@pytest.fixture(scope="module")
def events_report(published: Path) -> dict[str, Any]:
    return backtest(
        published, *("--caseload-standard", "16", "--caseload-standard", "18"), "--caseload-standard", "20"
    )


def test_demand_is_forecast_with_honest_bands(events_report: dict[str, Any]) -> None:
    measures = events_report["summary"]["measures"]
    caseload = measures["caseload_fte"]["2025"]
    assert caseload["ratio_to_persistence"] <= 1.0
    assert 0.7 <= caseload["coverage_p10_p90"] <= 0.9
    cases = measures["cases"]["2025"]
    # Demand three years ahead: the median no worse than carrying the 2022 cases forward (0.98 when
    # measured), with the 80% band holding 70-90% of councils.
    assert cases["ratio_to_persistence"] <= 1.0
    assert 0.7 <= cases["coverage_p10_p90"] <= 0.9
    assert measures["cases"]["2025"]["councils"] >= 120
    assert {"cases", "case_holders_fte", "caseload_fte"} <= {r["measure"] for r in events_report["rows"]}


def test_shortfall_events_are_scored_against_the_base_rate(
    events_report: dict[str, Any], published: Path
) -> None:
    events = events_report["events"]
    assert set(events[0]) == {"old_la_code", "time_period", "standard", "probability", "actual"}
    with published.open(newline="") as handle:
        later = {
            (row["old_la_code"], int(row["time_period"])): float(row["caseload_fte"])
            for row in csv.DictReader(handle)
            if row["geographic_level"] == "Local authority"
            and int(row["time_period"]) > 2022
            and row["caseload_fte"].replace(".", "", 1).isdigit()
        }
    assert {(e["old_la_code"], e["time_period"]) for e in events} == set(later)
    assert {e["standard"] for e in events} == {16.0, 18.0, 20.0}
    for e in events:
        assert e["actual"] == (later[(e["old_la_code"], e["time_period"])] > e["standard"])
        assert e["probability"] is None or 0.0 <= e["probability"] <= 1.0
    scored = [e for e in events if e["probability"] is not None]
    brier = sum((e["probability"] - e["actual"]) ** 2 for e in scored) / len(scored)
    shortfall = events_report["summary"]["shortfall"]
    assert brier == pytest.approx(shortfall["brier"], abs=1e-3)
    assert shortfall["brier"] <= shortfall["brier_base_rate"]
    assert set(shortfall["by_year"]) == {"2023", "2024", "2025"}
    for year, cell in shortfall["by_year"].items():
        assert abs(cell["mean_probability"] - cell["observed_share"]) <= 0.10, year
