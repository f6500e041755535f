"""Read the staff-sharing planner's input tables (CSV or XLSX), naming every bad row and column.

- surplus: ``old_la_code, role, surplus_fte`` (negative is a deficit)
- offers: ``old_la_code, role, max_lend_fte`` and optionally ``refuses_to_receive`` (yes/no)
- neighbours: ``from_la, to_la`` and optionally ``travel_minutes``
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Final, TypeVar

from csc_workforce.core.sharing.model import LedgerRow, Pairs
from csc_workforce.ingest.agency_table import AgencyFileError, read_table

SURPLUS_COLUMNS: Final = ("old_la_code", "role", "surplus_fte")
OFFER_COLUMNS: Final = ("old_la_code", "role", "max_lend_fte")
NEIGHBOUR_COLUMNS: Final = ("from_la", "to_la")
MAX_FTE: Final = 10_000.0
MAX_MINUTES: Final = 24 * 60.0
_LA_CODE = re.compile(r"\d{3}")
_YES: Final = {"yes", "y", "true", "1"}
_NO: Final = {"no", "n", "false", "0", ""}

T = TypeVar("T")


class _RowProblemError(ValueError):
    pass


def _la_code(text: str) -> str:
    if not _LA_CODE.fullmatch(text):
        raise _RowProblemError("expected a three-digit DfE LA code")
    return text


def _role(text: str) -> str:
    role = " ".join(text.split())
    if not role:
        raise _RowProblemError("required, found a blank")
    if len(role) > 60 or any(not (ch.isalnum() or ch in " -'&/()") for ch in role):
        raise _RowProblemError("expected a role name (letters, digits and spaces, at most 60 characters)")
    return role


def _number(low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            raise _RowProblemError(f"expected a number from {low:g} to {high:g}") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise _RowProblemError(f"expected a number from {low:g} to {high:g}")
        return value

    return parse


def _yes_no(text: str) -> bool:
    word = text.strip().casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise _RowProblemError("expected yes or no")


def _cell(
    cells: dict[str, str], column: str, parse: Callable[[str], T], problems: list[str], row: int
) -> T | None:
    try:
        return parse(cells.get(column, "").strip())
    except _RowProblemError as problem:
        problems.append(f"row {row}, column {column}: {problem}")
        return None


def _raise_if(path: Path, problems: list[str]) -> None:
    if problems:
        raise AgencyFileError(path, problems)


def read_surplus(path: Path) -> list[LedgerRow]:
    """The region's own capacity ledger; one row per council and role."""
    table = read_table(path, SURPLUS_COLUMNS)
    problems: list[str] = []
    rows: list[LedgerRow] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:
        code = _cell(cells, "old_la_code", _la_code, problems, number)
        role = _cell(cells, "role", _role, problems, number)
        fte = _cell(cells, "surplus_fte", _number(-MAX_FTE, MAX_FTE), problems, number)
        if code is None or role is None or fte is None:
            continue
        if (code, role) in seen:
            problems.append(
                f"row {number}: council {code} and role {role!r} already given in row {seen[code, role]}"
            )
            continue
        seen[code, role] = number
        rows.append(LedgerRow(code, role, fte))
    _raise_if(path, problems)
    return rows


def read_offers(path: Path) -> tuple[dict[tuple[str, str], float], frozenset[tuple[str, str]]]:
    """What each council offers to lend per role, and the (council, role) pairs it will not receive."""
    table = read_table(path, OFFER_COLUMNS)
    problems: list[str] = []
    offers: dict[tuple[str, str], float] = {}
    refuses: set[tuple[str, str]] = set()
    has_refusals = "refuses_to_receive" in table.columns
    for number, cells in table.rows:
        code = _cell(cells, "old_la_code", _la_code, problems, number)
        role = _cell(cells, "role", _role, problems, number)
        fte = _cell(cells, "max_lend_fte", _number(0.0, MAX_FTE), problems, number)
        refuse = _cell(cells, "refuses_to_receive", _yes_no, problems, number) if has_refusals else False
        if code is None or role is None or fte is None or refuse is None:
            continue
        if (code, role) in offers:
            problems.append(f"row {number}: council {code} and role {role!r} given more than once")
            continue
        offers[code, role] = fte
        if refuse:
            refuses.add((code, role))
    _raise_if(path, problems)
    return offers, frozenset(refuses)


def read_neighbours(path: Path) -> Pairs:
    """The pairs of councils that may lend to each other (either direction), with travel times."""
    table = read_table(path, NEIGHBOUR_COLUMNS)
    problems: list[str] = []
    pairs: list[tuple[str, str, float | None]] = []
    has_minutes = "travel_minutes" in table.columns
    for number, cells in table.rows:
        a = _cell(cells, "from_la", _la_code, problems, number)
        b = _cell(cells, "to_la", _la_code, problems, number)
        minutes = None
        if has_minutes and cells.get("travel_minutes", "").strip():
            minutes = _cell(cells, "travel_minutes", _number(0.0, MAX_MINUTES), problems, number)
            if minutes is None:
                continue
        if a is None or b is None:
            continue
        if a == b:
            problems.append(f"row {number}: a council cannot be its own neighbour ({a})")
            continue
        pairs.append((a, b, minutes))
    _raise_if(path, problems)
    return Pairs.listed(pairs)
