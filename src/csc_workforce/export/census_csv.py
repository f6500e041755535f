"""Write a return's workers as CSV: a row each, a column per census item (``QualInst_2`` for repeats).

Values are the census codes and texts exactly as held, except that text a spreadsheet could take
for a formula (``=HYPERLINK(...)``, ``+cmd``, ``@SUM``) is prefixed with an apostrophe, because
CSV files are most often opened in Excel.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TextIO

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.template import column_name, worker_columns
from csc_workforce.core.spreadsheet_safety import make_inert


def census_csv_rows(census: CensusReturn) -> list[list[str]]:
    """The heading row and one row per worker, already made inert."""
    columns = worker_columns(census)
    rows = [[make_inert(column_name(item, n)) for item, count in columns for n in range(1, count + 1)]]
    for worker in census.workers:
        row: list[str] = []
        for item, count in columns:
            values = worker.items.get(item, [])
            row += [make_inert(values[n]) if n < len(values) else "" for n in range(count)]
        rows.append(row)
    return rows


def write_census_csv_stream(census: CensusReturn, stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerows(census_csv_rows(census))


def census_csv_text(census: CensusReturn) -> str:
    buffer = io.StringIO()
    write_census_csv_stream(census, buffer)
    return buffer.getvalue()


def write_census_csv(census: CensusReturn, path: Path) -> None:
    """Write atomically (UTF-8): a partly written file never replaces a good one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as stream:
            write_census_csv_stream(census, stream)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
