"""A forecast from census returns projects demand as the published fit chose to, with its spreads."""

from __future__ import annotations

import math

import pytest

from csc_workforce.analytics.canonical import la_level_frame, workers_frame
from csc_workforce.analytics.forecast_inputs import bundled_fit, inputs_from_census
from csc_workforce.core.forecast import ForecastResult, NoiseModel, run_forecast
from csc_workforce.core.forecast.calibration import noise_for
from csc_workforce.synth import generate_region

pytestmark = pytest.mark.integration


def spread(result: ForecastResult) -> float:
    """Log width of the 80% band of cases a year ahead."""
    p10, _, p90 = result.september(1, "cases")
    return math.log(p90 / p10)


@pytest.fixture(scope="module")
def council_returns() -> list[object]:
    returns = list(generate_region("North East", [2023, 2024, 2025], 11))
    code = returns[0].la_code
    return [r for r in returns if r.la_code == code]


def test_census_inputs_take_the_published_fits_demand_and_spreads(council_returns: list[object]) -> None:
    workers, la_level = workers_frame(council_returns), la_level_frame(council_returns)  # type: ignore[arg-type]
    fitted = bundled_fit()
    plain = inputs_from_census(workers, la_level)
    judged = inputs_from_census(workers, la_level, published=fitted)
    demand = fitted.calibration.demand
    # The stocks are the council's own either way; only how they move on differs.
    assert (judged.cases, judged.case_holders_fte) == (plain.cases, plain.case_holders_fte)
    assert judged.inpost_fte == pytest.approx(plain.inpost_fte)
    assert plain.noise == NoiseModel()
    assert judged.noise == noise_for(fitted.calibration, plain.inpost_fte)
    published = fitted.inputs[judged.code]
    assert judged.case_trend == published.case_trend
    assert judged.caseload_target == published.caseload_target
    assert judged.caseload_reversion == demand.caseload_reversion
    caseload = judged.cases / judged.case_holders_fte
    assert judged.case_capacity_gap == pytest.approx(
        demand.capacity_share * math.log(published.caseload_target / caseload)  # type: ignore[operator]
    )
    assert "cross-validated" in judged.sources["case_trend"]
    # Honest bands: the fitted spread of cases a year ahead, not the narrow default.
    wide, narrow = (run_forecast(i, months=12, sims=2000) for i in (judged, plain))
    assert spread(wide) > spread(narrow)
    expected = 2 * 1.2816 * math.hypot(judged.noise.case_level_sd, judged.noise.case_sd)
    assert spread(wide) == pytest.approx(expected, rel=0.15)
