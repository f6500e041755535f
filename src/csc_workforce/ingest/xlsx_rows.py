"""The rows of a read-only openpyxl sheet as its XML holds them, at a cost bounded by the content.

openpyxl's ``iter_rows`` pads every missing row and every missing cell: a sheet without a
``<dimension>`` and one row numbered 20,000,000 makes it build twenty million empty rows (minutes
of CPU from a 44 KB file). Here a missing row is an empty tuple, each present row is only as wide
as its last cell (at most ``max_columns``), every row number and column is checked against
Excel's sheet (``guard.check_cell``) and each row counts towards the file's CPU-time budget.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.worksheet._reader import WorkSheetParser  # the parser iter_rows itself uses

from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.guard import InputLimits, WorkBudget, check_cell


def present_rows(
    sheet: Any,
    source: str,
    budget: WorkBudget,
    limits: InputLimits,
    *,
    max_columns: int,
    min_row: int = 1,
    max_row: int | None = None,
    last_accepted_row: int | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Rows ``min_row`` to ``max_row`` of ``sheet`` (cells from column 1); ``()`` for a missing row.

    A row numbered past ``last_accepted_row`` refuses the file before any gap up to it is yielded.
    """
    workbook = sheet.parent
    expected = min_row
    with sheet._get_source() as stream:
        parser = WorkSheetParser(
            stream,
            sheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            budget.tick()
            last = max((cell["column"] for cell in cells), default=1)
            check_cell(number, last, source, limits)
            if max_row is not None and number > max_row:
                return
            if last_accepted_row is not None and number > last_accepted_row:
                raise UnreadableFileError(
                    source, f"row {number:,} is past the last row read ({last_accepted_row:,})"
                )
            if number < expected:
                continue  # before min_row, or a row repeated out of order (openpyxl skips it too)
            while expected < number:  # a gap: one cheap empty tuple per missing row
                expected += 1
                yield ()
            expected += 1
            yield sheet._get_row(cells, 1, min(last, max_columns)) if cells else ()
