"""How cases are projected: a smoothed level, and part of the caseload's drift closing through cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core.forecast import Scenario
from csc_workforce.core.forecast.calibration import closing_share, smoothed_log_level
from csc_workforce.core.forecast.model import simulate

from .test_forecast_model import council


def test_the_smoothed_level_weights_recent_years_and_skips_missing_ones() -> None:
    logs = np.log(np.array([[100.0, 200.0, 400.0], [100.0, np.nan, 400.0], [np.nan, np.nan, 50.0]]))
    level = smoothed_log_level(logs, 2, 0.5)
    first = 0.5 * math.log(200) + 0.5 * math.log(100)
    assert level[0] == pytest.approx(0.5 * math.log(400) + 0.5 * first)
    assert level[1] == pytest.approx(0.5 * math.log(400) + 0.5 * math.log(100))
    assert level[2] == pytest.approx(math.log(50))
    # Weight 1 is the last known year alone; later columns never reach an earlier origin.
    assert np.allclose(smoothed_log_level(logs, 2, 1.0), logs[:, 2])
    assert smoothed_log_level(logs, 1, 0.5)[0] == pytest.approx(first)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(min_value=1.0, max_value=1e5), min_size=1, max_size=8),
    st.floats(min_value=0.05, max_value=1.0),
)
def test_the_smoothed_level_stays_within_the_years_seen(values: list[float], weight: float) -> None:
    logs = np.log(np.array([values]))
    level = float(smoothed_log_level(logs, len(values) - 1, weight)[0])
    assert min(np.log(values)) - 1e-9 <= level <= max(np.log(values)) + 1e-9


def test_a_share_of_the_caseload_gap_moves_cases_and_the_caseload_still_drifts_as_fitted() -> None:
    # Caseload 15 against a target of 18: half the gap closes a year; 30% of it through cases.
    gap = math.log(18.0 / 15.0)
    plain = council(caseload_target=18.0, caseload_reversion=0.5)
    stretched = council(caseload_target=18.0, caseload_reversion=0.5, case_capacity_gap=0.3 * gap)
    months, rng = 36, np.random.default_rng(3)
    before = simulate(plain, Scenario(), months, 2, rng)
    after = simulate(stretched, Scenario(), months, 2, np.random.default_rng(3))
    for years in (1, 2, 3):
        m = 12 * years - 1
        expected = 2700.0 * math.exp(0.3 * gap * float(closing_share(0.5, years)))
        assert after["cases"][0, m] == pytest.approx(expected, rel=1e-9)
        assert before["cases"][0, m] == pytest.approx(2700.0, rel=1e-9)
        # The caseload is the same either way: the rest of the gap closes through case holders.
        assert after["caseload_fte"][0, m] == pytest.approx(before["caseload_fte"][0, m], rel=1e-9)
        assert after["case_holders_fte"][0, m] > before["case_holders_fte"][0, m]  # more cases, more holders
