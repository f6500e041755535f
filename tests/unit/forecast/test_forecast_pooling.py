"""Partial pooling, calibration on a synthetic panel, scenarios as data, backtest scoring."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core.forecast import Panel, Scenario, ScenarioError, fit_panel, run_forecast
from csc_workforce.core.forecast.backtest import BACKTEST_MEASURES, backtest_rows, summarise
from csc_workforce.core.forecast.calibration import MEASURES, choose_fill_rate
from csc_workforce.core.forecast.pooling import partial_pool


def test_a_council_with_no_data_gets_its_region() -> None:
    values = np.array([[0.1, 0.12, 0.11], [0.2, 0.22, 0.21], [np.nan, np.nan, np.nan]])
    pooled = partial_pool(values, ["A", "B", "A"])
    assert pooled.estimate[2] == pytest.approx(pooled.region_mean["A"])
    assert pooled.own_weight[2] == 0.0


def test_noisy_councils_lean_more_on_the_prior() -> None:
    steady = [0.15, 0.15, 0.15, 0.15]
    values = np.array([steady, steady, [0.05, 0.35, np.nan, np.nan], [0.1, 0.2, 0.15, 0.15]])
    pooled = partial_pool(values, ["A"] * 4)
    assert pooled.own_weight[2] < pooled.own_weight[3]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3), min_size=2, max_size=12))
def test_pooled_estimates_stay_within_the_range_of_council_means(rows: list[list[float]]) -> None:
    values = np.array(rows)
    regions = ["A" if i % 2 else "B" for i in range(len(rows))]
    pooled = partial_pool(values, regions)
    means = values.mean(axis=1)
    assert np.all(pooled.estimate >= means.min() - 1e-9)
    assert np.all(pooled.estimate <= means.max() + 1e-9)


def synthetic_panel(fill: float, councils: int = 60, years: int = 6, seed: int = 3) -> Panel:
    rng = np.random.default_rng(seed)
    size = rng.uniform(50, 600, councils)
    posts = size * 1.2
    inpost = np.empty((councils, years))
    inpost[:, 0] = size
    for t in range(1, years):
        inpost[:, t] = (posts - (posts - inpost[:, t - 1]) * (1 - fill)) * np.exp(
            rng.normal(0, 0.02, councils)
        )
    values = {m: np.full((councils, years), np.nan) for m in MEASURES}
    values["inpost_fte"] = inpost
    values["vacancy_fte"] = np.maximum(posts[:, None] - inpost, 0)
    values["leavers_fte"] = inpost * 0.15
    values["starters_fte"] = inpost * 0.16
    values["agency_fte"] = values["vacancy_fte"] * 0.7
    values["agency_cover_fte"] = values["vacancy_fte"] * 0.6
    values["cases"] = inpost * 10
    values["case_holders_fte"] = inpost * 0.6
    return Panel(
        codes=[f"{800 + i}" for i in range(councils)],
        names=[f"Council {i}" for i in range(councils)],
        regions=["North" if i % 3 else "South" for i in range(councils)],
        years=list(range(2017, 2017 + years)),
        values=values,
    )


def test_cross_validation_recovers_the_fill_rate() -> None:
    best, scores, folds = choose_fill_rate(synthetic_panel(0.3))
    assert best == 0.3
    assert folds > 5
    assert scores[0.0] == pytest.approx(1.0)


def test_fit_panel_gives_runnable_inputs_and_names_the_skipped() -> None:
    panel = synthetic_panel(0.2)
    panel.values["inpost_fte"][5, -1] = np.nan
    fitted = fit_panel(panel)
    assert "805" in fitted.skipped
    assert len(fitted.inputs) == 59
    one = fitted.inputs["800"]
    assert one.base_year == 2022
    assert one.roles[0].leaver_rate == pytest.approx(0.15, abs=1e-6)
    result = run_forecast(one, Scenario(), 12, 50)
    assert result.to_dict()["annual"][0]["time_period"] == 2023


def test_scenario_from_dict_names_file_and_field() -> None:
    s = Scenario.from_dict({"name": "keep", "retention_improvement": 0.1, "caseload_cap": 15}, "s.yaml")
    assert s.caseload_cap == 15.0
    with pytest.raises(ScenarioError, match=r"s\.yaml.*retention_improvement"):
        Scenario.from_dict({"retention_improvement": "lots"}, "s.yaml")
    with pytest.raises(ScenarioError, match="unknown field"):
        Scenario.from_dict({"retention": 0.1}, "s.yaml")
    with pytest.raises(ScenarioError, match="caseload_cap"):
        Scenario.from_dict({"caseload_cap": -3}, "s.yaml")
    with pytest.raises(ScenarioError, match="mapping"):
        Scenario.from_dict([1, 2], "s.yaml")


def test_summary_scores_against_persistence_and_counts_coverage() -> None:
    rows = [
        {
            "old_la_code": "1",
            "time_period": 2025,
            "measure": "inpost_fte",
            "actual": 110.0,
            "p10": 100.0,
            "p50": 108.0,
            "p90": 115.0,
        },
        {
            "old_la_code": "2",
            "time_period": 2025,
            "measure": "inpost_fte",
            "actual": 50.0,
            "p10": 52.0,
            "p50": 55.0,
            "p90": 60.0,
        },
        {
            "old_la_code": "3",
            "time_period": 2025,
            "measure": "inpost_fte",
            "actual": 10.0,
            "p10": 9.0,
            "p50": 10.0,
            "p90": 11.0,
        },
    ]
    base = {("1", "inpost_fte"): 100.0, ("2", "inpost_fte"): 50.0, ("3", "inpost_fte"): 5.0}
    s = summarise(rows, base)["inpost_fte"]["2025"]
    assert s["councils"] == 2  # council 3 is under 20 FTE
    assert s["coverage_p10_p90"] == 0.5
    assert s["mape_p50"] == pytest.approx(100 * (2 / 110 + 5 / 50) / 2, abs=1e-3)
    assert s["mape_persistence"] == pytest.approx(100 * (10 / 110) / 2, abs=1e-3)


def test_backtest_rows_cover_councils_without_a_forecast() -> None:
    rows = backtest_rows({}, {("9", 2024, "inpost_fte"): 40.0}, ["9"], [2024])
    assert rows[0]["actual"] == 40.0
    assert rows[0]["p50"] is None
    assert {r["measure"] for r in rows} == set(BACKTEST_MEASURES)
