"""The forecast takes leaving by length of service from a council's census spells (ADR 0021)."""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint import HTML

from csc_workforce.analytics.canonical import la_level_frame, workers_frame
from csc_workforce.analytics.forecast_inputs import fit_published, inputs_from_census, load_published_training
from csc_workforce.analytics.retention import return_records
from csc_workforce.core.forecast import Scenario, run_forecast
from csc_workforce.core.forecast.compare import ForecastRun
from csc_workforce.core.forecast.service import shrunk_rate
from csc_workforce.core.retention import build_spells, leaver_hazards_by_service
from csc_workforce.ingest.published import load_indicators
from csc_workforce.reporting.board_pack import board_pack_data, board_pack_html
from csc_workforce.synth import generate_region

pytestmark = pytest.mark.integration


def _council_returns(years: list[int]) -> list[object]:
    returns = list(generate_region("North East", years, 5))
    first = returns[0].la_code
    return [census for census in returns if census.la_code == first]


def test_a_council_with_history_gets_leaving_by_service_band() -> None:
    returns = _council_returns(list(range(2019, 2026)))
    workers, la_level = workers_frame(returns), la_level_frame(returns)  # type: ignore[arg-type]
    inputs = inputs_from_census(workers, la_level)
    hazards = leaver_hazards_by_service(build_spells(return_records(workers)).spells)
    assert [(b.low_years, b.high_years) for b in inputs.service_bands] == [
        (h.low_years, h.high_years) for h in hazards
    ]
    assert sum(b.start_share for b in inputs.service_bands) == pytest.approx(1.0)
    # Scaled so the starting mix leaves at the role's measured turnover.
    assert sum(b.start_share * b.relative_hazard for b in inputs.service_bands) == pytest.approx(1.0)
    # Relative hazards are the bands' shrunk occurrence/exposure rates, in proportion.
    overall = sum(h.leavers for h in hazards) / sum(h.years_at_risk for h in hazards)
    rates = [shrunk_rate(h.leavers, h.years_at_risk, overall) for h in hazards]
    relative = [b.relative_hazard for b in inputs.service_bands]
    assert [r / rates[0] for r in rates] == pytest.approx([r / relative[0] for r in relative])
    assert "length of service" in inputs.leaving_basis and "2019-2025" in inputs.leaving_basis
    result = run_forecast(inputs, Scenario(), months=24, sims=200)
    assert result.percentiles["leavers_fte"][1, 0] > 0


def test_two_returns_keep_one_rate_per_role() -> None:
    returns = _council_returns([2024, 2025])
    inputs = inputs_from_census(workers_frame(returns), la_level_frame(returns))  # type: ignore[arg-type]
    assert inputs.service_bands == ()
    assert inputs.leaving_basis.startswith("one leaver rate per role: 2 census return(s)")


def test_published_statistics_have_no_spells_and_no_bands(shared_dir: Path) -> None:
    frame = load_published_training(shared_dir / "csww" / "csww_indicators_2017_to_2025.csv", 2022)
    fitted = fit_published(frame)
    assert fitted.inputs
    for inputs in fitted.inputs.values():
        assert inputs.service_bands == () and "service_bands" not in inputs.to_dict()
        assert inputs.leaving_basis.startswith("one leaver rate per role")


def test_the_board_pack_says_how_leaving_was_modelled_on_one_page(shared_dir: Path) -> None:
    frame = load_indicators(shared_dir / "csww" / "csww_indicators_2017_to_2025.csv")
    returns = [c for c in generate_region("East of England", range(2021, 2026), 1) if c.la_code == "873"]
    inputs = inputs_from_census(workers_frame(returns), la_level_frame(returns))
    assert inputs.service_bands
    run = ForecastRun(run_forecast(inputs, months=12, sims=200), ())
    html = board_pack_html(board_pack_data(frame, "873", run))
    assert "leaving: census spells 2021-2025: leaving by length of service" in html
    assert len(HTML(string=html).render().pages) == 1
