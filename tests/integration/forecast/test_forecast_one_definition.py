"""One definition: a forecast from census returns starts from exactly the council's measures."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_workforce.analytics.canonical import la_level_frame, workers_frame
from csc_workforce.analytics.council import council_measures
from csc_workforce.analytics.forecast_inputs import inputs_from_census
from csc_workforce.core.forecast import Scenario, run_forecast
from csc_workforce.synth import generate_region

pytestmark = pytest.mark.integration


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**63 - 1))
def test_the_forecast_base_year_equals_the_councils_measures(seed: int) -> None:
    returns = list(generate_region("North East", [2024, 2025], seed))
    by_council: dict[str, list[object]] = {}
    for census in returns:
        by_council.setdefault(census.la_code, []).append(census)
    for council_returns in list(by_council.values())[:3]:
        workers, la_level = workers_frame(council_returns), la_level_frame(council_returns)  # type: ignore[arg-type]
        measures = council_measures(workers, la_level).sort("time_period").row(-1, named=True)
        inputs = inputs_from_census(workers, la_level)
        assert inputs.base_year == measures["time_period"]
        assert inputs.inpost_fte == pytest.approx(measures["inpost_fte"], abs=1e-9)
        assert inputs.agency_fte == pytest.approx(measures["agency_fte"], abs=1e-9)
        assert sum(r.vacancy_fte for r in inputs.roles) == pytest.approx(measures["vacancy_fte"] or 0.0)
        assert inputs.cases == pytest.approx(measures["cases"])
        assert inputs.case_holders_fte == pytest.approx(measures["case_holders_fte"])
        # The caseload the forecast judges is the council's caseload, by the same formula.
        assert inputs.cases / inputs.case_holders_fte == pytest.approx(measures["caseload_fte"])
        # Turnover over the years given: the council's leavers over its FTE in post.
        history = council_measures(workers, la_level)
        overall = history["leavers_fte"].sum() / history["inpost_fte"].sum()
        weights = [r.inpost_fte for r in inputs.roles]
        blended = sum(r.leaver_rate * w for r, w in zip(inputs.roles, weights, strict=True)) / sum(weights)
        assert blended == pytest.approx(overall, abs=0.05)
        # A run without noise's first month starts from these stocks.
        result = run_forecast(inputs, Scenario(), months=12, sims=50)
        assert result.percentiles["inpost_fte"][1, 0] == pytest.approx(inputs.inpost_fte, rel=0.2)
