"""The chance of a shortfall with committed loans, on the same futures as the run itself."""

from __future__ import annotations

import numpy as np
import pytest

from csc_workforce.core.forecast import CommittedChange, NoiseModel, run_forecast
from csc_workforce.core.forecast.surplus import committed_shortfall

from .test_forecast_model import council

NOISY = NoiseModel(case_sd=0.08, case_level_sd=0.1, share_sd=0.05, share_level_sd=0.05)


def test_without_changes_it_is_the_runs_own_chance() -> None:
    inputs = council(noise=NOISY, cases=3300.0)  # caseload about 18: near the standard
    run = run_forecast(inputs, months=24, sims=800, seed=5)
    judged = committed_shortfall(inputs, (), months=24, sims=800, seed=5)
    assert judged.standard == run.standard == 18.0
    assert np.array_equal(judged.before, run.shortfall_probability)
    assert np.array_equal(judged.after, judged.before)


def test_lending_raises_the_chance_in_the_loans_months_only_and_borrowing_lowers_it() -> None:
    inputs = council(noise=NOISY, cases=3300.0)
    lent = committed_shortfall(inputs, (CommittedChange(-15.0, 4, 3),), months=12, sims=800, seed=5)
    inside, outside = slice(3, 6), np.r_[0:3, 6:12]
    assert np.all(lent.after[inside] > lent.before[inside])
    assert np.array_equal(lent.after[outside], lent.before[outside])
    borrowed = committed_shortfall(inputs, (CommittedChange(15.0, 1, 12),), months=12, sims=800, seed=5)
    assert np.all(borrowed.after < borrowed.before)
    before, after = lent.worst(12)
    assert before == pytest.approx(float(lent.before.max()))
    assert after == pytest.approx(float(lent.after.max()))


def test_lending_every_case_holder_is_a_shortfall_in_every_future() -> None:
    inputs = council(noise=NOISY)
    judged = committed_shortfall(inputs, (CommittedChange(-10_000.0, 1, 2),), months=12, sims=200, seed=1)
    assert np.all(judged.after[:2] == 1.0)


def test_a_council_without_cases_or_another_role_is_refused() -> None:
    with pytest.raises(ValueError, match="no cases"):
        committed_shortfall(council(cases=0.0), (), months=12, sims=50, seed=1)
    with pytest.raises(ValueError, match="only"):
        committed_shortfall(council(), (CommittedChange(1.0, role="managers"),), months=12, sims=50, seed=1)
