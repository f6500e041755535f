"""Import a region's price caps file (CSV or XLSX): ``region, role, effective_from, max_hourly_rate``.

Caps are dated data the region maintains; nothing here knows any cap figure.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Final

from csc_workforce.core.agency.model import PriceCap
from csc_workforce.ingest.agency_table import AgencyFileError, read_table
from csc_workforce.ingest.agency_values import parse_day, parse_pounds, parse_role

CAP_COLUMNS: Final = ("region", "role", "effective_from", "max_hourly_rate")
MAX_CAP: Final = Decimal(1000)


def read_caps(path: Path) -> list[PriceCap]:
    """Every cap in the file, or :class:`AgencyFileError` naming each bad row and column."""
    table = read_table(path, CAP_COLUMNS)
    problems: list[str] = []
    caps: list[PriceCap] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, cells in table.rows:
        row_problems: list[str] = []
        region = " ".join(cells["region"].split())
        if not region:
            row_problems.append("column region: required, found a blank")
        elif len(region) > 100:
            row_problems.append("column region: longer than 100 characters")
        parsed = {}
        for column, parse in (
            ("role", parse_role),
            ("effective_from", parse_day),
            ("max_hourly_rate", lambda t: parse_pounds(t, allow_zero=False, maximum=MAX_CAP)),
        ):
            if not cells[column]:
                row_problems.append(f"column {column}: required, found a blank")
                continue
            try:
                parsed[column] = parse(cells[column])
            except ValueError as error:
                row_problems.append(f"column {column}: {error}")
        name = f"row {number}"
        if not row_problems:
            cap = PriceCap(
                region=region,
                role=parsed["role"],  # type: ignore[arg-type]
                effective_from=parsed["effective_from"],  # type: ignore[arg-type]
                max_hourly_rate=parsed["max_hourly_rate"],  # type: ignore[arg-type]
            )
            key = (region.casefold(), cap.role.value, cap.effective_from.isoformat())
            if key in seen:
                row_problems.append(
                    f"columns region, role, effective_from: the same cap is already set on row {seen[key]}"
                )
            else:
                seen[key] = number
                caps.append(cap)
        problems.extend(f"{name}: {problem}" for problem in row_problems)
    if problems:
        raise AgencyFileError(path, problems)
    return caps


PERMANENT_COLUMNS: Final = ("role", "permanent_hourly_cost")


def read_permanent_costs(path: Path) -> dict[tuple[str | None, str], Decimal]:
    """Permanent staff hourly cost by (council or None for all councils, role), for the premium.

    Columns ``role, permanent_hourly_cost`` and optionally ``la_code`` (blank = every council).
    The cost is the employer's full hourly cost of a permanent worker in that role.
    """
    table = read_table(path, PERMANENT_COLUMNS)
    problems: list[str] = []
    costs: dict[tuple[str | None, str], Decimal] = {}
    for number, cells in table.rows:
        la_code = cells.get("la_code", "") or None
        row_problems = []
        if la_code is not None and not (len(la_code) == 3 and la_code.isdigit()):
            row_problems.append(f"column la_code: expected a 3-digit code or a blank, found {la_code!r}")
        try:
            role = parse_role(cells["role"]).value
        except ValueError as error:
            row_problems.append(f"column role: {error}")
        try:
            cost = parse_pounds(cells["permanent_hourly_cost"], allow_zero=False, maximum=MAX_CAP)
        except ValueError as error:
            row_problems.append(f"column permanent_hourly_cost: {error}")
        if not row_problems:
            if (la_code, role) in costs:
                row_problems.append("columns la_code, role: this cost is already given on an earlier row")
            costs[(la_code, role)] = cost
        problems.extend(f"row {number}: {problem}" for problem in row_problems)
    if problems:
        raise AgencyFileError(path, problems)
    return costs
