"""Read the census XLSX template (ours, or one filled in by hand) into a :class:`CensusReturn`.

Layout (``core.census.template``): a sheet of header and LA-level items (``Item``/``Value`` rows,
or item names across the first row), and a ``Workers`` sheet with a heading row of census item
names, one row per worker. Headings match in any letter case and any order; repeated items are
extra columns ``QualInst_2``, ``QualInst 2`` or ``QualInst (2)``. Blank cells are absent items.

Tolerance for a template filled in Excel: dates typed as dates (or as 30/09/2024 text), numbers
typed as numbers (``1.0`` reads as ``1``), code labels chosen from the dropdown (``Case holder``
reads as ``5``), TRUE/FALSE. Values get the same normalisation as the XML reader.

Safety (``ingest.guard``): the size is checked before reading; the package is checked before any
spreadsheet library sees it (parts, unpacked size and compression ratio of the whole package,
encrypted parts, external links and any ``TargetMode="External"`` relationship, and every XML part
parsed with DOCTYPE and entities refused by the parser itself); rows are read as the sheet holds
them (``ingest.xlsx_rows``: no padding of missing rows, rows and columns within Excel's limits) under
a CPU-time bound. Every refusal is an :class:`UnreadableFileError` naming the file.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import openpyxl

from csc_workforce.core.census.model import CensusHeader, CensusReturn, ReadNote, WorkerRecord
from csc_workforce.core.census.normalise import ITEM_NORMALISERS  # one normalisation for XML and XLSX
from csc_workforce.core.census.registry import CODE_SETS, LA_ITEMS, WORKER_ITEMS, ItemType
from csc_workforce.core.census.template import (
    BLOCK_NAME_ROW,
    EXTRA_HEADER_PREFIX,
    LA_SHEET,
    WORKERS_SHEET,
    Cell,
    cell_text,
    header_attribute,
    known_item,
    split_column,
    uk_date_to_iso,
)
from csc_workforce.core.census.values import normalise_number_text
from csc_workforce.core.spreadsheet_safety import restore
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.guard import DEFAULT_LIMITS as GUARD_LIMITS
from csc_workforce.ingest.guard import InputLimits, WorkBudget, check_package, guarded, read_file, reason
from csc_workforce.ingest.xlsx_rows import present_rows


@dataclass(frozen=True, slots=True)
class XlsxLimits:
    """How much a workbook may hold before it is refused (package limits: ``ingest.guard``)."""

    max_bytes: int = 50 * 1024 * 1024
    max_workers: int = 300_000
    max_columns: int = 1_000  # columns read; cells beyond are ignored (any past Excel's are refused)
    package: InputLimits = GUARD_LIMITS

    def input_limits(self) -> InputLimits:
        return self.package.with_max_bytes(self.max_bytes)


DEFAULT_LIMITS: Final = XlsxLimits()
_ZIP_MAGIC: Final = b"PK\x03\x04"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EXTERNAL_LINK_PARTS: Final = "xl/externallinks/"
_HEADING_SEARCH_ROWS: Final = 10
_WORKER_SHEET_NAMES: Final = (WORKERS_SHEET.lower(), "worker", "csswworker", "cswwworker", "workers data")
_LA_SHEET_NAMES: Final = (LA_SHEET.lower(), "la level", "lalevel", "lalevelvacancies", "header", "la")
_HEADER_NUMBER_ROWS: Final = frozenset({"year"})
_LABEL_CODES: Final = {
    (spec.name, label): code
    for spec in (*WORKER_ITEMS.values(), *LA_ITEMS.values())
    if spec.code_set is not None
    for code, label in CODE_SETS[spec.code_set].labels.items()
}


def read_census_xlsx(path: Path, *, limits: XlsxLimits = DEFAULT_LIMITS) -> CensusReturn:
    """Read one census workbook; :class:`UnreadableFileError` (naming the file) when it cannot be."""
    data = read_file(path, limits.input_limits())
    return read_census_xlsx_bytes(data, str(path), limits=limits)


def read_census_xlsx_bytes(data: bytes, source: str, *, limits: XlsxLimits = DEFAULT_LIMITS) -> CensusReturn:
    """Read a census workbook held in memory; ``source`` names it in messages and in the result."""
    if len(data) > limits.max_bytes:
        raise UnreadableFileError(source, f"is over the {limits.max_bytes:,} byte limit")
    with guarded(source, limits.input_limits()) as budget:
        check_workbook_package(data, source, limits, budget)
        try:
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
        except Exception as error:  # noqa: BLE001 - any library failure on untrusted bytes is "unreadable"
            message = f"cannot be read as an Excel workbook: {reason(error)}"
            raise UnreadableFileError(source, message) from None
        try:
            return _WorkbookReader(workbook, source, limits, budget).read()
        finally:
            workbook.close()


# --- the zip package -----------------------------------------------------------------------------


def check_workbook_package(
    data: bytes, source: str, limits: XlsxLimits = DEFAULT_LIMITS, budget: WorkBudget | None = None
) -> None:
    """Refuse anything that is not a plain, reasonably sized XLSX package, before parsing it."""
    if not data:
        raise UnreadableFileError(source, "is empty")
    if data.startswith(_OLE_MAGIC):
        raise UnreadableFileError(
            source,
            "is an old-style .xls workbook or a password-protected workbook; "
            "save it from Excel as 'Excel Workbook (.xlsx)' without a password",
        )
    if not data.startswith(_ZIP_MAGIC):
        raise UnreadableFileError(source, "is not an Excel .xlsx workbook (it is not a zip package)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {name.lower() for name in archive.namelist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise UnreadableFileError(source, f"is a damaged or truncated workbook: {error}") from None
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        raise UnreadableFileError(
            source, "is a zip file but not an Excel workbook (no workbook part; a Word or other file?)"
        )
    if any(name.startswith(_EXTERNAL_LINK_PARTS) for name in names):
        raise UnreadableFileError(
            source,
            "links to other workbooks (external links), which are refused: break the links "
            "(Data > Edit Links > Break Link) and save again",
        )
    input_limits = limits.input_limits()
    check_package(data, source, budget or WorkBudget(source, input_limits.max_cpu_seconds), input_limits)


# --- sheets to a CensusReturn --------------------------------------------------------------------

_Row = tuple[Any, ...]


class _WorkbookReader:
    def __init__(self, workbook: Any, source: str, limits: XlsxLimits, budget: WorkBudget) -> None:
        self.workbook = workbook
        self.source = source
        self.limits = limits
        self.budget = budget
        self.notes: list[ReadNote] = []

    def read(self) -> CensusReturn:
        workers_sheet, heading_row = self._find_workers_sheet()
        header = CensusHeader()
        la_items: dict[str, list[str]] = {}
        block_name: str | None = None
        la_sheet = self._find_la_sheet(exclude=workers_sheet)
        if la_sheet is None:
            self.notes.append(ReadNote("no sheet of header and LA-level items was found", None, None))
        else:
            block_name = self._read_la_sheet(la_sheet, header, la_items)
        workers = self._read_workers(workers_sheet, heading_row)
        return CensusReturn(
            source=self.source,
            header=header,
            la_block_name=block_name,
            la_items=la_items,
            workers=workers,
            notes=self.notes,
        )

    # ------------------------------------------------------------ finding sheets

    def _sheets(self) -> list[Any]:
        return [sheet for sheet in self.workbook.worksheets if hasattr(sheet, "iter_rows")]

    def _rows(self, sheet: Any, min_row: int = 1, max_row: int | None = None) -> Iterator[_Row]:
        yield from present_rows(
            sheet,
            self.source,
            self.budget,
            self.limits.input_limits(),
            max_columns=self.limits.max_columns,
            min_row=min_row,
            max_row=max_row,
        )

    def _find_workers_sheet(self) -> tuple[Any, int]:
        sheets = self._sheets()
        named = [sheet for sheet in sheets if sheet.title.strip().lower() in _WORKER_SHEET_NAMES]
        for sheet in named + [sheet for sheet in sheets if sheet not in named]:
            heading_row = self._heading_row(sheet)
            if heading_row is not None:
                return sheet, heading_row
        raise UnreadableFileError(
            self.source,
            f"is not a CSWW census workbook: no sheet (e.g. {WORKERS_SHEET!r}) has a heading row of "
            "census items such as AgencyWorker and SWENo",
        )

    def _heading_row(self, sheet: Any) -> int | None:
        """The first of the top rows whose cells name at least two worker items."""
        for number, row in enumerate(self._rows(sheet, 1, _HEADING_SEARCH_ROWS), start=1):
            texts = [cell.value for cell in row if isinstance(cell.value, str)]
            if sum(split_column(text) is not None for text in texts) >= 2:
                return number
        return None

    def _find_la_sheet(self, exclude: Any) -> Any | None:
        sheets = [sheet for sheet in self._sheets() if sheet is not exclude]
        named = [sheet for sheet in sheets if sheet.title.strip().lower() in _LA_SHEET_NAMES]
        for sheet in named + [sheet for sheet in sheets if sheet not in named]:
            if self._la_layout(sheet) is not None:
                return sheet
        return None

    def _la_layout(self, sheet: Any) -> str | None:
        """``vertical`` (names down column A) or ``horizontal`` (names across row 1), or None."""
        rows = [[cell.value for cell in row] for row in self._rows(sheet, 1, 60)]
        down = [row[0] for row in rows if row and isinstance(row[0], str)]
        if sum(_la_row_kind(name) is not None for name in down) >= 2:
            return "vertical"
        across = [value for value in rows[0] if isinstance(value, str)] if rows else []
        if sum(_la_row_kind(name) is not None for name in across) >= 2:
            return "horizontal"
        return None

    # ------------------------------------------------------------ header and LA level

    def _read_la_sheet(self, sheet: Any, header: CensusHeader, la_items: dict[str, list[str]]) -> str | None:
        pairs: list[tuple[int, str, Any]] = []
        if self._la_layout(sheet) == "vertical":
            for number, row in enumerate(self._rows(sheet), start=1):
                if len(row) >= 2 and isinstance(row[0].value, str):
                    pairs.append((number, row[0].value, row[1]))
        else:
            rows = self._rows(sheet, 1, 2)
            names, values = next(rows, ()), next(rows, ())
            for index, name_cell in enumerate(names):
                if isinstance(name_cell.value, str):
                    pairs.append((2, name_cell.value, values[index] if index < len(values) else None))
        block_name: str | None = None
        for number, name, cell in pairs:
            kind = _la_row_kind(name)
            value, number_format = (
                (cell.value, getattr(cell, "number_format", None)) if cell else (None, None)
            )
            if kind is None:
                if value is not None and name.strip().lower() not in {"item", "value", "about"}:
                    self.notes.append(
                        ReadNote(
                            f"row {number} of sheet {sheet.title!r}: {name!r} is not a census item; ignored"
                        )
                    )
                continue
            text = self._text(value, number_format, is_date=name.strip().lower() == "referencedate")
            if text is None:
                continue
            if kind == "header":
                attribute = header_attribute(name)
                if attribute is not None:
                    lowered = name.strip().lower()
                    setattr(
                        header,
                        attribute,
                        normalise_number_text(text) if lowered in _HEADER_NUMBER_ROWS else text,
                    )
            elif kind == "block":
                block_name = text
            elif kind == "extra":
                header.extra[name.strip()[len(EXTRA_HEADER_PREFIX) :]] = text
            else:
                item = known_item(name, LA_ITEMS)
                if item is not None:
                    self._add(la_items, item, text, None)
        return block_name

    # ------------------------------------------------------------ workers

    def _read_workers(self, sheet: Any, heading_row: int) -> list[WorkerRecord]:
        headings = next(self._rows(sheet, heading_row, heading_row), ())
        columns: dict[int, tuple[str, int]] = {}
        seen: set[tuple[str, int]] = set()
        for index, cell in enumerate(headings):
            heading = cell.value
            if heading is None or (isinstance(heading, str) and not heading.strip()):
                continue
            named = split_column(str(heading))
            if named is None:
                self.notes.append(
                    ReadNote(
                        f"column {str(heading)!r} of sheet {sheet.title!r} is not a census item; ignored"
                    )
                )
                continue
            if named in seen:
                self.notes.append(
                    ReadNote(
                        f"column {str(heading)!r} appears twice; its values are added to the first",
                        None,
                        named[0],
                    )
                )
            seen.add(named)
            columns[index] = named
        workers: list[WorkerRecord] = []
        for row in self._rows(sheet, heading_row + 1):
            if not row:
                continue  # a missing or empty row
            found: list[tuple[int, int, str, str]] = []  # (occurrence, column, item, text)
            position = len(workers) + 1
            for index, (item, occurrence) in columns.items():
                if index >= len(row):
                    continue
                cell = row[index]
                spec = WORKER_ITEMS[item]
                text = self._text(
                    cell.value, getattr(cell, "number_format", None), is_date=spec.type is ItemType.DATE
                )
                if text is not None:
                    if spec.type is ItemType.DATE:
                        text = self._iso_date(text, position, item)
                    found.append((occurrence, index, item, text))
            if not found:
                continue  # a blank row
            if len(workers) >= self.limits.max_workers:
                raise UnreadableFileError(
                    self.source, f"has more than {self.limits.max_workers:,} worker rows, over the limit"
                )
            items: dict[str, list[str]] = {}
            for _occurrence, _index, item, text in sorted(found):
                self._add(items, item, text, position)
            workers.append(WorkerRecord(position, items))
        return workers

    # ------------------------------------------------------------ values

    def _text(self, value: Cell, number_format: str | None, *, is_date: bool) -> str | None:
        if isinstance(value, str):
            value = restore(value.strip())
        return cell_text(value, number_format, is_date=is_date)

    def _iso_date(self, text: str, position: int, item: str) -> str:
        converted = uk_date_to_iso(text)
        if converted is None:
            return text
        self.notes.append(ReadNote(f"date {text!r} read as {converted} (day/month/year)", position, item))
        return converted

    def _add(self, items: dict[str, list[str]], item: str, text: str, position: int | None) -> None:
        code = _LABEL_CODES.get((item, text))
        if code is not None:  # a label picked from the dropdown: the template's own form, no note
            items.setdefault(item, []).append(code)
            return
        normaliser = ITEM_NORMALISERS.get(item)
        value, note = normaliser(text) if normaliser is not None else (text.strip() or None, None)
        if value is None:
            return
        if note is not None:
            self.notes.append(ReadNote(note, position, item))
        items.setdefault(item, []).append(value)


def _la_row_kind(name: str) -> str | None:
    stripped = name.strip()
    if header_attribute(stripped) is not None:
        return "header"
    if stripped.lower() == BLOCK_NAME_ROW.lower():
        return "block"
    if stripped.startswith(EXTRA_HEADER_PREFIX) and len(stripped) > len(EXTRA_HEADER_PREFIX):
        return "extra"
    if known_item(stripped, LA_ITEMS) is not None:
        return "la"
    return None
