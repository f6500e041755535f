from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.agency.cost import (
    cost_in_period,
    days_in_period,
    four_quarters_to,
    premium,
    quarter_bounds,
    quarter_of,
)
from csc_workforce.core.agency.dates import add_months, describe_gap
from tests.unit.agency.test_agency_rules import make


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 11, 15), 3, date(2026, 2, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 240))
def test_add_months_never_goes_backwards_and_keeps_the_month_count(day, months):
    moved = add_months(day, months)
    assert moved >= day
    assert (moved.year - day.year) * 12 + moved.month - day.month == months


def test_describe_gap():
    assert describe_gap(date(2025, 1, 15), date(2025, 3, 1)) == "1 month 14 days"
    assert describe_gap(date(2025, 1, 15), date(2025, 1, 15)) == "0 days"
    assert describe_gap(date(2025, 1, 15), date(2025, 4, 15)) == "3 months"


def test_cost_over_a_full_week():
    engagement = make(start_date=date(2025, 1, 6), end_date=date(2025, 1, 12))
    cost = cost_in_period(engagement, date(2025, 1, 1), date(2025, 12, 31))
    assert cost.days == 7
    assert cost.capped == Decimal("40.00") * 37 and cost.fee == Decimal("4.00") * 37
    assert cost.total == Decimal("44.00") * 37


def test_open_ended_engagement_runs_to_the_period_end():
    engagement = make(start_date=date(2025, 3, 1))
    assert days_in_period(engagement, date(2025, 1, 1), date(2025, 3, 31)) == 31
    assert (
        days_in_period(replace(engagement, end_date=date(2025, 2, 1)), date(2025, 1, 1), date(2025, 3, 31))
        == 0
    )


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)), st.integers(0, 400))
def test_quarterly_costs_add_up_to_the_whole(start, length):
    engagement = make(start_date=start, end_date=start + timedelta(days=length))
    whole = cost_in_period(engagement, date(2024, 1, 1), date(2028, 12, 31)).days
    parts = sum(
        days_in_period(engagement, *quarter_bounds(year, q))
        for year in range(2024, 2029)
        for q in (1, 2, 3, 4)
    )
    assert parts == whole == length + 1


def test_quarters():
    assert quarter_bounds(2025, 4) == (date(2025, 10, 1), date(2025, 12, 31))
    assert quarter_bounds(2024, 1) == (date(2024, 1, 1), date(2024, 3, 31))
    assert quarter_of(date(2025, 10, 31)) == (2025, 4)
    with pytest.raises(ValueError, match="1 to 4"):
        quarter_bounds(2025, 5)


def test_premium():
    assert premium(Decimal(40), Decimal(30)) == Decimal(10) / Decimal(30)
    assert premium(Decimal(40), Decimal(0)) is None


def test_four_quarters_to():
    assert four_quarters_to(date(2025, 5, 20)) == (date(2024, 7, 1), date(2025, 5, 20))
    assert four_quarters_to(date(2025, 1, 1)) == (date(2024, 4, 1), date(2025, 1, 1))
    assert four_quarters_to(date(2025, 12, 31)) == (date(2025, 1, 1), date(2025, 12, 31))
