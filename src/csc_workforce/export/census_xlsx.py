"""Write a census return as the XLSX template councils fill from HR data (and read back in ingest).

Sheets (layout rules in ``core.census.template``):
- ``Notes``: how to fill the template and what every item means;
- ``LA level``: the header (Year, LEA, ...) and the LA-level items, one row each;
- ``Workers``: one row per worker, one column per census item of the year (``QualInst_2``... for
  repeated values), dropdowns of labels for code items, dates as dates, numbers as numbers;
- ``Code lists``: every code with its label, the source of the dropdowns.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO, Final

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from csc_workforce import __version__
from csc_workforce.core.census.descriptions import describe
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.registry import (
    CODE_SETS,
    EVERY_RECORD_MANDATORY,
    LA_ITEMS,
    LEAVER_ITEMS,
    WORKER_ITEMS,
    ItemSpec,
    ItemType,
    census_year,
)
from csc_workforce.core.census.template import (
    BLOCK_NAME_ROW,
    CODES_SHEET,
    EXTRA_HEADER_PREFIX,
    HEADER_FIELDS,
    HEADER_ITEM_TYPES,
    LA_COLUMNS,
    LA_SHEET,
    NOTES_SHEET,
    WORKERS_SHEET,
    TypedCell,
    blank_return,
    column_name,
    la_item_names,
    typed_cell,
    worker_columns,
)
from csc_workforce.core.census.validation.places import sheet_reference
from csc_workforce.export.xlsx_style import (
    Formats,
    column_width,
    open_workbook,
    write_header_row,
    write_text,
)

_LAST_ROW: Final = 1_048_575  # Excel's last row (0-based): rules cover rows analysts add later
_WIDTH_SAMPLE: Final = 500  # rows looked at to size a column
_DATE_WIDTH: Final = 12.0
_RULE_WARNING: Final = {"error_type": "warning"}
EXCEL_CELL_LIMIT: Final = 32_767  # characters Excel holds in one cell


def write_census_xlsx(census: CensusReturn, target: Path | BinaryIO) -> list[str]:
    """Write ``census`` as the XLSX template to a file path (atomically) or a binary stream.

    Returns the cells (``Workers!D21``) whose value was longer than Excel's 32,767 characters and
    was cut to fit, so the caller can say so; empty when nothing was cut.
    """
    with open_workbook(target) as workbook:
        writer = _TemplateWriter(workbook, census)
        writer.write()
    return writer.truncated


def census_xlsx_bytes(census: CensusReturn) -> bytes:
    buffer = io.BytesIO()
    write_census_xlsx(census, buffer)
    return buffer.getvalue()


def write_blank_template(year: int, lea: str, target: Path | BinaryIO) -> None:
    """An empty template for ``year`` and the council ``lea``, ready to fill from HR data."""
    write_census_xlsx(blank_return(year, lea), target)


class _TemplateWriter:
    def __init__(self, workbook: Workbook, census: CensusReturn) -> None:
        self.workbook = workbook
        self.census = census
        self.formats = Formats(workbook)
        self.columns = worker_columns(census)
        self.la_names = la_item_names(census)
        self.code_ranges: dict[str, str] = {}
        self.truncated: list[str] = []

    def write(self) -> None:
        notes = self.workbook.add_worksheet(NOTES_SHEET)
        la_sheet = self.workbook.add_worksheet(LA_SHEET)
        workers = self.workbook.add_worksheet(WORKERS_SHEET)
        codes = self.workbook.add_worksheet(CODES_SHEET)
        self._write_code_lists(codes)
        self._write_notes(notes)
        self._write_la_sheet(la_sheet)
        self._write_workers(workers)
        notes.activate()

    # ------------------------------------------------------------ cells

    def _write_cell(self, sheet: Worksheet, row: int, column: int, cell: TypedCell) -> None:
        cell_format = self.formats.number(cell.number_format)
        if isinstance(cell.value, date):
            sheet.write_datetime(row, column, cell.value, cell_format)
        elif isinstance(cell.value, float):
            sheet.write_number(row, column, cell.value, cell_format)
        else:
            if len(cell.value) > EXCEL_CELL_LIMIT:
                self.truncated.append(sheet_reference(sheet.name, f"{_column_letter(column)}{row + 1}"))
            write_text(sheet, row, column, cell.value[:EXCEL_CELL_LIMIT], cell_format)

    # ------------------------------------------------------------ code lists

    def _code_sets_used(self) -> list[str]:
        specs = [WORKER_ITEMS[item] for item, _ in self.columns if item in WORKER_ITEMS]
        specs += [LA_ITEMS[name] for name in self.la_names if name in LA_ITEMS]
        used: list[str] = []
        for spec in specs:
            if spec.code_set is not None and spec.code_set not in used:
                used.append(spec.code_set)
        return used

    def _write_code_lists(self, sheet: Worksheet) -> None:
        for index, name in enumerate(self._code_sets_used()):
            code_column, label_column = 2 * index, 2 * index + 1
            write_text(sheet, 0, code_column, f"{name}: code", self.formats.header)
            write_text(sheet, 0, label_column, f"{name}: label", self.formats.header)
            labels = CODE_SETS[name].labels
            for row, (code, label) in enumerate(labels.items(), start=1):
                write_text(sheet, row, code_column, code)
                write_text(sheet, row, label_column, label)
            sheet.set_column(code_column, code_column, column_width([f"{name}: code"]))
            sheet.set_column(label_column, label_column, column_width(labels.values()))
            letter = _column_letter(label_column)
            self.code_ranges[name] = f"='{CODES_SHEET}'!${letter}$2:${letter}${len(labels) + 1}"
        sheet.freeze_panes(1, 0)

    def _dropdown(
        self, sheet: Worksheet, first: tuple[int, int], last: tuple[int, int], code_set: str
    ) -> None:
        sheet.data_validation(
            *first,
            *last,
            {
                "validate": "list",
                "source": self.code_ranges[code_set],
                **_RULE_WARNING,
                "error_title": "Not in the code list",
                "error_message": f"Choose a label from the list, or type the census code ({code_set}).",
            },
        )

    # ------------------------------------------------------------ notes

    def _write_notes(self, sheet: Worksheet) -> None:
        year, lea = self.census.year, self.census.la_code or "(not given)"
        title = f"CSWW census return, collection year {year or '(not given)'}, LA {lea}"
        write_text(sheet, 0, 0, title, self.formats.title)
        for row, line in enumerate(_guidance(year), start=2):
            write_text(sheet, row, 0, line)
        start = len(_guidance(year)) + 3
        headings = ("Item", "Sheet", "Type", "Who gives it", "Meaning")
        write_header_row(sheet, headings, self.formats, row=start)
        sheet.freeze_panes(0, 0)
        rows = list(self._notes_rows())
        for offset, values in enumerate(rows, start=start + 1):
            for column, text in enumerate(values):
                write_text(sheet, offset, column, text, self.formats.wrap)
        widths = (22.0, 12.0, 34.0, 28.0, 70.0)
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)

    def _notes_rows(self) -> Iterable[tuple[str, str, str, str, str]]:
        for name, _attribute in HEADER_FIELDS:
            kind = HEADER_ITEM_TYPES.get(name, ItemType.TEXT)
            required = "Required" if name in {"Year", "LEA", "ReferenceDate", "Collection"} else "Optional"
            yield name, LA_SHEET, _type_text(ItemSpec(name, kind)), required, describe(name)
        for name in self.la_names:
            spec = LA_ITEMS.get(name, ItemSpec(name, ItemType.TEXT))
            yield name, LA_SHEET, _type_text(spec), "Required", describe(name)
        mandatory = self._non_agency_mandatory()
        for item, _count in self.columns:
            spec = WORKER_ITEMS.get(item, ItemSpec(item, ItemType.TEXT))
            type_text = _type_text(spec)
            if spec.repeatable:
                type_text += f"; may repeat: add columns {column_name(item, 2)}, {column_name(item, 3)}..."
            yield item, WORKERS_SHEET, type_text, _who(item, mandatory), describe(item) or "Not a census item"

    def _non_agency_mandatory(self) -> tuple[str, ...]:
        year = self.census.year
        try:
            return census_year(year).non_agency_mandatory if year is not None else ()
        except KeyError:
            return ()

    # ------------------------------------------------------------ LA level

    def _write_la_sheet(self, sheet: Worksheet) -> None:
        write_header_row(sheet, LA_COLUMNS, self.formats)
        rows: list[tuple[str, list[str], ItemSpec]] = []
        header = self.census.header
        for name, attribute in HEADER_FIELDS:
            value = getattr(header, attribute)
            spec = ItemSpec(name, HEADER_ITEM_TYPES.get(name, ItemType.TEXT))
            rows.append((name, [value] if value is not None else [], spec))
        block = self.census.la_block_name
        block_spec = ItemSpec(BLOCK_NAME_ROW, ItemType.TEXT)
        rows.append((BLOCK_NAME_ROW, [block] if block is not None else [], block_spec))
        for name, value in header.extra.items():
            rows.append((EXTRA_HEADER_PREFIX + name, [value], ItemSpec(name, ItemType.TEXT)))
        for name in self.la_names:
            spec = LA_ITEMS.get(name, ItemSpec(name, ItemType.TEXT))
            rows.append((name, self.census.la_items.get(name, []), spec))
        row = 1
        for name, values, spec in rows:
            cells: list[str | None] = list(values) or [None]
            for value in cells:
                write_text(sheet, row, 0, name, self.formats.bold)
                if value is not None:
                    self._write_cell(sheet, row, 1, typed_cell(spec.type, spec.code_set, value))
                write_text(sheet, row, 2, _about(name, spec), self.formats.wrap)
                if spec.code_set is not None:
                    self._dropdown(sheet, (row, 1), (row, 1), spec.code_set)
                row += 1
        sheet.set_column(0, 0, 22.0)
        sheet.set_column(1, 1, 40.0)
        sheet.set_column(2, 2, 80.0)

    # ------------------------------------------------------------ workers

    def _write_workers(self, sheet: Worksheet) -> None:
        headings = [column_name(item, n) for item, count in self.columns for n in range(1, count + 1)]
        specs = [
            WORKER_ITEMS.get(item, ItemSpec(item, ItemType.TEXT))
            for item, count in self.columns
            for _ in range(count)
        ]
        write_header_row(sheet, headings, self.formats)
        for column, spec in enumerate(specs):
            about = describe(spec.name)
            if about:
                sheet.write_comment(0, column, about, {"x_scale": 2.0, "y_scale": 0.8})
            self._column_rules(sheet, column, spec)
        samples: list[list[str]] = [[heading] for heading in headings]
        for row, worker in enumerate(self.census.workers, start=1):
            column = 0
            for item, count in self.columns:
                values = worker.items.get(item, [])
                spec = specs[column]
                for n in range(count):
                    if n < len(values):
                        cell = typed_cell(spec.type, spec.code_set, values[n])
                        self._write_cell(sheet, row, column, cell)
                        if row <= _WIDTH_SAMPLE and isinstance(cell.value, str):
                            samples[column].append(cell.value)
                    column += 1
        for column, spec in enumerate(specs):
            width = _DATE_WIDTH if spec.type is ItemType.DATE else column_width(samples[column])
            sheet.set_column(column, column, max(width, _code_width(spec)))
        if headings:
            sheet.autofilter(0, 0, max(len(self.census.workers), 1), len(headings) - 1)

    def _column_rules(self, sheet: Worksheet, column: int, spec: ItemSpec) -> None:
        first, last = (1, column), (_LAST_ROW, column)
        if spec.code_set is not None:
            self._dropdown(sheet, first, last, spec.code_set)
        elif spec.type is ItemType.DATE:
            rule = {"validate": "date", "criteria": "between", "minimum": date(1900, 1, 1)}
            rule |= {"maximum": date(2100, 12, 31), "error_message": "Type a date, e.g. 30/09/2024."}
            sheet.data_validation(*first, *last, {**rule, **_RULE_WARNING})
        elif spec.type in {ItemType.DECIMAL, ItemType.INTEGER}:
            rule = {
                "validate": "decimal" if spec.type is ItemType.DECIMAL else "integer",
                "criteria": ">=" if spec.maximum is None else "between",
                "error_message": _type_text(spec),
            }
            if spec.maximum is None:
                rule["value"] = spec.minimum if spec.minimum is not None else -1e12
            else:
                rule |= {"minimum": spec.minimum or 0.0, "maximum": spec.maximum}
            sheet.data_validation(*first, *last, {**rule, **_RULE_WARNING})


def _code_width(spec: ItemSpec) -> float:
    if spec.code_set is None:
        return 0.0
    return column_width(CODE_SETS[spec.code_set].labels.values())


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _type_text(spec: ItemSpec) -> str:
    if spec.type is ItemType.CODE and spec.code_set is not None:
        codes = "; ".join(f"{code} = {label}" for code, label in CODE_SETS[spec.code_set].labels.items())
        return f"Code ({spec.code_set}): choose the label from the list. {codes}"
    if spec.type is ItemType.DATE:
        return "Date"
    if spec.type is ItemType.INTEGER:
        return "Whole number" + (f", at least {spec.minimum:g}" if spec.minimum is not None else "")
    if spec.type is ItemType.DECIMAL:
        text = f"Number, up to {spec.decimals} decimal places" if spec.decimals else "Number"
        if spec.minimum is not None and spec.maximum is not None:
            text += f", {spec.minimum:g} to {spec.maximum:g}"
        elif spec.minimum is not None:
            text += f", at least {spec.minimum:g}"
        return text
    if spec.type is ItemType.SWE_NUMBER:
        return "Text: two letters then digits, e.g. SW123456"
    return f"Text, up to {spec.max_length} characters" if spec.max_length else "Text"


def _who(item: str, non_agency_mandatory: Sequence[str]) -> str:
    if item in EVERY_RECORD_MANDATORY:
        return "Every worker"
    if item in non_agency_mandatory:
        return "Every worker not from an agency"
    if item in LEAVER_ITEMS or item == "RoleEndDate":
        return "Leavers only (with RoleEndDate)"
    return "When known"


def _about(name: str, spec: ItemSpec) -> str:
    if name == BLOCK_NAME_ROW:
        return "Name of the LA-level block in the XML (LALevelVacancies to 2024, LALevel from 2025)."
    if name.startswith(EXTRA_HEADER_PREFIX):
        return "Extra header item found in the source file; kept as found."
    meaning = describe(name)
    return f"{meaning} {_type_text(spec)}." if meaning else _type_text(spec)


def _guidance(year: int | None) -> list[str]:
    years = f" for {year}" if year else ""
    return [
        f"Fill the 'LA level' sheet (Year, LEA and the LA-level items) and the 'Workers' sheet{years}.",
        "Workers: one row per worker record (a person in two posts has two rows). Leave a cell blank "
        "when the item does not apply.",
        "Dates: type them as dates, or as text day first as in the UK (31/03/2024) or as 2024-03-31. "
        "Text with slashes is always read day first (03/04/2024 is 3 April). Numbers: type them as numbers.",
        "Code items: choose the label from the dropdown (e.g. 'Case holder'), or type the census code "
        "(e.g. 5). 'Code lists' shows every code and label.",
        "Repeated items (QualInst, ContractWeeks, Absat30Sept, ReasonAbsence, CFKSSstatus): add columns "
        "named QualInst_2, QualInst_3 and so on.",
        "Text that starts with = + - or @ is saved with a leading apostrophe so that it can never run "
        "as a formula; csc-workforce removes it when reading the template.",
        "To check it in the web app: upload this workbook on your council's 'Census returns' page; the "
        "report lists every problem with its sheet and cell (e.g. Workers!D21) and how to fix it.",
        "To make the XML for DfE COLLECT: after you accept the return in the web app, download its XML "
        "from the version history. On the command line: csc-workforce validate FILE.xlsx, then "
        "csc-workforce convert FILE.xlsx --to xml --output return.xml.",
        f"Written by csc-workforce {__version__}.",
    ]
