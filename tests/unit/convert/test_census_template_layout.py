from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.census.model import CensusHeader, CensusReturn, WorkerRecord
from csc_workforce.core.census.registry import ItemType
from csc_workforce.core.census.template import (
    blank_return,
    cell_text,
    column_name,
    la_item_names,
    number_text,
    split_column,
    typed_cell,
    uk_date_to_iso,
    worker_columns,
)


def _reread(kind: ItemType, code_set: str | None, text: str) -> str | None:
    """What a reader gets back from the cell the writer makes for ``text``."""
    cell = typed_cell(kind, code_set, text)
    return cell_text(cell.value, cell.number_format, is_date=kind is ItemType.DATE)


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("QualInst", ("QualInst", 1)),
        ("qualinst", ("QualInst", 1)),
        (" QualInst_2 ", ("QualInst", 2)),
        ("QualInst 3", ("QualInst", 3)),
        ("ContractWeeks (2)", ("ContractWeeks", 2)),
        ("SWENo", ("SWENo", 1)),
        ("Notes", None),
        ("Name_2", None),
    ],
)
def test_column_headings_name_items_and_occurrences(heading: str, expected: tuple[str, int] | None) -> None:
    assert split_column(heading) == expected


def test_column_names_number_repeats_from_the_second() -> None:
    assert [column_name("QualInst", n) for n in (1, 2, 3)] == ["QualInst", "QualInst_2", "QualInst_3"]


def test_worker_columns_cover_the_year_and_every_value_held() -> None:
    census = blank_return(2024, "301")
    census.workers.append(WorkerRecord(1, {"QualInst": ["A", "B", "C"], "GenderCurrent": ["1"]}))
    columns = dict(worker_columns(census))
    assert columns["QualInst"] == 3
    assert columns["Sex"] == 1  # the year's item, even when nobody has it yet
    assert columns["GenderCurrent"] == 1  # not a 2024 item, but the data holds it: kept
    names = [name for name, _ in worker_columns(census)]
    assert names.index("AgencyWorker") < names.index("SWENo") < names.index("QualInst")


def test_la_items_follow_the_year() -> None:
    assert "CostDBS" in la_item_names(blank_return(2025, "301"))
    assert "CostDBS" not in la_item_names(blank_return(2024, "301"))


def test_a_return_without_a_known_year_still_lists_its_items() -> None:
    census = CensusReturn(
        "x", CensusHeader(year="1999"), None, {"Odd": ["1"]}, [WorkerRecord(1, {"SWENo": ["SW1"]})]
    )
    assert worker_columns(census) == [("SWENo", 1)]
    assert la_item_names(census) == ["Odd"]


@pytest.mark.parametrize(
    ("kind", "code_set", "text"),
    [
        (ItemType.DECIMAL, None, "0.5"),
        (ItemType.DECIMAL, None, "1.0"),
        (ItemType.DECIMAL, None, "0.50"),
        (ItemType.DECIMAL, None, "1234.5"),
        (ItemType.DECIMAL, None, "-0"),
        (ItemType.DECIMAL, None, "007"),
        (ItemType.DECIMAL, None, "1,234.5"),
        (ItemType.DECIMAL, None, "12345678901234567"),
        (ItemType.DECIMAL, None, "0.123456"),
        (ItemType.INTEGER, None, "40"),
        (ItemType.INTEGER, None, "abc"),
        (ItemType.DATE, None, "2022-09-30"),
        (ItemType.DATE, None, "1900-01-01"),
        (ItemType.DATE, None, "2022-02-30"),
        (ItemType.DATE, None, "30/09/2022"),
        (ItemType.CODE, "OrgRole", "5"),
        (ItemType.CODE, "OrgRole", "7"),
        (ItemType.TEXT, None, "=1+1"),
    ],
)
def test_typed_cells_read_back_as_the_same_text(kind: ItemType, code_set: str | None, text: str) -> None:
    expected = "Case holder" if text == "5" else text
    assert _reread(kind, code_set, text) == expected


def test_typed_cells_use_dates_numbers_and_labels() -> None:
    assert typed_cell(ItemType.DATE, None, "2022-09-30").value == date(2022, 9, 30)
    assert typed_cell(ItemType.DECIMAL, None, "0.50").value == 0.5
    assert typed_cell(ItemType.DECIMAL, None, "0.50").number_format == "0.00"
    assert typed_cell(ItemType.CODE, "OrgRole", "5").value == "Case holder"
    assert typed_cell(ItemType.DATE, None, "1899-12-31").value == "1899-12-31"  # before Excel's dates


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False))
def test_any_decimal_text_survives_the_cell(value: object) -> None:
    text = str(value)
    assert _reread(ItemType.DECIMAL, None, text) == text


@given(st.dates(min_value=date(1900, 3, 1)))
def test_any_date_survives_the_cell(value: date) -> None:
    assert _reread(ItemType.DATE, None, value.isoformat()) == value.isoformat()


def test_cells_typed_by_hand_read_as_census_text() -> None:
    assert cell_text(1.0, "General", is_date=False) == "1"
    assert cell_text(0.1 + 0.2, None, is_date=False) == "0.3"
    assert cell_text(37, None, is_date=False) == "37"
    assert cell_text(1e-7, None, is_date=False) == "0.0000001"
    assert cell_text(datetime(2022, 9, 30), "dd/mm/yyyy", is_date=True) == "2022-09-30"
    assert cell_text(datetime(2022, 9, 30, 14, 5), None, is_date=False) == "2022-09-30T14:05:00"
    assert cell_text(time(9, 30), None, is_date=False) == "09:30:00"
    assert cell_text(True, None, is_date=False) == "1"
    assert cell_text("  ", None, is_date=False) is None
    assert cell_text(None, None, is_date=False) is None


def test_fixed_decimal_formats_restore_trailing_zeros_but_never_hide_digits() -> None:
    assert number_text(0.5, "0.00") == "0.50"
    assert number_text(0.125, "0.00") == "0.125"


def test_uk_dates() -> None:
    assert uk_date_to_iso("30/09/2022") == "2022-09-30"
    assert uk_date_to_iso("1/2/2022") == "2022-02-01"
    assert uk_date_to_iso("31/02/2022") is None
    assert uk_date_to_iso("2022-09-30") is None
