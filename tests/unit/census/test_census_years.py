"""Every collection year 2017-2025: a clean return written as XML reads back and validates clean,
and the items that differ between years are checked against the file's own year."""

from __future__ import annotations

import pytest

from csc_workforce.core.census.registry import YEARS, census_year
from csc_workforce.core.census.validation import validate_return, year_from_name
from csc_workforce.export.census_xml import census_xml_bytes
from csc_workforce.ingest.census_xml import read_census_xml_bytes
from tests.unit.census.clean import clean_return, in_post_items

KNOWN = frozenset({"301"})


def codes(census: object) -> set[str]:
    return {issue.code for issue in validate_return(census, known_la_codes=KNOWN)}  # type: ignore[arg-type]


@pytest.mark.parametrize("year", YEARS)
def test_clean_file_for_each_year_reads_and_validates_clean(year: int) -> None:
    data = census_xml_bytes(clean_return(year))
    block = "LALevel" if year >= 2025 else "LALevelVacancies"
    assert f"<{block}>".encode() in data
    census = read_census_xml_bytes(data, f"csww_{year}.xml")
    assert census.year == year
    assert census.la_block_name == block
    assert census.notes == []
    assert len(census.workers) == 3
    assert validate_return(census, known_la_codes=KNOWN) == []


@pytest.mark.parametrize("year", YEARS)
def test_gender_item_follows_the_year(year: int) -> None:
    wrong = "GenderCurrent" if year >= 2024 else "Sex"
    right = census_year(year).gender_item
    census = clean_return(year)
    items = census.workers[0].items
    items[wrong] = items.pop(right)
    found = {(issue.code, issue.field) for issue in validate_return(census)}
    assert ("CSWW-R028", wrong) in found
    assert ("CSWW-R040", right) in found


@pytest.mark.parametrize("year", YEARS)
def test_items_removed_and_added_in_2025(year: int) -> None:
    census = clean_return(year)
    census.workers[0].items["QualInst"] = ["Uni"]
    census.workers[0].items["CFKSSstatus"] = ["1"]
    census.workers[0].items["BaseSalary"] = ["40000.00"]
    found = codes(census)
    if year >= 2025:
        assert "CSWW-R029" in found
        assert "CSWW-R028" not in found
    else:
        assert "CSWW-R029" not in found
        assert "CSWW-R028" in found  # BaseSalary before 2025


@pytest.mark.parametrize("year", YEARS)
def test_la_pay_items_only_in_2025(year: int) -> None:
    census = clean_return(year)
    if year >= 2025:
        census.la_items.pop("RetentionBonus")
        assert "CSWW-R013" in codes(census)
    else:
        census.la_items["RetentionBonus"] = ["1"]
        found = codes(census)
        assert "CSWW-R028" in found
        assert "CSWW-R013" not in found


@pytest.mark.parametrize("year", YEARS)
def test_leaver_dates_are_bounded_by_the_files_own_year(year: int) -> None:
    census = clean_return(year)
    census.workers[1].items["RoleEndDate"] = [f"{year - 1}-09-30"]
    assert "CSWW-R045" in codes(census)
    census.workers[1].items["RoleEndDate"] = [f"{year - 1}-10-01"]
    census.workers[1].items["RoleStartDate"] = [f"{year - 1}-10-01"]
    assert "CSWW-R045" not in codes(census)


def test_2025_non_agency_workers_need_no_qualinst() -> None:
    assert "QualInst" not in census_year(2025).non_agency_mandatory
    assert "QualInst" in census_year(2024).non_agency_mandatory
    assert "QualInst" not in in_post_items(2025)


def test_year_comes_from_the_file_name_when_the_header_has_none() -> None:
    census = clean_return(2020, source="returns/csww_2019-20_v2.xml")
    census.header.year = None
    census.workers[1].items["RoleEndDate"] = ["2020-10-01"]
    issues = validate_return(census, known_la_codes=KNOWN)
    year_issue = next(issue for issue in issues if issue.code == "CSWW-R005")
    assert "2020" in year_issue.message
    assert "CSWW-R045" in {issue.code for issue in issues}  # 2020 bounds were used


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("csww_2022.xml", 2022),
        ("CSWW 2017-18.xml", 2018),
        ("return_201819.xml", 2019),
        ("return 2019_20 final.xml", 2020),
        ("la301_21-22.xml", 2022),
        ("csww_return.xml", None),
    ],
)
def test_year_from_file_name(name: str, year: int | None) -> None:
    assert year_from_name(name) == year
