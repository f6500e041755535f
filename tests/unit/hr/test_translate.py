"""SWE numbers, hours to FTE, dates and the 12 months to a date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.census.values import SWE_NUMBER
from csc_workforce.core.hr.extract import is_personal_heading
from csc_workforce.core.hr.translate import clean_swe, hours_to_fte, hr_date
from csc_workforce.core.measures import reference_dates, twelve_months_to


@pytest.mark.parametrize("text", ["sw 104532", "SW-104532", " Sw104532 ", "s.w. 104 532"])
def test_swe_numbers_lose_spaces_punctuation_and_case(text: str) -> None:
    assert clean_swe(text) == "SW104532"


@given(
    st.integers(min_value=1, max_value=10**12 - 1),
    st.lists(st.text(alphabet=" -./_", max_size=2), min_size=15, max_size=15),
    st.booleans(),
)
def test_any_spelling_of_a_swe_number_cleans_to_the_number(number: int, gaps: list[str], lower: bool) -> None:
    canonical = f"SW{number}"
    written = "".join(
        gap + char for gap, char in zip(gaps, canonical.lower() if lower else canonical, strict=False)
    )
    assert clean_swe(written + gaps[-1]) == canonical
    assert SWE_NUMBER.match(clean_swe(written))


@pytest.mark.parametrize(
    ("text", "fte"),
    [("37", "1"), ("18.5 hours", "0.5"), ("22.5", "0.608108"), ("29.6 hrs", "0.8"), ("0", "0")],
)
def test_hours_become_fte_rounded_to_6_places(text: str, fte: str) -> None:
    assert hours_to_fte(text, Decimal(37)) == fte


@given(st.decimals(min_value=0, max_value=80, places=2))
def test_fte_from_hours_is_within_half_a_millionth(hours: Decimal) -> None:
    fte = Decimal(hours_to_fte(str(hours), Decimal(37)))
    assert abs(fte - hours / Decimal(37)) <= Decimal("0.0000005")


@pytest.mark.parametrize("text", ["part time", "", "hours"])
def test_hours_without_a_number_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="no number of hours"):
        hours_to_fte(text, Decimal(37))


def test_dates_read_as_iso_or_in_the_mapping_format() -> None:
    assert hr_date("2024-09-30", "%d/%m/%Y") == date(2024, 9, 30)
    assert hr_date("30/09/2024", "%d/%m/%Y") == date(2024, 9, 30)
    with pytest.raises(ValueError, match="not a date as %d/%m/%Y"):
        hr_date("09/30/2024", "%d/%m/%Y")


def test_the_12_months_to_30_september_are_the_census_year() -> None:
    assert twelve_months_to(date(2025, 9, 30)) == reference_dates(2025)
    assert twelve_months_to(date(2024, 2, 29)) == (np.datetime64("2023-03-01"), np.datetime64("2024-02-29"))
    assert twelve_months_to(date(2025, 1, 31)) == (np.datetime64("2024-02-01"), np.datetime64("2025-01-31"))


@pytest.mark.parametrize("heading", ["Forename", "Surname", "NI Number", "Home Postcode", "Email address"])
def test_personal_headings_are_recognised(heading: str) -> None:
    assert is_personal_heading(heading)


@pytest.mark.parametrize("heading", ["Job Title", "Start Date", "Social Work England number", "Hours"])
def test_census_headings_are_not_personal(heading: str) -> None:
    assert not is_personal_heading(heading)
