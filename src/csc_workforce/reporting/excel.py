"""Download any table as a tidy workbook: one sheet per table.

``write_tables_xlsx(target, {"Measures": frame, "Notes": rows})`` is what the web app and the
reports call for "download as Excel". Every sheet gets bold wrapped headings on a frozen first
row with a filter, column widths that fit the data, number formats (thousands separators,
ISO dates), and text that could run as a formula made inert.

A table may be a Polars ``DataFrame``, a sequence of row mappings, or a :class:`SheetTable`
(which can also carry display headings, per-column number formats and footnotes).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, Final, TypeAlias

import polars as pl
from xlsxwriter.worksheet import Worksheet

from csc_workforce.export.xlsx_style import Formats, column_width, open_workbook, write_header_row, write_text

Cell: TypeAlias = str | int | float | bool | Decimal | date | datetime | time | timedelta | None
_WIDTH_SAMPLE: Final = 1000
_SHEET_NAME_MAX: Final = 31
_FORBIDDEN_IN_SHEET_NAME: Final = re.compile(r"[\[\]:*?/\\]")
_UNGROUPED_INTEGER: Final = re.compile(r"year|period|code|(^|_)id($|_)|record|urn|number", re.IGNORECASE)
DATE_FORMAT: Final = "yyyy-mm-dd"
DATETIME_FORMAT: Final = "yyyy-mm-dd hh:mm"
TIME_FORMAT: Final = "hh:mm:ss"
INTEGER_FORMAT: Final = "#,##0"
PLAIN_INTEGER_FORMAT: Final = "0"
DECIMAL_FORMAT: Final = "#,##0.0##"


@dataclass(frozen=True, slots=True)
class SheetTable:
    """A table with optional presentation: display headings, number formats and footnotes.

    ``number_formats`` maps a column to an Excel format such as ``"0.0%"``; columns without one
    get a format chosen from their values. ``notes`` are written under the table (source,
    definitions, suppression rules).
    """

    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    headings: Mapping[str, str] = field(default_factory=dict)
    number_formats: Mapping[str, str] = field(default_factory=dict)
    notes: Sequence[str] = ()


Table: TypeAlias = SheetTable | pl.DataFrame | Sequence[Mapping[str, Cell]]


def as_sheet_table(table: Table) -> SheetTable:
    """Any accepted table shape as a :class:`SheetTable`."""
    if isinstance(table, SheetTable):
        return table
    if isinstance(table, pl.DataFrame):
        return SheetTable(columns=list(table.columns), rows=list(table.iter_rows()))
    columns: list[str] = []
    for row in table:
        columns += [name for name in row if name not in columns]
    return SheetTable(columns=columns, rows=[[row.get(name) for name in columns] for row in table])


def write_tables_xlsx(target: Path | BinaryIO, sheets: Mapping[str, Table]) -> None:
    """Write each table to its own sheet of one workbook (a file path is replaced atomically)."""
    with open_workbook(target) as workbook:
        formats = Formats(workbook)
        names: list[str] = []
        for requested, table in sheets.items():
            name = sheet_name(requested, names)
            names.append(name)
            _write_sheet(workbook.add_worksheet(name), as_sheet_table(table), formats)
        if not names:
            workbook.add_worksheet("Empty")


def tables_xlsx_bytes(sheets: Mapping[str, Table]) -> bytes:
    buffer = io.BytesIO()
    write_tables_xlsx(buffer, sheets)
    return buffer.getvalue()


def sheet_name(requested: str, taken: Sequence[str]) -> str:
    """A name Excel accepts: no []:*?/\\, no edge apostrophes, 31 characters, unique in the workbook."""
    base = _FORBIDDEN_IN_SHEET_NAME.sub(" ", requested).strip().strip("'").strip() or "Sheet"
    if base.lower() == "history":  # reserved by Excel
        base = "History table"
    lowered = {name.lower() for name in taken}
    candidate, counter = base[:_SHEET_NAME_MAX], 1
    while candidate.lower() in lowered:
        counter += 1
        suffix = f" ({counter})"
        candidate = base[: _SHEET_NAME_MAX - len(suffix)] + suffix
    return candidate


def _write_sheet(sheet: Worksheet, table: SheetTable, formats: Formats) -> None:
    headings = [table.headings.get(column, column) for column in table.columns]
    write_header_row(sheet, headings, formats)
    column_formats = [
        table.number_formats.get(column) or _default_format(column, [row[i] for row in table.rows])
        for i, column in enumerate(table.columns)
    ]
    samples: list[list[str]] = [[heading] for heading in headings]
    for row_index, row in enumerate(table.rows, start=1):
        for column, value in enumerate(row):
            shown = _write_value(
                sheet, row_index, column, value, formats, number_format=column_formats[column]
            )
            if row_index <= _WIDTH_SAMPLE and shown is not None:
                samples[column].append(shown)
    for column, texts in enumerate(samples):
        sheet.set_column(column, column, column_width(texts))
    if table.columns:
        sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)
    for offset, note in enumerate(table.notes, start=len(table.rows) + 2):
        write_text(sheet, offset, 0, note)


def _default_format(column: str, values: Sequence[Cell]) -> str | None:
    present = [value for value in values if value is not None]
    if not present:
        return None
    if all(isinstance(value, datetime) for value in present):
        return DATETIME_FORMAT
    if all(isinstance(value, date) for value in present):
        return DATE_FORMAT
    if all(isinstance(value, time) for value in present):
        return TIME_FORMAT
    numbers = [value for value in present if isinstance(value, int | float | Decimal)]
    if len(numbers) != len(present) or any(isinstance(value, bool) for value in numbers):
        return None
    if all(isinstance(value, int) for value in numbers):
        return PLAIN_INTEGER_FORMAT if _UNGROUPED_INTEGER.search(column) else INTEGER_FORMAT
    return DECIMAL_FORMAT


def _write_value(
    sheet: Worksheet, row: int, column: int, value: object, formats: Formats, *, number_format: str | None
) -> str | None:
    """Write one value; returns the text it shows, for sizing the column."""
    cell_format = formats.number(number_format)
    if value is None:
        return None
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value, cell_format)
        return "FALSE"
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if not math.isfinite(number):
            return None  # NaN or infinity: a blank reads better than an Excel error
        sheet.write_number(row, column, number, cell_format)
        return f"{number:,.3f}".rstrip("0").rstrip(".")
    if isinstance(value, datetime | date | time):
        sheet.write_datetime(row, column, value, cell_format)
        return "0000-00-00 00:00" if isinstance(value, datetime) else "0000-00-00"
    if isinstance(value, timedelta):
        text = str(value)
    elif isinstance(value, list | tuple):
        text = "; ".join("" if item is None else str(item) for item in value)
    else:
        text = str(value)
    write_text(sheet, row, column, text, cell_format)
    return text
