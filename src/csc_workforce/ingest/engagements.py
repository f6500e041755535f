"""Import an engagement register (CSV or XLSX): every row checked, all or nothing.

A register with any bad row is refused whole, and the error names every bad row (by
``engagement_id``) and column, so the user fixes everything in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Final, TypeVar

from csc_workforce.core.agency.model import CapException, Engagement, Role
from csc_workforce.core.census.values import SWE_NUMBER
from csc_workforce.core.pseudonym import normalise_swe_no
from csc_workforce.ingest.agency_table import MAX_CELL_CHARS, AgencyFileError, read_table
from csc_workforce.ingest.agency_values import parse_day, parse_hours, parse_pounds, parse_role, parse_yes_no

ENGAGEMENT_COLUMNS: Final = (
    "engagement_id",
    "la_code",
    "agency",
    "swe_no",
    "role",
    "start_date",
    "end_date",
    "hourly_rate",
    "agency_fee_hourly",
    "hours_per_week",
    "qualified_date",
    "references_both_ways",
    "project_team",
    "project_team_workers_named",
    "cap_exception_approved",
)
# A price-cap exception's sign-off: optional columns, all four given together.
EXCEPTION_COLUMNS: Final = (
    "exception_approved_by",
    "exception_approved_on",
    "exception_reason",
    "exception_until",
)
REGISTER_COLUMNS: Final = (*ENGAGEMENT_COLUMNS, *EXCEPTION_COLUMNS)
_MAX_SIGN_OFF_TEXT: Final = 500
# An hourly amount above this is almost certainly a day rate or a salary in the wrong column.
MAX_HOURLY: Final = Decimal(1000)
_LA_CODE: Final = re.compile(r"^\d{3}$")
_ID: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")

T = TypeVar("T")


class _Row:
    """One row being parsed: collects a problem per bad column instead of stopping at the first."""

    def __init__(self, number: int, cells: dict[str, str]) -> None:
        self.number = number
        self.cells = cells
        self.problems: list[tuple[str, str]] = []

    def get(self, column: str, parse: Callable[[str], T], *, required: bool = True) -> T | None:
        text = self.cells.get(column, "")
        if not text:
            if required:
                self.problems.append((column, "required, found a blank"))
            return None
        if len(text) > MAX_CELL_CHARS:
            self.problems.append((column, f"longer than {MAX_CELL_CHARS} characters"))
            return None
        try:
            return parse(text)
        except ValueError as error:
            self.problems.append((column, str(error)))
            return None


def _la_code(text: str) -> str:
    if not _LA_CODE.match(text):
        raise ValueError(f"expected a 3-digit local authority code such as 370, found {text!r}")
    return text


def _engagement_id(text: str) -> str:
    if not _ID.match(text):
        raise ValueError(
            "expected up to 64 letters, digits or . _ / - (starting with a letter or digit), "
            f"found {text[:80]!r}"
        )
    return text


def _agency(text: str) -> str:
    if len(text) > 200:
        raise ValueError("expected an agency name of at most 200 characters")
    return text


def _swe_no(text: str) -> str:
    normal = normalise_swe_no(text)
    if not SWE_NUMBER.match(normal):
        # The value is not repeated: it may be a real identifier typed in the wrong place.
        raise ValueError(
            "expected a Social Work England number: two letters then up to 12 digits, e.g. SW123456"
        )
    return normal


def _hourly(allow_zero: bool) -> Callable[[str], Decimal]:
    return lambda text: parse_pounds(text, allow_zero=allow_zero, maximum=MAX_HOURLY)


def _sign_off_text(text: str) -> str:
    if len(text) > _MAX_SIGN_OFF_TEXT:
        raise ValueError(f"expected at most {_MAX_SIGN_OFF_TEXT} characters")
    return " ".join(text.split())


def _cap_exception(row: _Row) -> CapException | None:
    """The sign-off columns: absent or all blank is no sign-off; otherwise all four are required."""
    if not any(row.cells.get(column) for column in EXCEPTION_COLUMNS):
        return None
    approved_by = row.get("exception_approved_by", _sign_off_text)
    approved_on = row.get("exception_approved_on", parse_day)
    reason = row.get("exception_reason", _sign_off_text)
    until = row.get("exception_until", parse_day)
    if approved_on is not None and until is not None and until < approved_on:
        row.problems.append(("exception_until", f"{until} is before the approval on {approved_on}"))
    if approved_by and approved_on and reason and until:
        return CapException(approved_by=approved_by, approved_on=approved_on, reason=reason, until=until)
    return None


def _parse_row(row: _Row) -> Engagement | None:
    engagement_id = row.get("engagement_id", _engagement_id)
    la_code = row.get("la_code", _la_code)
    agency = row.get("agency", _agency)
    swe_no = row.get("swe_no", _swe_no)
    role = row.get("role", parse_role)
    start = row.get("start_date", parse_day)
    end = row.get("end_date", parse_day, required=False)
    hourly_rate = row.get("hourly_rate", _hourly(allow_zero=False))
    fee = row.get("agency_fee_hourly", _hourly(allow_zero=True))
    hours = row.get("hours_per_week", parse_hours)
    qualified = row.get("qualified_date", parse_day)
    references = row.get("references_both_ways", parse_yes_no)
    project_team = row.get("project_team", parse_yes_no)
    named = row.get("project_team_workers_named", parse_yes_no, required=False)
    approved = row.get("cap_exception_approved", parse_yes_no)
    sign_off = _cap_exception(row)
    if start is not None and end is not None and end < start:
        row.problems.append(("end_date", f"{end} is before the start date {start}"))
    if project_team is True and named is None and not row.cells.get("project_team_workers_named"):
        row.problems.append(("project_team_workers_named", "required (yes or no) when project_team is yes"))
    if project_team is False:
        named = None  # blank by definition; a stray value there has no meaning
    if row.problems:
        return None
    assert engagement_id and la_code and agency and swe_no and isinstance(role, Role)
    assert isinstance(start, date) and isinstance(qualified, date)
    assert hourly_rate is not None and fee is not None and hours is not None
    assert references is not None and project_team is not None and approved is not None
    return Engagement(
        engagement_id=engagement_id,
        la_code=la_code,
        agency=agency,
        swe_no=swe_no,
        role=role,
        start_date=start,
        end_date=end,
        hourly_rate=hourly_rate,
        agency_fee_hourly=fee,
        hours_per_week=hours,
        qualified_date=qualified,
        references_both_ways=references,
        project_team=project_team,
        project_team_workers_named=named,
        cap_exception_approved=approved,
        cap_exception=sign_off,
    )


def _row_name(number: int, cells: dict[str, str]) -> str:
    identifier = cells.get("engagement_id", "")
    if identifier and _ID.match(identifier):
        return f"row {number} (engagement_id {identifier})"
    return f"row {number} (no valid engagement_id)"


def read_engagements(path: Path) -> list[Engagement]:
    """Every engagement in the register, or :class:`AgencyFileError` listing every problem."""
    table = read_table(path, ENGAGEMENT_COLUMNS)
    problems: list[str] = []
    engagements: list[Engagement] = []
    first_row_of: dict[str, int] = {}
    for number, cells in table.rows:
        row = _Row(number, cells)
        engagement = _parse_row(row)
        name = _row_name(number, cells)
        problems.extend(f"{name}: column {column}: {message}" for column, message in row.problems)
        identifier = cells.get("engagement_id", "")
        if identifier:
            if identifier in first_row_of:
                problems.append(
                    f"{name}: column engagement_id: {identifier} is already used on row "
                    f"{first_row_of[identifier]}; each engagement needs its own id"
                )
            else:
                first_row_of[identifier] = number
        if engagement is not None:
            engagements.append(engagement)
    if problems:
        raise AgencyFileError(path, problems)
    if not engagements:
        raise AgencyFileError(path, ["has a header but no engagements"])
    return engagements
