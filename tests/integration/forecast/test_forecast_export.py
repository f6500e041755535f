"""Forecast exports: the workbook (monthly percentiles, comparison, provenance that reproduces the
run) and the PDF report, from the library and through ``forecast run --output``."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from csc_workforce.analytics.forecast_inputs import fit_published
from csc_workforce.cli import app
from csc_workforce.core.forecast import CouncilInputs, Scenario, run_forecast
from csc_workforce.core.forecast.compare import ForecastRun
from csc_workforce.ingest.published import load_indicators
from csc_workforce.reporting.forecast_export import (
    MONTHLY_MEASURES,
    forecast_html,
    forecast_pdf_bytes,
    write_forecast,
)

pytestmark = pytest.mark.integration
KEEP_MORE = Scenario(name="keep more", retention_improvement=0.2, extra_newly_qualified_fte=5)


@pytest.fixture(scope="module")
def inputs() -> CouncilInputs:
    return fit_published(load_indicators()).inputs["873"]


@pytest.fixture(scope="module")
def run(inputs: CouncilInputs) -> ForecastRun:
    baseline = run_forecast(inputs, months=24, sims=300, seed=11)
    return ForecastRun(baseline, (run_forecast(inputs, KEEP_MORE, 24, 300, 11),), {"backend": "local"})


def test_workbook_has_monthly_percentiles_comparison_and_provenance(run: ForecastRun, tmp_path: Path) -> None:
    path = tmp_path / "forecast.xlsx"
    write_forecast(run, path)
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == [
        "Monthly baseline",
        "Monthly keep more",
        "Scenario comparison",
        "Scenarios",
        "Inputs and provenance",
    ]
    rows = list(book["Monthly baseline"].iter_rows(values_only=True))
    header, data = rows[0], rows[1:25]
    assert header[0] == "month" and data[0][0] == "2025-10" and data[-1][0] == "2027-09"
    for _, label in MONTHLY_MEASURES:
        lo, mid, hi = (header.index(f"{label} p{q}") for q in (10, 50, 90))
        for row in data:
            assert row[lo] <= row[mid] <= row[hi]
    assert run.baseline.percentiles["inpost_fte"][1, 5] == pytest.approx(
        data[5][header.index("FTE in post p50")], abs=1e-3
    )
    shortfall = header.index("shortfall probability")
    assert all(0 <= row[shortfall] <= 1 for row in data)
    comparison = list(book["Scenario comparison"].iter_rows(values_only=True))
    assert [(r[0], r[1]) for r in comparison[1:5]] == [
        (2026, "baseline"),
        (2026, "keep more"),
        (2027, "baseline"),
        (2027, "keep more"),
    ]


def test_recorded_inputs_and_seed_reproduce_the_run(run: ForecastRun, tmp_path: Path) -> None:
    path = tmp_path / "forecast.xlsx"
    write_forecast(run, path)
    items = dict(load_workbook(path, read_only=True)["Inputs and provenance"].iter_rows(values_only=True))
    inputs = CouncilInputs.from_dict(json.loads(items["inputs (JSON)"]))
    assert inputs.fingerprint() == items["inputs SHA-256"] == run.baseline.inputs.fingerprint()
    scenarios = [Scenario.from_dict(s) for s in json.loads(items["scenario file (JSON)"])["scenarios"]]
    again = run_forecast(inputs, scenarios[0], items["months"], items["simulations"], items["seed"])
    for name, values in run.scenarios[0].percentiles.items():
        assert (again.percentiles[name] == values).all(), name


def test_pdf_report_embeds_fan_charts_and_escapes_council_text(inputs: CouncilInputs) -> None:
    hostile = replace(inputs, name='<img src="http://example.invalid/x.png"> & Co')
    baseline = run_forecast(hostile, months=12, sims=100)
    html = forecast_html(ForecastRun(baseline))
    assert html.count("<svg") == 2  # the summary: caseload against the standard, FTE in post
    assert "Appendix: inputs, seed and provenance" in html
    assert "<img" not in html
    assert forecast_pdf_bytes(ForecastRun(baseline)).startswith(b"%PDF")


def test_cli_run_writes_excel_and_refuses_other_suffixes(tmp_path: Path, shared_dir: Path) -> None:
    published = str(shared_dir / "csww/csww_indicators_2017_to_2025.csv")
    target = tmp_path / "essex.xlsx"
    args = ["forecast", "run", "--published", published, "--la", "881", "--months", "12", "--sims", "200"]
    result = CliRunner().invoke(app, [*args, "--format", "json", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["council"]["old_la_code"] == "881"  # stdout is still the JSON alone
    assert load_workbook(target, read_only=True)["Scenario comparison"]["A2"].value == 2026
    bad = CliRunner().invoke(app, [*args, "--output", str(tmp_path / "x.csv")])
    assert bad.exit_code == 2
    assert "must end in .xlsx or .pdf" in bad.output
    assert not (tmp_path / "x.csv").exists()
