"""The one page for the board and every council's forecast, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner
from weasyprint import HTML

from csc_workforce.analytics.forecast_inputs import fit_published
from csc_workforce.cli import app
from csc_workforce.core.forecast import Scenario, run_forecast
from csc_workforce.core.forecast.compare import ForecastRun
from csc_workforce.ingest.published import load_indicators
from csc_workforce.reporting.board_pack import Continuity, board_pack_data, board_pack_html

pytestmark = pytest.mark.integration
FILE = "csww/csww_indicators_2017_to_2025.csv"


def test_the_board_pack_is_one_dated_sourced_page(shared_dir: Path) -> None:
    frame = load_indicators(shared_dir / FILE)
    inputs = fit_published(frame).inputs["873"]
    plan = Scenario(name="more newly qualified", extra_newly_qualified_fte=10.0)
    run = ForecastRun(run_forecast(inputs, months=12, sims=500), (run_forecast(inputs, plan, 12, 500),))
    pack = board_pack_data(frame, "873", run)
    assert [h.measure for h in pack.headlines][:2] == ["inpost_fte", "turnover_rate_fte"]
    assert all(h.quartile in {1, 2, 3, 4} and h.rank is not None for h in pack.headlines)
    html = board_pack_html(pack)
    assert len(HTML(string=html).render().pages) == 1
    assert "30 September 2025" in html and html.count("Source:") >= 3
    assert "Rank (1 = highest)" in html and "Quartile" in html
    assert "Without a plan:" in html and "more newly qualified:" in html
    assert "no standard set yet; at 15, 18, 20 and 22" in html
    assert "3 or more social workers" not in html  # no SSDA903 files loaded: no figure made up

    with_children = board_pack_data(frame, "873", run, continuity=Continuity(2025, 14.8, 24.0))
    html = board_pack_html(with_children)
    assert len(HTML(string=html).render().pages) == 1
    assert "14.8% of children looked after on 31 March 2025 had 3 or more social workers" in html
    assert "England: 24%" in html and "SSDA903" in html


def test_cli_board_pack_writes_a_pdf_and_refuses_bad_input(shared_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "board.pdf"
    args = ["forecast", "board-pack", "881", "--published", str(shared_dir / FILE), "--sims", "200"]
    result = CliRunner().invoke(app, [*args, "--caseload-standard", "17", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    assert CliRunner().invoke(app, [*args, "--output", str(tmp_path / "x.txt")]).exit_code == 2
    unknown = CliRunner().invoke(app, ["forecast", "board-pack", "999", "--output", str(target)])
    assert unknown.exit_code == 2 and "not found" in unknown.output


def test_cli_run_all_gives_every_council_with_the_standard(shared_dir: Path) -> None:
    args = [
        "forecast",
        "run",
        "--published",
        str(shared_dir / FILE),
        "--all",
        "--sims",
        "100",
        "--months",
        "12",
    ]
    result = CliRunner().invoke(app, [*args, "--caseload-standard", "19", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert len(payload["councils"]) >= 145
    first = payload["councils"][0]
    assert set(first) >= {"old_la_code", "annual"}
    assert first["annual"][0]["caseload_standard"] == 19.0
    assert "shortfall_probability" in first["annual"][0]
    assert payload["provenance"]["councils"] == len(payload["councils"])


def test_cli_run_annual_rows_carry_the_chance_at_the_standard(shared_dir: Path) -> None:
    args = ["forecast", "run", "--published", str(shared_dir / FILE), "--la", "873", "--sims", "500"]
    costs = ["--permanent-cost", "70000", "--agency-cost", "100000"]
    result = CliRunner().invoke(app, [*args, "--caseload-standard", "16", *costs, "--format", "json"])
    assert result.exit_code == 0, result.output
    annual = json.loads(result.stdout)["baseline"]["annual"]
    assert [row["caseload_standard"] for row in annual] == [16.0, 16.0, 16.0]
    assert all(
        row["shortfall_probability"] == row["shortfall_probability_by_standard"]["16"] for row in annual
    )
    lower = CliRunner().invoke(app, [*args, "--caseload-standard", "14", *costs, "--format", "json"])
    assert (
        json.loads(lower.stdout)["baseline"]["annual"][0]["shortfall_probability"]
        >= annual[0]["shortfall_probability"]
    )
