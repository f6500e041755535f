"""Read a small CSV or XLSX table safely (behind ``ingest.guard``): no formulas evaluated, plain strings out.

Shared by the engagement register and the caps file. Every cell comes back as trimmed text
(dates from Excel as ``YYYY-MM-DD``), with the row number a spreadsheet user would see.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Final

from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.guard import (
    DEFAULT_LIMITS,
    InputLimits,
    WorkBudget,
    check_package,
    guarded,
    read_file,
)

MAX_FILE_BYTES: Final = 20 * 1024 * 1024
MAX_ROWS: Final = 200_000
MAX_CELL_CHARS: Final = 1_000
MAX_COLUMNS: Final = 200
_ZIP_MAGIC: Final = b"PK\x03\x04"


class AgencyFileError(Exception):
    """A file that cannot be imported; ``problems`` lists every reason, each naming row and column."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path.name}: " + "; ".join(problems[:3]))

    def report(self) -> str:
        count = len(self.problems)
        lines = [f"{self.path.name}: not imported ({count} problem{'s' if count != 1 else ''}):"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Table:
    columns: list[str]
    # (row number as shown in a spreadsheet, cells by normalised column name)
    rows: list[tuple[int, dict[str, str]]]


def normalise_column(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def read_table(path: Path, required: tuple[str, ...]) -> Table:
    """The table in ``path`` (``.csv`` or ``.xlsx``), checked to have every ``required`` column."""
    suffix = path.suffix.lower()
    if path.exists() and not path.is_file():
        raise AgencyFileError(path, ["is not a file"])
    if suffix not in {".csv", ".xlsx", ".xlsm"}:
        raise AgencyFileError(path, [f"expected a .csv or .xlsx file, not {suffix or 'no extension'}"])
    limits = DEFAULT_LIMITS.with_max_bytes(MAX_FILE_BYTES)
    try:
        data = read_file(path, limits)
        with guarded(str(path), limits) as budget:
            raw_rows = (
                _csv_rows(path, data, budget) if suffix == ".csv" else _xlsx_rows(path, data, budget, limits)
            )
    except UnreadableFileError as error:
        raise AgencyFileError(path, [error.message]) from None
    return _to_table(path, raw_rows, required)


def _csv_rows(path: Path, data: bytes, budget: WorkBudget) -> list[list[str]]:
    if b"\x00" in data:
        raise UnreadableFileError(path, "contains NUL bytes: not a text CSV file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the Windows code page (a £ sign is then byte 0xA3).
        text = data.decode("cp1252", errors="replace")
    rows: list[list[str]] = []
    try:
        # Bounded as the XLSX rows are: a file of newlines or commas would otherwise become
        # millions of lists or cells before any check saw them.
        for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            budget.tick()
            if len(row) > MAX_COLUMNS:
                raise UnreadableFileError(
                    path, f"row {number} has {len(row):,} columns, over the limit of {MAX_COLUMNS:,}"
                )
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise UnreadableFileError(path, f"is not a readable CSV file: {error}") from None
    return rows


def _xlsx_rows(path: Path, data: bytes, budget: WorkBudget, limits: InputLimits) -> list[list[str]]:
    if not data.startswith(_ZIP_MAGIC):
        raise UnreadableFileError(path, "is not a readable .xlsx workbook")
    # A zip bomb would be expanded by openpyxl before any row is seen: the guard checks the package.
    check_package(data, str(path), budget, limits)
    import openpyxl  # deferred: only XLSX imports pay for it  # noqa: PLC0415

    from csc_workforce.ingest.xlsx_rows import present_rows  # noqa: PLC0415 - imports openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 (a damaged or hostile workbook raises many types)
        raise UnreadableFileError(path, "is not a readable .xlsx workbook") from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for cells in present_rows(sheet, str(path), budget, limits, max_columns=MAX_COLUMNS):
            rows.append([_cell_text(cell.value) for cell in cells])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except UnreadableFileError:
        raise  # the guard's refusal says what is wrong
    except Exception:  # noqa: BLE001 (as above, while reading rows)
        raise UnreadableFileError(path, "is not a readable .xlsx workbook") from None
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _to_table(path: Path, raw_rows: list[list[str]], required: tuple[str, ...]) -> Table:
    # Skip leading blank lines: the header is the first non-blank row.
    start = next((i for i, row in enumerate(raw_rows) if any(cell.strip() for cell in row)), None)
    if start is None:
        raise AgencyFileError(path, ["is empty: expected a header row with columns " + ", ".join(required)])
    columns = [normalise_column(cell) for cell in raw_rows[start]]
    missing = [name for name in required if name not in columns]
    duplicated = sorted({name for name in columns if name and columns.count(name) > 1})
    problems = []
    if missing:
        problems.append("missing column(s): " + ", ".join(missing))
    if duplicated:
        problems.append("column(s) given more than once: " + ", ".join(duplicated))
    if problems:
        raise AgencyFileError(path, problems)
    data_rows = raw_rows[start + 1 :]
    if len(data_rows) > MAX_ROWS:
        raise AgencyFileError(path, [f"has more than {MAX_ROWS:,} rows"])
    rows: list[tuple[int, dict[str, str]]] = []
    for offset, raw in enumerate(data_rows):
        if not any(cell.strip() for cell in raw):
            continue
        cells = {
            name: (raw[i].strip()[: MAX_CELL_CHARS + 1] if i < len(raw) else "")
            for i, name in enumerate(columns)
            if name
        }
        rows.append((start + offset + 2, cells))
    return Table(columns=columns, rows=rows)
