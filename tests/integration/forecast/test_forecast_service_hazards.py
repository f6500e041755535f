"""The forecast takes leaving by length of service from a council's census spells (ADR 0021)."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_workforce.analytics.canonical import la_level_frame, workers_frame
from csc_workforce.analytics.forecast_inputs import fit_published, inputs_from_census, load_published_training
from csc_workforce.analytics.retention import return_records
from csc_workforce.core.forecast import Scenario, run_forecast
from csc_workforce.core.retention import build_spells, leaver_hazards_by_service
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
    # Newcomers leave more than long-serving staff in the synthetic histories, as in DfE's figures.
    assert inputs.service_bands[0].relative_hazard > inputs.service_bands[-1].relative_hazard
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
