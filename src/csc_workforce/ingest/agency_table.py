"""Read a small CSV or XLSX table safely: size limits, no formulas evaluated, plain strings out.

Shared by the engagement register and the caps file. Every cell comes back as trimmed text
(dates from Excel as ``YYYY-MM-DD``), with the row number a spreadsheet user would see.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Final

MAX_FILE_BYTES: Final = 20 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED: Final = 200 * 1024 * 1024
MAX_ROWS: Final = 200_000
MAX_CELL_CHARS: Final = 1_000


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
    try:
        size = path.stat().st_size
    except OSError as error:
        raise AgencyFileError(path, [f"cannot be read: {error.strerror or error}"]) from None
    if not path.is_file():
        raise AgencyFileError(path, ["is not a file"])
    if size > MAX_FILE_BYTES:
        raise AgencyFileError(path, [f"is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw_rows = _csv_rows(path)
    elif suffix in {".xlsx", ".xlsm"}:
        raw_rows = _xlsx_rows(path)
    else:
        raise AgencyFileError(path, [f"expected a .csv or .xlsx file, not {suffix or 'no extension'}"])
    return _to_table(path, raw_rows, required)


def _csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    if b"\x00" in data:
        raise AgencyFileError(path, ["contains NUL bytes: not a text CSV file"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the Windows code page (a £ sign is then byte 0xA3).
        text = data.decode("cp1252", errors="replace")
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as error:
        raise AgencyFileError(path, [f"is not a readable CSV file: {error}"]) from None


def _xlsx_rows(path: Path) -> list[list[str]]:
    # A zip bomb would be expanded by openpyxl before any row is seen: check sizes first.
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise AgencyFileError(path, ["is not a readable .xlsx workbook"]) from None
    if expanded > MAX_XLSX_UNCOMPRESSED:
        raise AgencyFileError(
            path, [f"expands to {expanded:,} bytes; the limit is {MAX_XLSX_UNCOMPRESSED:,}"]
        )
    import openpyxl  # deferred: only XLSX imports pay for it  # noqa: PLC0415

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 (a damaged or hostile workbook raises many types)
        raise AgencyFileError(path, ["is not a readable .xlsx workbook"]) from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except Exception:  # noqa: BLE001 (as above, while reading rows)
        raise AgencyFileError(path, ["is not a readable .xlsx workbook"]) from None
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
