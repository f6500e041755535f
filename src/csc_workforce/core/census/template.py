"""The layout of the census XLSX template, shared by its writer (export) and reader (ingest).

Pure rules only: sheet and column names, how repeated items become columns, and how a value's
text becomes a typed spreadsheet cell and back. Keeping both directions here is what makes
XML -> XLSX -> XML keep every value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Final

from csc_workforce.core.census.model import CensusHeader, CensusReturn
from csc_workforce.core.census.registry import (
    CODE_SETS,
    LA_ITEMS,
    WORKER_ITEMS,
    ItemType,
    census_year,
)

WORKERS_SHEET: Final = "Workers"
LA_SHEET: Final = "LA level"
NOTES_SHEET: Final = "Notes"
CODES_SHEET: Final = "Code lists"

LA_COLUMNS: Final = ("Item", "Value", "About")
# Header fields as rows of the LA sheet: (row name = XML element, CensusHeader attribute).
HEADER_FIELDS: Final = (
    ("Collection", "collection"),
    ("Year", "year"),
    ("ReferenceDate", "reference_date"),
    ("SourceLevel", "source_level"),
    ("LEA", "lea"),
    ("SoftwareCode", "software_code"),
    ("DateTime", "date_time"),
)
BLOCK_NAME_ROW: Final = "LABlockName"
# Header children the schema does not list (e.g. Release) are kept as rows named "Header/<name>".
EXTRA_HEADER_PREFIX: Final = "Header/"

DATE_FORMAT: Final = "yyyy-mm-dd"
# Excel's 1900 date system misdates 1 Jan to 28 Feb 1900; earlier dates cannot be date cells.
_FIRST_SAFE_DATE: Final = date(1900, 3, 1)
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_UK_DATE: Final = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# Numbers that survive text -> float -> text unchanged: no sign other than "-", no leading zeros.
_CANONICAL_NUMBER: Final = re.compile(r"-?(?:0|[1-9]\d*)(?:\.(\d+))?")
_FIXED_DECIMALS_FORMAT: Final = re.compile(r"0\.(0+)")
_EXCEL_DIGITS: Final = 15
_REPEAT_SUFFIX: Final = re.compile(r"^(?P<base>.+?)(?:_| |\s*\()(?P<n>\d+)\)?$")

HEADER_ITEM_TYPES: Final = {
    "Year": ItemType.INTEGER,
    "ReferenceDate": ItemType.DATE,
    "LEA": ItemType.INTEGER,
}

Cell = str | float | int | bool | date | datetime | time | None


def header_attribute(name: str) -> str | None:
    """The :class:`CensusHeader` attribute a header row name maps to (case-insensitive)."""
    lowered = name.strip().lower()
    for row_name, attribute in HEADER_FIELDS:
        if row_name.lower() == lowered:
            return attribute
    return None


def known_item(name: str, items: Iterable[str] = WORKER_ITEMS) -> str | None:
    """The census item a column or row heading names, matched case-insensitively."""
    stripped = name.strip()
    if stripped in items:
        return stripped
    lowered = stripped.lower()
    for item in items:
        if item.lower() == lowered:
            return item
    return None


def column_name(item: str, occurrence: int) -> str:
    """``QualInst`` for the first value of an item, ``QualInst_2`` for the second, and so on."""
    return item if occurrence == 1 else f"{item}_{occurrence}"


def split_column(heading: str) -> tuple[str, int] | None:
    """The worker item and occurrence (1-based) a Workers column heading names, or None.

    Accepts ``QualInst``, ``QualInst_2``, ``QualInst 2`` and ``QualInst (2)``, in any letter case.
    """
    item = known_item(heading)
    if item is not None:
        return item, 1
    match = _REPEAT_SUFFIX.match(heading.strip())
    if match:
        item = known_item(match.group("base"))
        occurrence = int(match.group("n"))
        if item is not None and occurrence >= 1:
            return item, occurrence
    return None


def worker_columns(census: CensusReturn) -> list[tuple[str, int]]:
    """(item, occurrences) for the Workers sheet: the year's items, plus any others the data holds.

    Known items come in schema order; every value any worker holds gets a column, so nothing is lost.
    """
    counts: dict[str, int] = {}
    year = census.year
    if year is not None and _supported(year):
        for spec in census_year(year).worker_items:
            counts[spec.name] = 1
    for worker in census.workers:
        for name, values in worker.items.items():
            counts[name] = max(counts.get(name, 1), len(values))
    rank = {name: i for i, name in enumerate(WORKER_ITEMS)}
    return sorted(counts.items(), key=lambda kv: rank.get(kv[0], len(rank)))


def la_item_names(census: CensusReturn) -> list[str]:
    """LA-level rows: the year's items, plus any others the return holds, in schema order."""
    names: list[str] = []
    year = census.year
    if year is not None and _supported(year):
        names = [spec.name for spec in census_year(year).la_items]
    names += [name for name in census.la_items if name not in names]
    rank = {name: i for i, name in enumerate(LA_ITEMS)}
    return sorted(names, key=lambda name: rank.get(name, len(rank)))


def _supported(year: int) -> bool:
    try:
        census_year(year)
    except KeyError:
        return False
    return True


def blank_return(year: int, lea: str) -> CensusReturn:
    """An empty return for ``year`` and ``lea``: the header filled in, no workers yet."""
    spec = census_year(year)
    header = CensusHeader(
        collection="CSWW",
        year=str(year),
        reference_date=f"{year}-09-30",
        source_level="L",
        lea=lea,
    )
    return CensusReturn(
        source="template",
        header=header,
        la_block_name=spec.la_block_name,
        la_items={},
        workers=[],
    )


# ---------------------------------------------------------------- text -> cell (writing)


@dataclass(frozen=True, slots=True)
class TypedCell:
    """A value ready for a spreadsheet: a date, a number, or text; and its number format."""

    value: date | float | str
    number_format: str | None = None


def typed_cell(kind: ItemType, code_set: str | None, text: str) -> TypedCell:
    """How the text of an item is best shown in Excel, so that reading it back gives ``text``.

    Dates become date cells, numbers number cells (trailing zeros kept by the format), valid
    codes their label (as in the dropdown). Anything else stays text, exactly as found.
    """
    if kind is ItemType.DATE:
        as_date = _iso_date(text)
        if as_date is not None and as_date >= _FIRST_SAFE_DATE:
            return TypedCell(as_date, DATE_FORMAT)
    elif kind in {ItemType.DECIMAL, ItemType.INTEGER}:
        number = _exact_number(text)
        if number is not None:
            return number
    elif kind is ItemType.CODE and code_set is not None:
        label = CODE_SETS[code_set].label(text)
        if label is not None:
            return TypedCell(label)
    return TypedCell(text)


def _iso_date(text: str) -> date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _exact_number(text: str) -> TypedCell | None:
    match = _CANONICAL_NUMBER.fullmatch(text)
    if not match:
        return None
    fraction = match.group(1)
    number_format = "0." + "0" * len(fraction) if fraction and fraction.endswith("0") else None
    value = float(text)
    if number_text(value, number_format) != text:
        return None  # more digits than Excel keeps, or "-0": keep as text
    return TypedCell(value, number_format)


# ---------------------------------------------------------------- cell -> text (reading)


def number_text(value: float | int, number_format: str | None) -> str:
    """A number as census text: 15 significant digits (Excel's precision), no exponent.

    A fixed-decimals format such as ``0.00`` restores trailing zeros, but never hides digits.
    """
    if isinstance(value, int):
        text = str(value)
    else:
        rounded = Decimal(f"{value:.{_EXCEL_DIGITS}g}")
        text = format(rounded.normalize(), "f") if rounded != 0 else "0"
    if number_format is not None:
        match = _FIXED_DECIMALS_FORMAT.fullmatch(number_format.strip())
        if match:
            places = len(match.group(1))
            current = len(text.partition(".")[2])
            if current <= places:
                text = f"{Decimal(text):.{places}f}"
    return text


def cell_text(value: Cell, number_format: str | None, *, is_date: bool = False) -> str | None:
    """The census text of a spreadsheet cell; None for a blank cell.

    Dates typed as dates, numbers typed as numbers (``1.0`` reads as ``1``) and TRUE/FALSE are
    all accepted, so a template filled in by hand reads the way the analyst meant it. A
    date-time is read as its date for a date item, and in full otherwise.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        if is_date or value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int | float):
        return number_text(value, number_format)
    return value.strip() or None


def uk_date_to_iso(text: str) -> str | None:
    """``30/09/2022`` (day first, as typed in the UK) as ``2022-09-30``; None when not such a date."""
    match = _UK_DATE.fullmatch(text)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
