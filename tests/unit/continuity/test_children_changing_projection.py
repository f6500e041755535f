"""Next year's children changing social worker, from hand-made links and forecast bands."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.continuity.changes import ChangeCause, ChangeLink
from csc_workforce.core.continuity.projection import (
    Band,
    ChildrenChangingProjection,
    NotAvailable,
    project_children_changing,
)
from csc_workforce.core.forecast import NoiseModel, Scenario, run_forecast
from csc_workforce.core.forecast.model import simulate
from csc_workforce.core.forecast.result import council_rng
from tests.unit.forecast.test_forecast_model import council

# Year to 31 March 2025: two leavers changed 4 and 2 children's social worker; five other changes.
LINK = ChangeLink(
    year=2025,
    causes={ChangeCause.LEFT_COUNCIL: 6, ChangeCause.AGENCY: 2, ChangeCause.STILL_IN_POST: 3},
    children_per_leaver={"SW1": 4, "SW2": 2},
    census_years_missing=(),
    agency_episodes=2,
    episodes_in_year=20,
    changes=11,
)


def test_known_answer_leavers_times_children_per_leaver_fte_plus_the_baseline() -> None:
    projection = project_children_changing(2026, Band(2.0, 4.0, 6.0), LINK, 4.0)
    assert isinstance(projection, ChildrenChangingProjection)
    assert projection.children_per_case_holding_leaver == 3.0  # 6 children / 2 leavers
    assert projection.case_holding_leavers_per_leaver_fte == 0.5  # 2 leavers / 4 FTE
    assert projection.children_per_leaver_fte == 1.5
    assert projection.from_leavers == Band(3.0, 6.0, 9.0)
    assert projection.baseline == {
        ChangeCause.AGENCY: 2,
        ChangeCause.ABSENT: 0,
        ChangeCause.STILL_IN_POST: 3,
        ChangeCause.NOT_IN_CENSUS: 0,
    }
    assert projection.baseline_total == 5
    assert projection.total == Band(8.0, 11.0, 14.0)
    words = projection.assumption
    assert "30 September 2026" in words and "31 March 2025" in words
    assert "2 leavers" in words and "3 children each" in words and "1.5 children per leaver FTE" in words
    planned = projection.with_leavers(Band(1.0, 2.0, 3.0))
    assert planned.from_leavers == Band(1.5, 3.0, 4.5) and planned.total == Band(6.5, 8.0, 9.5)


def test_rounding_of_a_band_is_half_up() -> None:
    assert Band(2.5, 3.49, 10.5).rounded() == Band(3.0, 3.0, 11.0)


def test_without_ssda903_or_census_it_is_not_available_not_zero() -> None:
    result = project_children_changing(2026, Band(2.0, 4.0, 6.0), None, 4.0)
    assert isinstance(result, NotAvailable)
    assert result.reason.startswith("not available")


@pytest.mark.parametrize("leavers", [None, 0.0])
def test_without_measured_leavers_it_is_not_available(leavers: float | None) -> None:
    result = project_children_changing(2026, Band(2.0, 4.0, 6.0), LINK, leavers)
    assert isinstance(result, NotAvailable)
    assert "31 March 2025" in result.reason


def test_a_year_with_leavers_but_no_children_affected_projects_zero() -> None:
    quiet = ChangeLink(2025, {}, {}, (), 0, 5, 0)
    projection = project_children_changing(2026, Band(2.0, 4.0, 6.0), quiet, 3.0)
    assert isinstance(projection, ChildrenChangingProjection)
    assert projection.total == Band(0.0, 0.0, 0.0)
    assert "no children" in projection.assumption


def test_the_forecasts_yearly_leavers_are_percentiles_of_each_futures_sum() -> None:
    inputs = council(noise=NoiseModel())  # the default, noisy model
    result = run_forecast(inputs, Scenario(), months=24, sims=400, seed=7)
    draws = simulate(inputs, Scenario(), 24, 400, council_rng(7, inputs.code))["leavers_fte"]
    for year in (1, 2):
        sums = draws[:, 12 * (year - 1) : 12 * year].sum(axis=1)
        expected = np.percentile(sums, [10, 50, 90])
        assert result.leavers_in_year(year) == pytest.approx(tuple(expected), rel=1e-9)
    low, median, high = result.leavers_in_year(1)
    assert low < median < high
    with pytest.raises(ValueError, match="24 months"):
        result.leavers_in_year(3)


@given(
    low=st.floats(0, 50),
    spread=st.floats(0, 50),
    affected=st.integers(0, 40),
    holders=st.integers(1, 20),
    measured=st.floats(0.1, 80),
    agency=st.integers(0, 30),
    still=st.integers(0, 30),
)
def test_the_projection_is_linear_in_the_leavers_and_adds_the_baseline(
    low: float, spread: float, affected: int, holders: int, measured: float, agency: int, still: int
) -> None:
    link = ChangeLink(
        2025,
        {ChangeCause.LEFT_COUNCIL: affected, ChangeCause.AGENCY: agency, ChangeCause.STILL_IN_POST: still},
        {f"SW{i}": 0 for i in range(holders - 1)} | {"SWX": affected},
        (),
        0,
        1,
        affected + agency + still,
    )
    leavers = Band(low, low + spread / 2, low + spread)
    projection = project_children_changing(2026, leavers, link, measured)
    assert isinstance(projection, ChildrenChangingProjection)
    rate = affected / measured
    assert projection.from_leavers.median == pytest.approx(leavers.median * rate)
    assert projection.total.low <= projection.total.median <= projection.total.high
    assert projection.total.median == pytest.approx(projection.from_leavers.median + agency + still)
    per_holder = projection.children_per_case_holding_leaver
    assert per_holder is not None
    assert projection.case_holding_leavers_per_leaver_fte * per_holder == pytest.approx(rate)
