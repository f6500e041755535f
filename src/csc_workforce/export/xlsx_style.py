"""Shared xlsxwriter plumbing: safe workbook options, formats, widths and atomic file writes.

Used by the census template writer and by ``reporting.excel``, so every workbook we produce is
formula-injection safe in the same way: strings are written as strings (never as formulas or
links), and text that a spreadsheet could take for a formula is made inert first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Final

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from csc_workforce.core.spreadsheet_safety import make_inert

# xlsxwriter's write() would turn "=..." into a formula and "http..." into a link; we never want that.
_SAFE_OPTIONS: Final = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,
}
MIN_WIDTH: Final = 8.0
MAX_WIDTH: Final = 60.0
HEADER_STYLE: Final = {
    "bold": True,
    "text_wrap": True,
    "valign": "top",
    "bg_color": "#DEE0E2",  # GOV.UK light grey
    "bottom": 1,
}


@contextmanager
def open_workbook(target: Path | BinaryIO) -> Iterator[Workbook]:
    """A workbook writing to ``target``; a file path is replaced only once the workbook is complete."""
    if isinstance(target, Path):
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".part")
        workbook = xlsxwriter.Workbook(str(temporary), _SAFE_OPTIONS)
        try:
            yield workbook
            workbook.close()
            temporary.replace(target)
        finally:
            temporary.unlink(missing_ok=True)
    else:
        workbook = xlsxwriter.Workbook(target, {**_SAFE_OPTIONS, "in_memory": True})
        yield workbook
        workbook.close()


class Formats:
    """One workbook's cell formats, created once each (Excel limits the number of styles)."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self.header = workbook.add_format(HEADER_STYLE)
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.bold = workbook.add_format({"bold": True})
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self._numbers: dict[str, Format] = {}

    def number(self, number_format: str | None) -> Format | None:
        if number_format is None:
            return None
        if number_format not in self._numbers:
            self._numbers[number_format] = self._workbook.add_format({"num_format": number_format})
        return self._numbers[number_format]


def write_text(sheet: Worksheet, row: int, column: int, text: str, cell_format: Format | None = None) -> None:
    """Write ``text`` as a string cell, made inert if a spreadsheet could take it for a formula."""
    sheet.write_string(row, column, make_inert(text), cell_format)


def write_header_row(sheet: Worksheet, headings: Iterable[str], formats: Formats, row: int = 0) -> None:
    """Bold headings, the row frozen so it stays in view while scrolling."""
    for column, heading in enumerate(headings):
        write_text(sheet, row, column, heading, formats.header)
    sheet.freeze_panes(row + 1, 0)


def column_width(texts: Iterable[str]) -> float:
    """A width that shows the longest value (up to a limit) without wasting space."""
    longest = max((len(text) for text in texts), default=0)
    return min(max(longest + 2.0, MIN_WIDTH), MAX_WIDTH)
