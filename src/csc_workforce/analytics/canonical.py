"""The canonical census tables (Polars) that measures, dashboards and forecasts read.

Contract (docs/adr/0002-canonical-tables.md): built from :class:`CensusReturn` objects by
``workers_frame`` / ``la_level_frame``. Column names are the census item names; typed as below.
Repeatable items keep their first value here (the raw return keeps them all).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Final

import polars as pl

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.registry import LA_ITEMS, WORKER_ITEMS, ItemSpec, ItemType
from csc_workforce.core.census.values import (
    SWE_NUMBER,
    is_valid_code,
    parse_date,
    parse_decimal,
    parse_integer,
)

# Identifying columns added to every worker row.
WORKER_KEY_SCHEMA: Final = {
    "la_code": pl.Utf8,  # header LEA, 3 digits
    "time_period": pl.Int32,  # collection year
    "record": pl.Int32,  # 1-based position of the worker in its file
}

WORKER_ITEM_SCHEMA: Final = {
    "AgencyWorker": pl.Int8,
    "SWENo": pl.Utf8,
    "FTE": pl.Float64,
    "PersonBirthDate": pl.Date,
    "GenderCurrent": pl.Utf8,
    "Sex": pl.Utf8,
    "Ethnicity": pl.Utf8,
    "QualLevel": pl.Utf8,
    "StepUpGrad": pl.Utf8,
    "OrgRole": pl.Utf8,
    "RoleStartDate": pl.Date,
    "StartOrigin": pl.Utf8,
    "RoleEndDate": pl.Date,
    "LeaverDestination": pl.Utf8,
    "ReasonLeave": pl.Utf8,
    "FTE30": pl.Float64,
    "Cases30": pl.Int64,
    "WorkingDaysLost": pl.Float64,
    "ContractWeeks": pl.Float64,
    "FrontlineGrad": pl.Utf8,
    "Absat30Sept": pl.Utf8,
    "ReasonAbsence": pl.Utf8,
    "CFKSSstatus": pl.Utf8,
    "BaseSalary": pl.Float64,
    "RRPayments": pl.Float64,
    "OtherPayments": pl.Float64,
}

WORKER_SCHEMA: Final = {**WORKER_KEY_SCHEMA, **WORKER_ITEM_SCHEMA}

LA_LEVEL_SCHEMA: Final = {
    "la_code": pl.Utf8,
    "time_period": pl.Int32,
    "NumberOfVacancies": pl.Float64,
    "NoAgencyFTE": pl.Float64,
    "NoAgencyHeadcount": pl.Int64,
}


# --- Building the tables -------------------------------------------------------------------------


class CanonicalError(ValueError):
    """A return that cannot become canonical rows (e.g. no collection year); names the file."""


def _typed_value(spec: ItemSpec, text: str) -> object:
    """The typed value of one census item, or None when the text is not a valid value."""
    try:
        if spec.type is ItemType.CODE:
            assert spec.code_set is not None
            return text if is_valid_code(spec.code_set, text) else None
        if spec.type is ItemType.DATE:
            return parse_date(text)
        if spec.type is ItemType.SWE_NUMBER:
            candidate = text.strip().upper()
            return candidate if SWE_NUMBER.match(candidate) else None
        if spec.type is ItemType.TEXT:
            return text
        number: Decimal | int = parse_integer(text) if spec.type is ItemType.INTEGER else parse_decimal(text)
    except ValueError:
        return None
    if (spec.minimum is not None and number < spec.minimum) or (
        spec.maximum is not None and number > spec.maximum
    ):
        return None
    return number if isinstance(number, int) else float(number)


def _cached_parser(spec: ItemSpec) -> Callable[[str], object]:
    # Values repeat heavily (codes, "1" for FTE, common dates): parse each distinct text once.
    @functools.lru_cache(maxsize=65536)
    def parse(text: str) -> object:
        value = _typed_value(spec, text)
        if value is not None and WORKER_SCHEMA.get(spec.name) == pl.Int8:
            return int(value)  # type: ignore[call-overload]
        return value

    return parse


def _collection_year(census: CensusReturn) -> int:
    if census.year is not None:
        return census.year
    reference = (census.header.reference_date or "").strip()
    if len(reference) >= 4 and reference[:4].isdigit():
        return int(reference[:4])
    raise CanonicalError(f"{census.source}: the header carries no collection Year or ReferenceDate")


def _la_code(census: CensusReturn) -> str:
    code = (census.la_code or "").strip()
    if not code:
        raise CanonicalError(f"{census.source}: the header carries no LEA (council code)")
    return code


def workers_frame(returns: Iterable[CensusReturn]) -> pl.DataFrame:
    """One typed row per worker record of every return (schema ``WORKER_SCHEMA``).

    Values that do not parse, fall outside their range or are not in their code set become null;
    repeatable items keep their first value. Raises :class:`CanonicalError` naming the file when a
    return has no council code or collection year.
    """
    parsers = {name: _cached_parser(WORKER_ITEMS[name]) for name in WORKER_ITEM_SCHEMA}
    columns: dict[str, list[object]] = {name: [] for name in WORKER_SCHEMA}
    for census in returns:
        la_code = _la_code(census)
        year = _collection_year(census)
        count = len(census.workers)
        columns["la_code"].extend([la_code] * count)
        columns["time_period"].extend([year] * count)
        columns["record"].extend(worker.position for worker in census.workers)
        for name, parse in parsers.items():
            column = columns[name]
            for worker in census.workers:
                values = worker.items.get(name)
                column.append(parse(values[0]) if values else None)
    return pl.DataFrame(columns, schema=WORKER_SCHEMA)


def la_level_frame(returns: Iterable[CensusReturn]) -> pl.DataFrame:
    """One typed row per return with the LA-level vacancy items (schema ``LA_LEVEL_SCHEMA``)."""
    rows: list[dict[str, object]] = []
    for census in returns:
        row: dict[str, object] = {"la_code": _la_code(census), "time_period": _collection_year(census)}
        for name in LA_LEVEL_SCHEMA:
            if name in row:
                continue
            values = census.la_items.get(name)
            row[name] = _typed_value(LA_ITEMS[name], values[0]) if values else None
        rows.append(row)
    return pl.DataFrame(rows, schema=LA_LEVEL_SCHEMA)
