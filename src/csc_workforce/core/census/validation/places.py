"""Each issue's value as written in the file and its place there (sheet cell or XML line).

The readers record where each worker is (``WorkerRecord.row`` / ``.line``), the workbook's column
of each item and any text they changed (``typed``); this module turns those into ``Issue.found``
and ``Issue.location`` once, after the rules ran, so no rule needs to know about places. Values
in reports are cut to ``FOUND_LIMIT`` characters with a visible mark.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from csc_workforce.core.census.model import CensusReturn, SourcePlaces, WorkerRecord
from csc_workforce.core.census.validation.issue import Issue

FOUND_LIMIT: Final = 1_000
_PLAIN_SHEET: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def cut(text: str | None, limit: int = FOUND_LIMIT) -> str | None:
    """``text`` if it fits in ``limit`` characters, else its start and a mark saying how long it was."""
    if text is None or len(text) <= limit:
        return text
    mark = f" … [cut: {len(text):,} characters in all]"
    return text[: max(0, limit - len(mark))] + mark


def sheet_reference(sheet: str, cell: str) -> str:
    """``Workers!D21``; a sheet name with spaces or punctuation is quoted as Excel writes it."""
    if _PLAIN_SHEET.fullmatch(sheet):
        return f"{sheet}!{cell}"
    return "'" + sheet.replace("'", "''") + f"'!{cell}"


def placed(census: CensusReturn, issues: list[Issue]) -> list[Issue]:
    """``issues`` with ``found`` and ``location`` set, and long values cut."""
    by_position = {worker.position: worker for worker in census.workers}
    return [_placed(census, by_position, issue) for issue in issues]


def _index(values: list[str] | None, value: str | None) -> int | None:
    return values.index(value) if values and value is not None and value in values else None


def _placed(census: CensusReturn, workers: dict[int, WorkerRecord], issue: Issue) -> Issue:
    places, item = census.places, issue.field or ""
    worker = workers.get(issue.record) if issue.record is not None else None
    typed: str | None = None
    location: str | None = None
    if worker is not None:
        index = _index(worker.items.get(item), issue.value)
        if worker.typed and index is not None:
            typed = worker.typed.get((item, index))
        location = _worker_location(places, worker, issue.field, index or 0)
    elif issue.record is None and item:
        index = _index(census.la_items.get(item), issue.value)
        if index is not None:
            typed = places.la_typed.get((item, index))
        location = places.la_places.get(item)
    found = typed if typed is not None else issue.value
    message = issue.message
    if typed is not None and issue.value is not None:
        # Messages quote the value; quote it as the user wrote it ("Team manager", not "TEAM MANAGER").
        message = message.replace(repr(issue.value), repr(typed))
    return replace(
        issue, message=cut(message) or "", value=cut(issue.value), found=cut(found), location=location
    )


def _worker_location(places: SourcePlaces, worker: WorkerRecord, item: str | None, index: int) -> str | None:
    if worker.line is not None:
        return f"line {worker.line}"
    if places.worker_sheet is None or worker.row is None:
        return None
    columns = places.columns.get(item or "", [])
    # An item with no column of its own (a missing item) points at the row's first cell.
    column = columns[min(index, len(columns) - 1)] if columns else "A"
    return sheet_reference(places.worker_sheet, f"{column}{worker.row}")
