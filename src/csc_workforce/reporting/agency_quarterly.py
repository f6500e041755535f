"""The quarterly engagement return a council sends DfE, as CSV or XLSX.

DfE's field list (the data-collection checklist) was not readable when this was built
(shared/spec/agency-and-planning.md §1.6), so the return carries every engagement running in the
quarter with everything the register holds about it except the worker's identity: role, basis
of pay (capped part and agency fee), hours, dates, supplier, project-team flags, the cap in force,
the approved exception and the rules found broken. Columns are named so they can be mapped to
DfE's fields when the checklist is published.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Final

from csc_workforce.analytics.agency import council_name
from csc_workforce.core.agency.caps import CapTable
from csc_workforce.core.agency.cost import cost_in_period, quarter_bounds
from csc_workforce.core.agency.model import Engagement, Finding, PriceCap, Severity
from csc_workforce.core.spreadsheet_safety import make_inert
from csc_workforce.reporting.excel import Cell, SheetTable, write_tables_xlsx

QUARTERLY_COLUMNS: Final = (
    "la_code",
    "la_name",
    "quarter",
    "period_start",
    "period_end",
    "engagement_id",
    "agency",
    "role",
    "start_date",
    "end_date",
    "hours_per_week",
    "hourly_rate",
    "agency_fee_hourly",
    "total_hourly_cost",
    "cap_in_force",
    "above_cap",
    "cap_exception_approved",
    "project_team",
    "project_team_workers_named",
    "days_in_quarter",
    "hours_in_quarter",
    "cost_in_quarter",
    "rules_breached",
)


def parse_quarter(text: str) -> tuple[int, int]:
    """``2025-Q1`` (calendar quarter: January to March) → (2025, 1)."""
    cleaned = text.strip().upper().replace(" ", "")
    year_text, _, quarter_text = cleaned.partition("-Q")
    if not (len(year_text) == 4 and year_text.isdigit() and quarter_text in {"1", "2", "3", "4"}):
        raise ValueError(f"expected a quarter such as 2025-Q1 (January to March), found {text!r}")
    return int(year_text), int(quarter_text)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def quarterly_rows(
    engagements: Sequence[Engagement],
    findings: Sequence[Finding],
    caps: Sequence[PriceCap],
    *,
    region: str,
    year: int,
    quarter: int,
    la_code: str | None = None,
) -> list[tuple[Cell, ...]]:
    """One row per engagement running in the quarter (for one council, or all when None)."""
    start, end = quarter_bounds(year, quarter)
    table = CapTable(caps)
    breached: dict[str, list[str]] = {}
    for finding in findings:
        if finding.severity is Severity.BREACH:
            breached.setdefault(finding.engagement_id, []).append(finding.rule.value)
    rows: list[tuple[Cell, ...]] = []
    for e in sorted(engagements, key=lambda e: (e.la_code, e.start_date, e.engagement_id)):
        if la_code is not None and e.la_code != la_code:
            continue
        cost = cost_in_period(e, start, end)
        if not cost.days:
            continue
        cap = table.cap_for(region, e.role, e.start_date)
        rows.append(
            (
                e.la_code,
                council_name(e.la_code),
                f"{year}-Q{quarter}",
                start,
                end,
                e.engagement_id,
                e.agency,
                e.role.value,
                e.start_date,
                e.end_date,
                e.hours_per_week,
                e.hourly_rate,
                e.agency_fee_hourly,
                e.total_hourly_cost,
                None if cap is None else cap.max_hourly_rate,
                "" if cap is None else _yes_no(e.hourly_rate > cap.max_hourly_rate),
                _yes_no(e.cap_exception_approved),
                _yes_no(e.project_team),
                _yes_no(e.project_team_workers_named),
                cost.days,
                round(e.hours_per_week * cost.days / 7, 2),
                round(cost.total, 2),
                ";".join(breached.get(e.engagement_id, [])),
            )
        )
    return rows


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return make_inert(str(value))


def quarterly_csv(rows: Sequence[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(QUARTERLY_COLUMNS)
    writer.writerows([_csv_text(v) for v in row] for row in rows)
    return buffer.getvalue()


QUARTERLY_SHEET: Final = "Quarterly return"


def quarterly_sheet(rows: Sequence[Sequence[Cell]]) -> SheetTable:
    """The return as one workbook sheet, with notes on what the columns hold."""
    notes = [
        "One row per agency engagement running in the quarter; calendar quarters (Q1 = January "
        "to March). Amounts in £; the hourly rate is the capped part, the agency fee is on top.",
        "No worker identity is included.",
    ]
    return SheetTable(columns=QUARTERLY_COLUMNS, rows=rows, notes=notes)


def write_quarterly(rows: Sequence[Sequence[Cell]], path: Path) -> None:
    """Write the return as ``.csv`` or ``.xlsx`` (by the file's suffix), atomically."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_tables_xlsx(path, {QUARTERLY_SHEET: quarterly_sheet(rows)})
        return
    if suffix != ".csv":
        raise ValueError(f"the quarterly return is written as .csv or .xlsx, not {suffix or 'no extension'}")
    temporary = path.with_name(path.name + ".part")
    try:
        temporary.write_text(quarterly_csv(rows), encoding="utf-8")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
