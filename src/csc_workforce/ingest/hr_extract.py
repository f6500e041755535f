"""Read an HR system's extract (CSV or XLSX) into an :class:`HrExtract`.

The heading row may be anywhere in the first 20 rows (HR reports often start with a title and a
run date). With ``keep`` (the headings a mapping uses) every other column is dropped as each row
is read, so names, addresses and NI numbers never reach the model, a log or the database.
Reading runs behind ``ingest.guard``: workbooks go through the census reader's package checks (zip
bombs, DTDs, external links) first, rows are read as the sheet holds them (``present_rows``, so a
far-off row number costs nothing), work is bounded in CPU time, and any parser failure is one
:class:`UnreadableFileError` naming the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import openpyxl

from csc_workforce.core.census.values import normalise_number_text
from csc_workforce.core.hr.extract import HrExtract, HrRow, is_personal_heading
from csc_workforce.ingest.census_xlsx import DEFAULT_LIMITS, check_workbook_package
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.guard import DEFAULT_LIMITS as GUARD_LIMITS
from csc_workforce.ingest.guard import WorkBudget, guarded, read_file
from csc_workforce.ingest.xlsx_rows import present_rows

HEADING_SEARCH_ROWS: Final = 20
MAX_BYTES: Final = 50 * 1024 * 1024
MAX_ROWS: Final = 300_000
MAX_COLUMNS: Final = 500
MAX_CELL_CHARS: Final = 2_000
# A heading row in the first 20, MAX_ROWS records and as many blank rows again: any row past this
# is refused at once rather than reached through up to a million empty rows.
LAST_ROW_READ: Final = HEADING_SEARCH_ROWS + 2 * MAX_ROWS
CSV_SUFFIXES: Final = (".csv", ".txt")
XLSX_SUFFIXES: Final = (".xlsx", ".xlsm")


def read_hr_extract(
    path: Path, *, sheet: str | None = None, keep: Collection[str] | None = None, drop_personal: bool = False
) -> HrExtract:
    """Read the extract at ``path`` (CSV or XLSX by its suffix)."""
    data = read_file(path, GUARD_LIMITS.with_max_bytes(MAX_BYTES))
    return read_hr_extract_bytes(
        data, path.name or str(path), sheet=sheet, keep=keep, drop_personal=drop_personal
    )


def read_hr_extract_bytes(
    data: bytes,
    source: str,
    *,
    sheet: str | None = None,
    keep: Collection[str] | None = None,
    drop_personal: bool = False,
) -> HrExtract:
    """Read an extract held in memory; ``source`` (its file name) names it and picks CSV or XLSX.

    ``keep`` keeps only those headings; ``drop_personal`` (for a review, when no mapping says which
    columns are used yet) drops the columns whose heading names personal data (``is_personal_heading``).
    """
    wanted: Callable[[str], bool] | None = None
    if keep is not None:
        wanted = frozenset(keep).__contains__
    elif drop_personal:
        wanted = _not_personal
    if len(data) > MAX_BYTES:
        raise UnreadableFileError(source, f"is over the {MAX_BYTES:,} byte limit")
    lowered = source.lower()
    with guarded(source, DEFAULT_LIMITS.input_limits()) as budget:
        if lowered.endswith(XLSX_SUFFIXES) or data.startswith(b"PK\x03\x04"):
            check_workbook_package(data, source, DEFAULT_LIMITS, budget)
            return _from_rows(source, *_xlsx_rows(data, source, sheet, budget), wanted)
        if sheet is not None:
            raise UnreadableFileError(source, "--sheet applies to workbooks only; this is a CSV file")
        return _from_rows(source, None, _csv_rows(data, source, budget), wanted)


# --- raw rows ------------------------------------------------------------------------------------


def _decode(data: bytes, source: str) -> str:
    if b"\x00" in data[:4096]:
        raise UnreadableFileError(source, "is not a text CSV file (it holds binary data)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFileError(source, "is not UTF-8 or Windows-1252 text")  # pragma: no cover


def _csv_rows(data: bytes, source: str, budget: WorkBudget) -> Iterator[list[str]]:
    text = _decode(data, source)
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            budget.tick()
            yield row
    except csv.Error as error:
        raise UnreadableFileError(source, f"is not a readable CSV file: {error}") from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return normalise_number_text(repr(value)) if value.is_integer() else repr(value)
    return str(value)


def _xlsx_rows(
    data: bytes, source: str, sheet: str | None, budget: WorkBudget
) -> tuple[str, Iterator[list[str]]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # noqa: BLE001 - any library failure on untrusted bytes is "unreadable"
        raise UnreadableFileError(
            source, f"cannot be read as an Excel workbook: {type(error).__name__}"
        ) from None
    sheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]
    if sheet is not None:
        chosen = [ws for ws in sheets if ws.title.strip().lower() == sheet.strip().lower()]
        if not chosen:
            names = ", ".join(repr(ws.title) for ws in sheets)
            workbook.close()
            raise UnreadableFileError(source, f"has no sheet {sheet!r} (its sheets: {names})")
        sheets = chosen
    for candidate in sheets:
        top = [_xlsx_values(row) for row in _sheet_rows(candidate, source, budget, HEADING_SEARCH_ROWS)]
        if _heading_index(top) is not None:
            return candidate.title, _xlsx_iter(workbook, candidate, source, budget)
    workbook.close()
    raise UnreadableFileError(source, f"no sheet has a heading row in its first {HEADING_SEARCH_ROWS} rows")


def _xlsx_values(row: Iterable[Any]) -> list[str]:
    return [_cell_text(cell.value) for cell in row]


def _sheet_rows(sheet: Any, source: str, budget: WorkBudget, max_row: int | None = None) -> Iterator[Any]:
    """The sheet's rows as its XML holds them (``()`` for a missing one), within the guard's bounds."""
    yield from present_rows(
        sheet,
        source,
        budget,
        DEFAULT_LIMITS.input_limits(),
        max_columns=MAX_COLUMNS,
        max_row=max_row,
        last_accepted_row=LAST_ROW_READ,
    )


def _xlsx_iter(workbook: Any, sheet: Any, source: str, budget: WorkBudget) -> Iterator[list[str]]:
    try:
        for row in _sheet_rows(sheet, source, budget):
            yield _xlsx_values(row)
    except UnreadableFileError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged sheet part surfaces only while iterating
        raise UnreadableFileError(
            source, f"cannot be read as an Excel workbook: {type(error).__name__}"
        ) from None
    finally:
        workbook.close()


# --- heading row and records ---------------------------------------------------------------------


def _filled(row: list[str]) -> int:
    return sum(1 for cell in row if cell.strip())


def _heading_index(top: list[list[str]]) -> int | None:
    """The first of the top rows that is as wide as the widest (a title row has one or two cells)."""
    widths = [_filled(row) for row in top]
    widest = max(widths, default=0)
    if widest < 2:
        return None
    for index, width in enumerate(widths):
        if width >= max(2, (widest * 3 + 3) // 4):
            return index
    return None  # pragma: no cover - the widest row always qualifies


def _not_personal(heading: str) -> bool:
    return not is_personal_heading(heading)


def _from_rows(
    source: str, sheet: str | None, rows: Iterator[list[str]], wanted: Callable[[str], bool] | None
) -> HrExtract:
    top: list[list[str]] = []
    for row in rows:
        top.append(row)
        if len(top) == HEADING_SEARCH_ROWS:
            break
    index = _heading_index(top)
    if index is None:
        raise UnreadableFileError(
            source, f"has no heading row in its first {HEADING_SEARCH_ROWS} rows (a row naming its columns)"
        )
    headings = [cell.strip() for cell in top[index]]
    named = [(position, heading) for position, heading in enumerate(headings) if heading]
    seen: set[str] = set()
    for _, heading in named:
        if heading in seen:
            raise UnreadableFileError(source, f"row {index + 1}: heading {heading!r} appears twice")
        seen.add(heading)
    kept = [(position, heading) for position, heading in named if wanted is None or wanted(heading)]
    records: list[HrRow] = []
    number = index + 1

    def _rest() -> Iterator[list[str]]:
        yield from top[index + 1 :]
        yield from rows

    for row in _rest():
        number += 1
        if not any(cell.strip() for cell in row):
            continue
        if len(records) >= MAX_ROWS:
            raise UnreadableFileError(source, f"has more than {MAX_ROWS:,} rows")
        values: dict[str, str] = {}
        for position, heading in kept:
            if position < len(row) and row[position].strip():
                text = row[position]
                if len(text) > MAX_CELL_CHARS:
                    raise UnreadableFileError(
                        source, f"row {number}, column {heading!r}: a cell over {MAX_CELL_CHARS:,} characters"
                    )
                values[heading] = text
        records.append(HrRow(number, values))
    return HrExtract(
        source=source,
        headings=tuple(heading for _, heading in named),  # headings name columns, never people
        rows=tuple(records),
        heading_row=index + 1,
        sheet=sheet,
        dropped_columns=len(named) - len(kept),
    )
