"""The current collection year from a date, either side of 30 September, and the registry's 2026."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.census.registry import CENSUS_YEARS, LAST_YEAR, YEARS, census_year
from csc_workforce.core.census.years import (
    current_collection_year,
    default_collection_year,
    default_year_among,
)


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2026, 9, 29), 2025),
        (date(2026, 9, 30), 2026),
        (date(2026, 10, 1), 2026),
        (date(2026, 12, 1), 2026),
        (date(2027, 1, 1), 2026),
        (date(2027, 9, 29), 2026),
        (date(2027, 9, 30), 2027),
        (date(2025, 9, 29), 2024),
        (date(2025, 9, 30), 2025),
    ],
)
def test_current_collection_year_turns_on_30_september(today: date, year: int) -> None:
    assert current_collection_year(today) == year


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_current_year_is_the_latest_30_september_on_or_before_today(today: date) -> None:
    year = current_collection_year(today)
    assert date(year, 9, 30) <= today < date(year + 1, 9, 30)


def test_default_year_stays_within_the_registry() -> None:
    assert default_collection_year(date(2026, 12, 1)) == 2026
    assert default_collection_year(date(2026, 9, 29)) == 2025
    assert default_collection_year(date(2040, 10, 1)) == LAST_YEAR
    assert default_collection_year(date(2001, 10, 1)) == YEARS[0]


def test_default_among_prefers_the_current_year_then_the_latest_before_it() -> None:
    today = date(2026, 12, 1)
    assert default_year_among([2024, 2025, 2026], today) == 2026
    assert default_year_among([2024, 2025], today) == 2025
    assert default_year_among([2024, 2025, 2026, 2030], today) == 2026
    assert default_year_among([2024, 2025, 2026], date(2026, 9, 29)) == 2025
    assert default_year_among([2030], today) == 2030
    assert default_year_among([], today) is None


def test_2026_has_2025s_items_and_says_what_was_assumed() -> None:
    year_2026, year_2025 = census_year(2026), census_year(2025)
    assert 2026 in YEARS
    assert year_2026.worker_items == year_2025.worker_items
    assert year_2026.la_items == year_2025.la_items
    assert year_2026.la_block_name == "LALevel"
    assert year_2026.gender_item == "Sex"
    assert year_2026.provenance.assumptions is not None
    assert "2026" in year_2026.provenance.assumptions


def test_every_year_records_where_its_items_come_from() -> None:
    for year, spec in CENSUS_YEARS.items():
        assert spec.provenance.year == year
        assert spec.provenance.source
