"""Shortfall against a caseload standard, the demand model's spread, and surplus for sharing."""

from __future__ import annotations

import numpy as np
import pytest

from csc_workforce.core.forecast import (
    CommittedChange,
    CouncilInputs,
    NoiseModel,
    RoleInputs,
    Scenario,
    run_forecast,
    surplus_by_month,
)
from csc_workforce.core.forecast.backtest import score_events, shortfall_events
from csc_workforce.core.forecast.model import simulate

QUIET = NoiseModel(
    level_sd=0.0,
    drift_sd=0.0,
    hazard_sd=0.0,
    case_sd=0.0,
    share_sd=0.0,
    agency_level_sd=0.0,
    agency_drift_sd=0.0,
)


def council(cases: float = 3000.0, noise: NoiseModel = QUIET, **overrides: object) -> CouncilInputs:
    role = RoleInputs(
        "all", inpost_fte=200.0, vacancy_fte=0.0, agency_fte=0.0, agency_cover_fte=0.0, leaver_rate=0.15
    )
    values: dict[str, object] = {
        "code": "999",
        "name": "Testshire",
        "region": "Nowhere",
        "base_year": 2022,
        "roles": (role,),
        "cases": cases,
        "case_holders_fte": 180.0,
        "noise": noise,
    }
    values.update(overrides)
    return CouncilInputs(**values)  # type: ignore[arg-type]


def test_a_years_cases_shock_has_the_fitted_spread_not_sqrt_12_times_it() -> None:
    noise = NoiseModel(0.0, 0.0, 0.0, case_sd=0.1, share_sd=0.0, agency_level_sd=0.0, agency_drift_sd=0.0)
    out = simulate(council(noise=noise), Scenario(), 36, 20_000, np.random.default_rng(5))
    for year in (1, 2, 3):
        spread = np.std(np.log(out["cases"][:, 12 * year - 1] / 3000.0))
        assert spread == pytest.approx(0.1 * np.sqrt(year), rel=0.05)


def test_todays_workforce_at_a_lower_caseload_is_not_a_coin_toss() -> None:
    # 2700 cases / 180 holders = 15 cases each: well below 18, well above 12.
    noisy = NoiseModel(case_sd=0.05, share_sd=0.03)
    result = run_forecast(council(cases=2700.0, noise=noisy), months=24, sims=4000, standards=(12.0,))
    assert result.standard == 18.0 and not result.standard_set
    assert (result.risk(1) or 0.0) < 0.2
    assert (result.risk(1, 12.0) or 0.0) > 0.8
    risks = [result.risk(1, s) for s in (12.0, 15.0, 18.0, 20.0, 22.0)]
    assert risks == sorted(risks, reverse=True)


def test_the_councils_standard_is_the_one_judged_and_a_plan_can_set_its_own() -> None:
    own = run_forecast(council(caseload_standard=16.0, noise=NoiseModel()), months=12, sims=500)
    assert own.standard == 16.0 and own.standard_set
    assert own.to_dict()["annual"][0]["caseload_standard"] == 16.0
    plan = run_forecast(council(noise=NoiseModel()), Scenario(name="cap", caseload_cap=15.0), 12, 500)
    assert plan.standard == 15.0


def test_without_cases_there_is_no_probability_rather_than_a_false_one() -> None:
    result = run_forecast(council(cases=0.0, case_holders_fte=0.0), months=12, sims=100)
    assert result.risk(1) is None
    assert result.to_dict()["annual"][0]["caseload_fte"]["p50"] is None


def test_more_staff_lowers_the_caseload_and_the_risk() -> None:
    inputs = council(cases=3400.0, noise=NoiseModel())
    base = run_forecast(inputs, months=24, sims=2000)
    plan = run_forecast(inputs, Scenario(name="nq", extra_newly_qualified_fte=20.0), 24, 2000)
    assert plan.september(2, "caseload_fte")[1] < base.september(2, "caseload_fte")[1]
    assert (plan.risk(2) or 0.0) < (base.risk(2) or 0.0)


def test_surplus_is_prudent_holders_less_median_need_plus_commitments() -> None:
    result = run_forecast(council(noise=NoiseModel()), months=12, sims=2000)
    plain = surplus_by_month(result, horizon=6, prudence=0.9, standard=15.0)
    assert [m.month for m in plain] == [1, 2, 3, 4, 5, 6]
    first = plain[0]
    assert first.needed_fte == pytest.approx(result.percentiles["cases"][1, 0] / 15.0, abs=0.01)
    assert first.available_fte == pytest.approx(float(result.holders_at(0.1)[0]), abs=0.01)
    assert first.available_fte < result.percentiles["case_holders_fte"][1, 0]
    lent = surplus_by_month(
        result, horizon=6, prudence=0.9, standard=15.0, committed=[CommittedChange(-4.0, start=2, months=3)]
    )
    assert [round(b.surplus_fte - a.surplus_fte, 2) for a, b in zip(plain, lent, strict=True)] == [
        0.0,
        -4.0,
        -4.0,
        -4.0,
        0.0,
        0.0,
    ]
    more_prudent = surplus_by_month(result, horizon=6, prudence=0.95, standard=15.0)
    assert all(p.surplus_fte <= q.surplus_fte for p, q in zip(more_prudent, plain, strict=True))
    with pytest.raises(ValueError, match="horizon"):
        surplus_by_month(result, horizon=2)
    with pytest.raises(ValueError, match="only"):
        surplus_by_month(result, committed=[CommittedChange(1.0, role="manager")])


def test_events_and_scores_against_the_base_rate() -> None:
    result = run_forecast(council(noise=NoiseModel()), months=12, sims=1000, standards=(16.0,))
    actual = {("999", 2023, "caseload_fte"): 17.0, ("998", 2023, "caseload_fte"): 15.0}
    events = shortfall_events({"999": result}, actual, ["998", "999"], [2023], [16.0])
    assert [(e["old_la_code"], e["actual"]) for e in events] == [("998", False), ("999", True)]
    assert events[0]["probability"] is None
    assert events[1]["probability"] == result.risk(1, 16.0)
    scored = score_events(events, {"999": 17.0, "998": 14.0, "997": 18.0})
    cell = scored["by_standard"]["16"]["2023"]
    p = events[1]["probability"]
    assert cell["events"] == 1
    assert cell["brier"] == pytest.approx((p - 1.0) ** 2, abs=1e-4)
    assert cell["base_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert cell["brier_base_rate"] == pytest.approx((2 / 3 - 1.0) ** 2, abs=1e-4)
