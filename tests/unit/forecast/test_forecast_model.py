"""The stock-flow model on inputs built in code."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core.forecast import CouncilInputs, NoiseModel, RoleInputs, Scenario, run_forecast
from csc_workforce.core.forecast.model import monthly_rate, simulate
from csc_workforce.core.forecast.result import month_labels

QUIET = NoiseModel(
    level_sd=0.0, drift_sd=0.0, hazard_sd=0.0, case_sd=0.0, agency_level_sd=0.0, agency_drift_sd=0.0
)


def council(**overrides: object) -> CouncilInputs:
    role = RoleInputs(
        role="all",
        inpost_fte=200.0,
        vacancy_fte=40.0,
        agency_fte=30.0,
        agency_cover_fte=25.0,
        leaver_rate=0.15,
    )
    values: dict[str, object] = {
        "code": "999",
        "name": "Testshire",
        "region": "Nowhere",
        "base_year": 2022,
        "roles": (role,),
        "fill_rate": 0.2,
        "cases": 2700.0,
        "case_holders_fte": 180.0,
        "noise": QUIET,
    }
    values.update(overrides)
    return CouncilInputs(**values)  # type: ignore[arg-type]


def test_monthly_rate_compounds_to_the_annual_rate() -> None:
    q = float(monthly_rate(0.2))
    assert 1 - (1 - q) ** 12 == pytest.approx(0.2)


def test_without_noise_the_stock_follows_the_fill_rate() -> None:
    inputs = council()
    out = simulate(inputs, Scenario(), 36, 3, np.random.default_rng(1))
    # Recruitment replaces leavers and closes 20% of the vacancy gap a year.
    for k in (1, 2, 3):
        expected = 240.0 - 40.0 * 0.8**k
        assert out["inpost_fte"][0, 12 * k - 1] == pytest.approx(expected, rel=1e-9)
    assert np.all(out["inpost_fte"] == out["inpost_fte"][0])  # identical simulations without noise


def test_turnover_matches_the_leaver_rate_in_a_steady_state() -> None:
    inputs = council(fill_rate=0.0)
    out = simulate(inputs, Scenario(), 24, 2, np.random.default_rng(1))
    assert out["turnover_rate_fte"][0, 11] == pytest.approx(100 * 0.15, rel=0.02)
    assert out["inpost_fte"][0, -1] == pytest.approx(200.0)


def test_same_seed_same_result_and_different_seed_differs() -> None:
    inputs = council(noise=NoiseModel())
    a = run_forecast(inputs, Scenario(), 24, 300, seed=7).to_dict()
    b = run_forecast(inputs, Scenario(), 24, 300, seed=7).to_dict()
    c = run_forecast(inputs, Scenario(), 24, 300, seed=8).to_dict()
    assert a == b
    assert a["series"] != c["series"]
    assert a["provenance"]["seed"] == 7
    assert len(a["provenance"]["inputs_sha256"]) == 64


def test_percentiles_are_ordered_and_shortfall_is_a_probability() -> None:
    result = run_forecast(council(noise=NoiseModel()), Scenario(), 36, 500)
    for values in result.percentiles.values():
        assert np.all(values[0] <= values[1] + 1e-9)
        assert np.all(values[1] <= values[2] + 1e-9)
    assert np.all((result.shortfall_probability >= 0) & (result.shortfall_probability <= 1))


def test_scenarios_move_the_forecast_the_right_way() -> None:
    base = run_forecast(council(noise=NoiseModel()), Scenario(), 36, 400)
    keep = run_forecast(council(noise=NoiseModel()), Scenario(name="r", retention_improvement=0.3), 36, 400)
    intake = run_forecast(
        council(noise=NoiseModel()), Scenario(name="i", extra_newly_qualified_fte=10), 36, 400
    )
    convert = run_forecast(council(noise=NoiseModel()), Scenario(name="c", agency_conversion_fte=10), 36, 400)
    cap = run_forecast(council(noise=NoiseModel()), Scenario(name="cap", caseload_cap=12.0), 36, 400)
    assert keep.september(3, "leavers_fte")[1] < base.september(3, "leavers_fte")[1]
    assert intake.september(3, "inpost_fte")[1] > base.september(3, "inpost_fte")[1]
    assert convert.september(1, "agency_fte")[1] < base.september(1, "agency_fte")[1]
    assert convert.september(1, "inpost_fte")[1] > base.september(1, "inpost_fte")[1]
    assert cap.september(1, "demand_fte")[1] > base.september(1, "demand_fte")[1]
    assert cap.september(3, "inpost_fte")[1] > base.september(3, "inpost_fte")[1]


def test_costs_use_the_council_rates() -> None:
    inputs = council(permanent_cost=60000.0, agency_cost=90000.0)
    result = run_forecast(inputs, Scenario(), 12, 10)
    inpost = result.percentiles["inpost_fte"][1, 0]
    agency = result.percentiles["agency_fte"][1, 0]
    assert result.percentiles["cost_permanent"][1, 0] == pytest.approx(inpost * 5000.0)
    assert result.percentiles["cost_agency"][1, 0] == pytest.approx(agency * 7500.0)


def test_month_labels_start_in_october_after_the_base_year() -> None:
    labels = month_labels(2022, 36)
    assert labels[0] == "2022-10"
    assert labels[11] == "2023-09"
    assert labels[35] == "2025-09"


def test_bad_inputs_are_refused_with_the_field_named() -> None:
    with pytest.raises(ValueError, match="leaver_rate"):
        RoleInputs(role="x", inpost_fte=1, vacancy_fte=0, agency_fte=0, agency_cover_fte=0, leaver_rate=1.5)
    with pytest.raises(ValueError, match="inpost_fte"):
        RoleInputs(role="x", inpost_fte=-1, vacancy_fte=0, agency_fte=0, agency_cover_fte=0, leaver_rate=0.1)
    with pytest.raises(ValueError, match="starter_origins"):
        council(starter_origins={"newly_qualified": 0.5})


@settings(max_examples=25, deadline=None)
@given(
    inpost=st.floats(0.0, 2000.0),
    vacancy=st.floats(0.0, 500.0),
    agency=st.floats(0.0, 300.0),
    rate=st.floats(0.0, 0.6),
    fill=st.floats(0.0, 1.0),
)
def test_stocks_stay_finite_and_non_negative(
    inpost: float, vacancy: float, agency: float, rate: float, fill: float
) -> None:
    role = RoleInputs(
        role="all",
        inpost_fte=inpost,
        vacancy_fte=vacancy,
        agency_fte=agency,
        agency_cover_fte=agency / 2,
        leaver_rate=rate,
    )
    out = simulate(
        council(roles=(role,), fill_rate=fill, noise=NoiseModel()),
        Scenario(),
        13,
        20,
        np.random.default_rng(0),
    )
    for name in ("inpost_fte", "agency_fte", "vacancy_fte", "cost_total"):
        assert np.all(np.isfinite(out[name]))
        assert np.all(out[name] >= 0)


def test_agency_cover_is_shared_across_roles_like_the_census_gives_it() -> None:
    # Census returns give vacancies and agency cover for the council; all the agency staff here
    # sit in one role while vacancies are split over two. The split must not change the forecast.
    one = council(fill_rate=0.0)
    split = council(
        fill_rate=0.0,
        roles=(
            RoleInputs("case holder", 100.0, 20.0, 30.0, 25.0, 0.15),
            RoleInputs("manager", 100.0, 20.0, 0.0, 0.0, 0.15),
        ),
    )
    a = simulate(one, Scenario(), 12, 2, np.random.default_rng(3))
    b = simulate(split, Scenario(), 12, 2, np.random.default_rng(3))
    np.testing.assert_allclose(a["agency_fte"], b["agency_fte"], rtol=1e-9)
    assert a["agency_fte"][0, 0] == pytest.approx(30.0, abs=0.5)  # starts where it is
