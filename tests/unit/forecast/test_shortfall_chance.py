"""The chance of a shortfall with committed changes (a staff loan's effect on both councils):
bounded, lower with more FTE, and consistent with the prudent surplus at every prudence level."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core.forecast import CommittedChange, ForecastResult, NoiseModel, run_forecast
from csc_workforce.core.forecast.surplus import lowest_surplus, shortfall_chance, surplus_by_month
from tests.unit.forecast.test_forecast_shortfall import council

HORIZON = 6


@functools.cache
def result() -> ForecastResult:
    return run_forecast(council(noise=NoiseModel()), months=12, sims=2000)


changes = st.lists(
    st.builds(
        CommittedChange,
        fte=st.integers(-80, 80).map(lambda n: n / 4),
        start=st.integers(1, HORIZON),
        months=st.integers(1, HORIZON),
    ),
    max_size=3,
)


@settings(max_examples=60, deadline=None)
@given(committed=changes, extra=st.integers(1, 40).map(lambda n: n / 4))
def test_more_fte_never_raises_the_chance(committed: list[CommittedChange], extra: float) -> None:
    chance = shortfall_chance(result(), HORIZON, committed=committed)
    assert 0.0 <= chance <= 0.99
    more = [*committed, CommittedChange(extra, 1, HORIZON)]
    assert shortfall_chance(result(), HORIZON, committed=more) <= chance


@settings(max_examples=80, deadline=None)
@given(committed=changes, percent=st.integers(50, 99))
def test_short_at_a_prudence_level_exactly_when_the_chance_reaches_it(
    committed: list[CommittedChange], percent: int
) -> None:
    """Short in some month with what it has in ``percent`` futures in 100 ⇔ a chance of at least
    1 − percent/100 (an independent reading of the same percentiles, through the surplus)."""
    prudence = percent / 100
    months = surplus_by_month(result(), horizon=HORIZON, prudence=prudence, committed=committed)
    tightest = lowest_surplus(months).surplus_fte
    if abs(tightest) < 0.02:  # both round FTE to hundredths: too close to call
        return
    chance = shortfall_chance(result(), HORIZON, committed=committed)
    if tightest < 0:
        assert chance >= round(1 - prudence, 2)
    else:
        assert chance < round(1 - prudence, 2)


def test_a_loan_moves_risk_from_the_receiver_to_the_lender() -> None:
    base = shortfall_chance(result(), HORIZON)
    lent = shortfall_chance(result(), HORIZON, committed=[CommittedChange(-30.0, 1, HORIZON)])
    received = shortfall_chance(result(), HORIZON, committed=[CommittedChange(30.0, 1, HORIZON)])
    assert received <= base <= lent and received < lent
    with pytest.raises(ValueError, match="horizon"):
        shortfall_chance(result(), 2)
