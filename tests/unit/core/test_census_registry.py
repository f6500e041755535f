from datetime import date
from decimal import Decimal

import pytest

from csc_workforce.core.census.registry import YEARS, census_year
from csc_workforce.core.census.values import (
    collection_year_bounds,
    normalise_code,
    parse_date,
    parse_decimal,
    parse_integer,
)


@pytest.mark.parametrize("year", YEARS)
def test_every_year_has_the_core_items(year: int) -> None:
    spec = census_year(year)
    assert {"AgencyWorker", "SWENo", "FTE", "OrgRole", "Cases30"} <= spec.worker_item_names
    assert {"NumberOfVacancies", "NoAgencyFTE", "NoAgencyHeadcount"} <= spec.la_item_names


def test_year_differences_follow_the_spec() -> None:
    assert census_year(2023).gender_item == "GenderCurrent"
    assert census_year(2024).gender_item == "Sex"
    assert "QualInst" in census_year(2024).worker_item_names
    assert "QualInst" not in census_year(2025).worker_item_names
    assert census_year(2025).la_block_name == "LALevel"
    assert census_year(2024).la_block_name == "LALevelVacancies"
    assert "CostDBS" in census_year(2025).la_item_names
    assert "CostDBS" not in census_year(2024).la_item_names


def test_unsupported_year_names_the_range() -> None:
    with pytest.raises(KeyError, match="2017-2026"):
        census_year(2016)


def test_codes_are_normalised_from_labels_numbers_and_case() -> None:
    assert normalise_code("OrgRole", "1.0") == "1"
    assert normalise_code("OrgRole", "Case holder") == "5"
    assert normalise_code("OrgRole", "Senior Practicioner") == "4"
    assert normalise_code("Ethnicity", "wbri") == "WBRI"
    assert normalise_code("YesNo", "true") == "1"
    assert normalise_code("OrgRole", "7") == "7"  # unknown stays for the rule to report


def test_value_parsers() -> None:
    assert parse_date("2022-09-30") == date(2022, 9, 30)
    with pytest.raises(ValueError, match="real date"):
        parse_date("2022-02-30")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date("30/09/2022")
    assert parse_decimal("1,234.5") == Decimal("1234.5")
    assert parse_integer("12.0") == 12
    with pytest.raises(ValueError, match="whole number"):
        parse_integer("12.5")
    assert collection_year_bounds(2022) == (date(2021, 10, 1), date(2022, 9, 30))
