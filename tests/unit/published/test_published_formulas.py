"""DfE's measure formulas and rounding (core.measures_formulas)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core import measures_formulas as mf

counts = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=0.1, max_value=1e6, allow_nan=False, allow_infinity=False)


def test_published_examples_essex_2025() -> None:
    # Essex 2025 row of the 2025 release (spec §10).
    assert mf.round_half_up(mf.turnover_rate(74.4, 884.3), 1) == 8.4
    assert mf.round_half_up(mf.agency_rate(12, 884.3), 1) == 1.3
    assert mf.round_half_up(mf.vacancy_rate(49, 884.3), 1) == 5.3
    assert mf.round_half_up(mf.vacancy_agency_cover_rate(12, 49), 1) == 24.5
    assert mf.round_half_up(mf.agency_cover_rate(12, 12), 1) == 100.0
    assert mf.round_half_up(mf.caseload(5696, 419.8), 1) == 13.6
    assert mf.round_half_up(mf.absence_rate(6693.7, 884.3, mf.working_days_in_census_year(2025)), 1) == 3.0


def test_zero_denominators_are_not_applicable() -> None:
    assert mf.turnover_rate(0, 0) is None
    assert mf.agency_rate(0, 0) is None
    assert mf.vacancy_rate(0, 0) is None
    assert mf.agency_cover_rate(0, 0) is None
    assert mf.vacancy_agency_cover_rate(0, 0) is None
    assert mf.caseload(5, 0) is None
    assert mf.absence_rate(3, 0, 253) is None
    # Isles of Scilly 2025: nobody in post, 2 agency FTE and 3 vacancies give rates of 100.
    assert mf.agency_rate(2, 0) == 100.0
    assert mf.vacancy_rate(3, 0) == 100.0


@pytest.mark.parametrize(
    ("year", "days"), [(2017, 253), (2019, 253), (2020, 254), (2021, 253), (2024, 254), (2025, 253)]
)
def test_working_days_follow_29_february(year: int, days: int) -> None:
    assert mf.working_days_in_census_year(year) == days


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [(2.675, 2, 2.68), (0.05, 1, 0.1), (0.15, 1, 0.2), (16.45, 1, 16.5), (-0.05, 1, -0.1), (12.5, 0, 13.0)],
)
def test_round_half_up_breaks_ties_upwards(value: float, places: int, expected: float) -> None:
    assert mf.round_half_up(value, places) == expected


def test_round_half_up_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="places"):
        mf.round_half_up(1.0, -1)
    with pytest.raises(ValueError, match="cannot round"):
        mf.round_half_up(math.inf, 1)


@given(st.decimals(min_value=-1e6, max_value=1e6, places=3, allow_nan=False))
def test_round_half_up_is_within_half_a_unit(value: Decimal) -> None:
    rounded = mf.round_half_up(value, 1)
    assert abs(Decimal(repr(rounded)) - value) <= Decimal("0.05")


@given(counts, counts)
def test_share_rates_lie_between_0_and_100(part: float, other: float) -> None:
    for rate in (mf.agency_rate(part, other), mf.vacancy_rate(part, other)):
        if part + other == 0:
            assert rate is None
        else:
            assert rate is not None
            assert 0 <= rate <= 100 + 1e-9


@given(counts, positive)
def test_turnover_scales_with_leavers(leavers: float, inpost: float) -> None:
    rate = mf.turnover_rate(leavers, inpost)
    doubled = mf.turnover_rate(2 * leavers, inpost)
    assert rate is not None and doubled is not None
    assert math.isclose(doubled, 2 * rate, rel_tol=1e-9, abs_tol=1e-9)


@given(counts, positive)
def test_cover_rates_are_ratios_in_percent(cover: float, base: float) -> None:
    assert mf.agency_cover_rate(cover, base) == pytest.approx(100 * cover / base)
    assert mf.vacancy_agency_cover_rate(cover, base) == pytest.approx(100 * cover / base)


@given(counts, positive, st.integers(min_value=2017, max_value=2100))
def test_absence_rate_uses_census_year_working_days(days: float, inpost: float, year: int) -> None:
    rate = mf.compute_rate("absence_rate_fte", {"working_days_lost_fte": days, "inpost_fte": inpost}, year)
    assert rate == pytest.approx(100 * days / (inpost * mf.working_days_in_census_year(year)))


def test_compute_rate_and_places_know_every_measure() -> None:
    assert set(mf.RATE_DEFINITIONS) <= set(mf.MEASURE_COLUMNS)
    assert len(mf.MEASURE_COLUMNS) == 22
    assert mf.published_places("cases") == 0
    assert mf.published_places("caseload_fte") == 1
    assert mf.compute_rate("caseload_fte", {"cases": 76, "case_holders_fte": 6.8}, 2025) == pytest.approx(
        76 / 6.8
    )
    with pytest.raises(ValueError, match="not a published rate"):
        mf.compute_rate("inpost_fte", {}, 2025)
    with pytest.raises(ValueError, match="unknown measure"):
        mf.published_places("nonsense")
