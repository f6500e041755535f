"""What the agency templates show: tables as display text, engagement rows, periods and quarters.

Plain functions of plain data, so the views stay short and these can be tested without requests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from csc_workforce.core.agency.check import money
from csc_workforce.core.agency.cost import quarter_bounds, quarter_of
from csc_workforce.core.agency.model import Engagement, Finding, Role
from csc_workforce.ingest.agency_values import parse_day
from csc_workforce.reporting.agency_report import display_value, heading, is_numeric


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    numeric: bool = False


@dataclass(slots=True)
class Table:
    caption: str
    headings: list[Cell]
    rows: list[list[Cell]] = field(default_factory=list)


_HEADINGS = {"role": "Role", "agency": "Agency", "quarter": "Quarter", "engagements": "Engagements"}


def frame_table(frame: pl.DataFrame, columns: Sequence[str], caption: str) -> Table:
    """A Polars table as display cells: money in £, rates as %, roles by name."""
    present = [c for c in columns if c in frame.columns]
    headings = [Cell(_HEADINGS.get(c, heading(c)), frame.schema[c].is_numeric()) for c in present]
    rows = []
    for record in frame.select(present).iter_rows(named=True):
        row = []
        for column in present:
            value = record[column]
            if column == "role" and isinstance(value, str) and value in Role._value2member_map_:
                value = Role(value).label.capitalize()
            row.append(Cell(display_value(value, column), is_numeric(value)))
        rows.append(row)
    return Table(caption, headings, rows)


@dataclass(frozen=True, slots=True)
class EngagementRow:
    engagement_id: str
    agency: str
    role: str
    start_date: date
    end_date: date | None
    hourly_rate: str
    findings: list[Finding]


def engagement_rows(engagements: Sequence[Engagement], findings: Sequence[Finding]) -> list[EngagementRow]:
    """Every engagement with its findings (none for a compliant or unjudged one); no SWE numbers."""
    by_engagement: dict[str, list[Finding]] = {}
    for finding in findings:
        by_engagement.setdefault(finding.engagement_id, []).append(finding)
    return [
        EngagementRow(
            engagement_id=e.engagement_id,
            agency=e.agency,
            role=e.role.label.capitalize(),
            start_date=e.start_date,
            end_date=e.end_date,
            hourly_rate=money(e.hourly_rate),
            findings=by_engagement.get(e.engagement_id, []),
        )
        for e in sorted(engagements, key=lambda e: (e.start_date, e.engagement_id), reverse=True)
    ]


class PeriodError(ValueError):
    pass


def requested_period(query: Mapping[str, Any], default: tuple[date, date]) -> tuple[date, date]:
    """``from``/``to`` query values (YYYY-MM-DD) over the default; PeriodError says what is wrong."""
    chosen = []
    for name, fallback in zip(("from", "to"), default, strict=True):
        text = str(query.get(name, "") or "").strip()
        if not text:
            chosen.append(fallback)
            continue
        try:
            chosen.append(parse_day(text))
        except ValueError as error:
            raise PeriodError(f"'{name}' date: {error}") from None
    start, end = chosen
    if end < start:
        raise PeriodError(f"the period ends ({end}) before it starts ({start})")
    if (end - start).days > 366 * 10:
        raise PeriodError("choose a period of at most 10 years")
    return start, end


def quarter_choices(engagements: Sequence[Engagement], today: date) -> list[str]:
    """Calendar quarters from the first engagement's start to today's, newest first."""
    first = min((e.start_date for e in engagements), default=today)
    year, quarter = quarter_of(max(first, quarter_bounds(today.year - 10, 1)[0]))
    last = quarter_of(today)
    choices = []
    while (year, quarter) <= last:
        choices.append(f"{year}-Q{quarter}")
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return choices[::-1]


def previous_quarter(today: date) -> str:
    """The last complete calendar quarter: the one a quarterly return is usually made for."""
    year, quarter = quarter_of(today)
    year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return f"{year}-Q{quarter}"
