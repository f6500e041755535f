"""Read a council's SSDA903 tables (episodes, social worker episodes, header) safely.

CSV as councils produce them for DfE: columns in any order and case, dates as DfE writes them
(``dd/mm/yyyy``; ``yyyy-mm-dd`` is accepted too). Read behind ``ingest.guard`` (size limit before
reading, bounded CPU time, any parser failure one refusal) with the row and cell limits of the
other table readers (``agency_table``). Every
problem is named by file, row and column; a value that is not a valid code or identifier is
never echoed in full (it may be a real child's code or a formula).

Children's data is minimised as it is read: ``CHILD`` becomes a keyed pseudonym under the
council's key, a date of birth becomes its month, and no other child field is kept.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final, TypeVar

from csc_workforce.core.continuity.model import (
    LEGAL_STATUSES,
    SEX_LABELS,
    SW_REASONS,
    CareEpisode,
    ChildDetails,
    SocialWorkerEpisode,
    child_pseudonym,
)
from csc_workforce.core.spreadsheet_safety import is_dangerous
from csc_workforce.ingest.agency_table import MAX_CELL_CHARS, AgencyFileError, read_table
from csc_workforce.ingest.agency_values import parse_day
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.guard import guarded, read_file

EPISODE_COLUMNS: Final = ("child", "decom", "ls", "dec")
SOCIAL_WORKER_COLUMNS: Final = ("child", "dob", "sw_id", "sw_decom", "sw_dec", "sw_reason")
HEADER_COLUMNS: Final = ("child", "sex", "dob")
MAX_PROBLEMS: Final = 200
MAX_CODE_CHARS: Final = 20
_CHILD: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$")
# The Social Work England number, or DfE's XX placeholder (D2I rule SW02).
_SW_ID: Final = re.compile(r"^(SW|XX)[0-9A-Z]{1,12}$")
_SHORT_CODE: Final = re.compile(r"[A-Za-z0-9]{1,6}")
_DATE_LIKE: Final = re.compile(r"\d{1,4}[/-]\d{1,2}[/-]\d{1,4}")

T = TypeVar("T")


class Ssda903FileError(Exception):
    """A file that cannot be read; ``problems`` names every reason by row and column."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path.name}: " + "; ".join(problems[:3]))

    def report(self) -> str:
        count = len(self.problems)
        lines = [f"{self.path.name}: not read ({count} problem{'s' if count != 1 else ''}):"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)


def preview(text: str, shape: re.Pattern[str] | None = None) -> str:
    """``text`` quoted when it has the short shape of a code (or ``shape``); otherwise described.

    Longer values are never repeated: they may be a child's code typed in the wrong column.
    """
    if (shape or _SHORT_CODE).fullmatch(text) and not is_dangerous(text):
        return repr(text)
    return f"a value of {len(text)} characters (not shown)"


@functools.lru_cache(maxsize=65536)
def _date(text: str) -> date:
    # Dates repeat heavily across rows: parse each distinct text once (failures are not cached).
    try:
        return parse_day(text)
    except ValueError:
        raise ValueError(f"expected a date as dd/mm/yyyy, found {preview(text, _DATE_LIKE)}") from None


def _child_code(text: str) -> str:
    if not _CHILD.match(text):
        # Never repeated: it is a child's identifier, or something hostile in its place.
        raise ValueError("expected a child code of up to 20 letters, digits, - or _")
    return text


def _code(codes: dict[str, str], what: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        code = text.strip().upper()
        if code not in codes:
            raise ValueError(f"{preview(text)} is not a {what} code; expected one of {', '.join(codes)}")
        return code

    return parse


def _sw_id(text: str) -> str:
    code = text.strip().upper()
    if not _SW_ID.match(code):
        # Never repeated: a child's code or a hostile value may stand in its place.
        raise ValueError("expected a Social Work England number (SW then digits) or an XX placeholder")
    return code


def _month(text: str) -> date:
    return _date(text).replace(day=1)


class _Row:
    """One row being parsed: one problem per bad column, not just the first."""

    def __init__(self, number: int, cells: dict[str, str]) -> None:
        self.number = number
        self.cells = cells
        self.problems: list[str] = []

    def get(self, column: str, parse: Callable[[str], T], *, required: bool = True) -> T | None:
        text = self.cells.get(column, "")
        if not text:
            if required:
                self.problems.append(f"row {self.number}, column {column.upper()}: required, found a blank")
            return None
        if len(text) > MAX_CELL_CHARS or (len(text) > MAX_CODE_CHARS and parse is not _child_code):
            self.problems.append(f"row {self.number}, column {column.upper()}: over-long value (not shown)")
            return None
        try:
            return parse(text)
        except ValueError as error:
            self.problems.append(f"row {self.number}, column {column.upper()}: {error}")
            return None


@dataclass(frozen=True, slots=True)
class _Reader:
    path: Path
    columns: tuple[str, ...]

    def rows(self) -> list[_Row]:
        if self.path.suffix.lower() != ".csv":
            # CSV only, as councils send the tables to DfE: no workbook parser meets these bytes.
            suffix = self.path.suffix or "no extension"
            raise Ssda903FileError(self.path, [f"expected a .csv file, not {suffix}"])
        refused: list[str] = []
        rows: list[_Row] = []
        try:
            with guarded(str(self.path)) as budget:
                read_file(self.path)  # the size limit, before the table reader reads anything
                try:
                    table = read_table(self.path, self.columns)
                except AgencyFileError as error:  # kept apart: guarded would hide its problems
                    refused = _upper_columns(error.problems)
                else:
                    for number, cells in table.rows:
                        budget.tick()
                        rows.append(_Row(number, cells))
        except UnreadableFileError as error:
            raise Ssda903FileError(self.path, [error.message]) from None
        if refused:
            raise Ssda903FileError(self.path, refused)
        return rows


_COLUMN_NAMES: Final = re.compile(r"\b(child|decom|dec|ls|dob|sw_id|sw_decom|sw_dec|sw_reason|sex)\b")


def _upper_columns(problems: list[str]) -> list[str]:
    # The table reader names columns in lower case; DfE's names are upper case.
    return [_COLUMN_NAMES.sub(lambda m: m.group(0).upper(), p) if "column" in p else p for p in problems]


def _finish(path: Path, rows: list[_Row], values: list[T]) -> list[T]:
    problems = [problem for row in rows for problem in row.problems]
    if len(problems) > MAX_PROBLEMS:
        problems = [*problems[:MAX_PROBLEMS], f"... and {len(problems) - MAX_PROBLEMS} more problems"]
    if problems:
        raise Ssda903FileError(path, problems)
    return values


def read_episodes(path: Path, council_key: bytes) -> list[CareEpisode]:
    """The episodes table: child pseudonym, DECOM, DEC and LS (every other column is dropped)."""
    rows = _Reader(path, EPISODE_COLUMNS).rows()
    episodes: list[CareEpisode] = []
    for row in rows:
        child = row.get("child", _child_code)
        start = row.get("decom", _date)
        end = row.get("dec", _date, required=False)
        status = row.get("ls", _code(LEGAL_STATUSES, "legal status (LS)"))
        if start is not None and end is not None and end < start:
            row.problems.append(
                f"row {row.number}, column DEC: {end:%d/%m/%Y} is before DECOM {start:%d/%m/%Y}"
            )
        if row.problems or child is None or start is None or status is None:
            continue
        episodes.append(CareEpisode(child_pseudonym(child, council_key), start, end, status))
    return _finish(path, rows, episodes)


def read_social_worker_episodes(path: Path, council_key: bytes) -> list[SocialWorkerEpisode]:
    """The social worker table: child pseudonym, month of birth, SW_ID, dates and SW_REASON."""
    rows = _Reader(path, SOCIAL_WORKER_COLUMNS).rows()
    episodes: list[SocialWorkerEpisode] = []
    for row in rows:
        child = row.get("child", _child_code)
        birth = row.get("dob", _month, required=False)
        sw_id = row.get("sw_id", _sw_id)
        start = row.get("sw_decom", _date)
        end = row.get("sw_dec", _date, required=False)
        reason = row.get("sw_reason", _code(SW_REASONS, "SW_REASON"), required=False)
        if start is not None and end is not None and end < start:
            row.problems.append(
                f"row {row.number}, column SW_DEC: {end:%d/%m/%Y} is before SW_DECOM {start:%d/%m/%Y}"
            )
        if row.problems or child is None or sw_id is None or start is None:
            continue
        episodes.append(
            SocialWorkerEpisode(child_pseudonym(child, council_key), sw_id, start, end, reason, birth)
        )
    return _finish(path, rows, episodes)


def read_header(path: Path, council_key: bytes) -> dict[str, ChildDetails]:
    """The header table: each child's sex and month of birth, by pseudonym."""
    rows = _Reader(path, HEADER_COLUMNS).rows()
    details: dict[str, ChildDetails] = {}
    for row in rows:
        child = row.get("child", _child_code)
        sex = row.get("sex", _code(SEX_LABELS, "SEX"), required=False)
        birth = row.get("dob", _month, required=False)
        if row.problems or child is None:
            continue
        pseudonym = child_pseudonym(child, council_key)
        details[pseudonym] = ChildDetails(pseudonym, sex, birth)
    _finish(path, rows, [])
    return details
