"""Each return carries its own year's items and nothing else; numbers are written without noise."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.census.registry import census_year
from csc_workforce.core.census.values import decimal_places, parse_decimal
from csc_workforce.synth import generate_region
from csc_workforce.synth.records import number


@given(st.floats(0, 1000, allow_nan=False), st.integers(0, 6))
def test_number_keeps_the_value_within_its_places(value: float, places: int) -> None:
    text = number(value, places)
    parsed = parse_decimal(text)
    assert decimal_places(parsed) <= places
    assert abs(parsed - Decimal(repr(value))) <= Decimal(1).scaleb(-places) / 2
    assert not text.endswith(".") and (("." not in text) or not text.endswith("0"))


@pytest.fixture(scope="module")
def north_east() -> dict[int, list]:
    returns = list(generate_region("North East", [2017, 2023, 2024, 2025], seed=11))
    by_year: dict[int, list] = {}
    for census in returns:
        assert census.year is not None
        by_year.setdefault(census.year, []).append(census)
    return by_year


@pytest.mark.parametrize("year", [2017, 2023, 2024, 2025])
def test_items_are_the_years_own(north_east: dict[int, list], year: int) -> None:
    spec = census_year(year)
    for census in north_east[year]:
        assert census.la_block_name == spec.la_block_name
        assert set(census.la_items) <= spec.la_item_names
        assert {"NumberOfVacancies", "NoAgencyFTE", "NoAgencyHeadcount"} <= set(census.la_items)
        for worker in census.workers:
            assert set(worker.items) <= spec.worker_item_names
            if worker.value("AgencyWorker") == "0":
                assert set(spec.non_agency_mandatory) <= set(worker.items)


def test_gender_item_follows_the_2024_change(north_east: dict[int, list]) -> None:
    employed_2023 = [w for c in north_east[2023] for w in c.workers if w.value("AgencyWorker") == "0"]
    employed_2024 = [w for c in north_east[2024] for w in c.workers if w.value("AgencyWorker") == "0"]
    assert {w.value("GenderCurrent") for w in employed_2023} == {"1", "2"}
    assert {w.value("Sex") for w in employed_2024} == {"M", "F"}


def test_2025_pay_items_present_and_qualifying_institution_gone(north_east: dict[int, list]) -> None:
    for census in north_east[2025]:
        assert {"RecruitmentBonus", "CostSWE", "OtherAllowances"} <= set(census.la_items)
        employed = [w for w in census.workers if w.value("AgencyWorker") == "0"]
        assert all("BaseSalary" in w.items and "QualInst" not in w.items for w in employed)


def test_swe_numbers_are_invented_in_the_right_format(north_east: dict[int, list]) -> None:
    numbers = {w.value("SWENo") for year in north_east.values() for c in year for w in c.workers}
    # SW, the region's number (North East is the first region) and eight digits.
    assert all(n is not None and len(n) == 11 and n.startswith("SW1") and n[2:].isdigit() for n in numbers)
