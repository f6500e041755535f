"""DfE's published CSWW indicators, in every layout, read into one canonical Polars frame.

Layouts read (shared/spec/measures.md §5 and §7):
- the indicators file of the 2024 and 2025 releases (``csww_indicators_2017_to_20xx.csv``);
- the 2023 release's headline-measures file, with older column names and no starters.

Canonical frame: geography columns, then the 22 measures (Float64, published names), then one
``<measure>_symbol`` text column per measure holding ``c``/``x``/``z``/``u``/``low`` (value null)
or null. Joint returns are one row with a compound code, whatever the release did.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Final

import polars as pl

from csc_workforce.core.measures_formulas import MEASURE_COLUMNS
from csc_workforce.core.published import JOINT_RETURNS, JointReturn
from csc_workforce.ingest.published._csv import (
    CsvRow,
    PublishedFileError,
    bundled_path,
    parse_value,
    parse_year,
    read_rows,
)

LATEST_RELEASE_FILE: Final = "csww_indicators_2017_to_2025.csv"

GEOGRAPHY_SCHEMA: Final = {
    "time_period": pl.Int32,
    "geographic_level": pl.Utf8,
    "region_code": pl.Utf8,
    "region_name": pl.Utf8,
    "old_la_code": pl.Utf8,
    "new_la_code": pl.Utf8,
    "la_name": pl.Utf8,
}
SYMBOL_SUFFIX: Final = "_symbol"
INDICATORS_SCHEMA: Final = {
    **GEOGRAPHY_SCHEMA,
    **dict.fromkeys(MEASURE_COLUMNS, pl.Float64),
    **{f"{m}{SYMBOL_SUFFIX}": pl.Utf8 for m in MEASURE_COLUMNS},
}

# The 2023 release's headline-measures names → current names (§7). Starters are absent there.
HEADLINE_RENAMES: Final = {
    "social_worker_fte": "inpost_fte",
    "social_worker_headcount": "inpost_headcount",
    "leaver_fte": "leavers_fte",
    "leaver_headcount": "leavers_headcount",
    "turnover_rate_fte_%": "turnover_rate_fte",
    "turnover_rate_headcount_%": "turnover_rate_headcount",
    "agency_worker_rate_fte_%": "agency_rate_fte",
    "agency_worker_rate_headcount_%": "agency_rate_headcount",
    "agency_cover_rate_fte_%": "agency_cover_rate_fte",
    "vacancy_rate_fte_%": "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte_%": "vacancy_agency_cover_rate_fte",
    "absence_rate_fte_%": "absence_rate_fte",
}
LEVELS: Final = {"national": "National", "regional": "Regional", "local authority": "Local authority"}
LEVEL_ORDER: Final = {"National": 0, "Regional": 1, "Local authority": 2}
_LA_CODE: Final = re.compile(r"^\d{3}( / \d{3})*$")
_GEOGRAPHY_COLUMNS: Final = frozenset(GEOGRAPHY_SCHEMA)
_CURRENT_COLUMNS: Final = _GEOGRAPHY_COLUMNS | frozenset(MEASURE_COLUMNS)
_HEADLINE_COLUMNS: Final = (
    _GEOGRAPHY_COLUMNS
    | frozenset(HEADLINE_RENAMES)
    | frozenset(
        m for m in MEASURE_COLUMNS if m not in HEADLINE_RENAMES.values() and not m.startswith("starters")
    )
)

Record = dict[str, object]


def load_indicators(path: Path | None = None) -> pl.DataFrame:
    """Read a published CSWW indicators or headline-measures file into the canonical frame.

    ``None`` reads the latest release shipped with csc-workforce. Raises
    :class:`PublishedFileError` (a ``ValueError``) naming file, line and column on bad input.
    """
    if path is None:
        return _bundled_frame().clone()  # clone is cheap (shared buffers) and keeps the cache safe
    return _read(Path(path))


@lru_cache(maxsize=1)
def _bundled_frame() -> pl.DataFrame:
    return _read(bundled_path(LATEST_RELEASE_FILE))


def _read(source: Path) -> pl.DataFrame:
    header, rows = read_rows(source, frozenset())
    columns = set(header)
    if columns >= _CURRENT_COLUMNS:
        renames: dict[str, str] = {}
    elif "social_worker_fte" in columns and columns >= _HEADLINE_COLUMNS:
        renames = dict(HEADLINE_RENAMES)
    else:
        expected = _HEADLINE_COLUMNS if "social_worker_fte" in columns else _CURRENT_COLUMNS
        missing = [
            name
            for name in (*GEOGRAPHY_SCHEMA, *MEASURE_COLUMNS, *HEADLINE_RENAMES)
            if name in expected - columns
        ]
        shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
        raise PublishedFileError(
            source, f"not a CSWW indicators or headline-measures file; missing columns: {shown}", line=1
        )
    source_of = {renames.get(name, name): name for name in header}
    records = [_record(source, row, source_of) for row in rows]
    records = _fold_joint_returns(records)
    _check_unique(source, records)
    frame = pl.DataFrame(
        {name: [r[name] for r in records] for name in INDICATORS_SCHEMA},
        schema=INDICATORS_SCHEMA,
    )
    level_order = pl.col("geographic_level").replace_strict(LEVEL_ORDER, return_dtype=pl.Int8)
    return frame.sort(pl.col("time_period"), level_order, pl.col("region_name"), pl.col("old_la_code"))


def _record(path: Path, row: CsvRow, source_of: dict[str, str]) -> Record:
    level_text = row.cells["geographic_level"]
    level = LEVELS.get(level_text.lower())
    if level is None:
        raise PublishedFileError(
            path,
            f"unknown geographic level {level_text!r}; expected National, Regional or Local authority",
            line=row.line,
            column="geographic_level",
        )
    record: Record = {"time_period": parse_year(path, row), "geographic_level": level, "_line": row.line}
    for name in ("region_code", "region_name", "old_la_code", "new_la_code", "la_name"):
        record[name] = row.cells[name] or None
    if level == "Local authority":
        code = str(record["old_la_code"] or "")
        if not _LA_CODE.match(code):
            raise PublishedFileError(
                path,
                f"expected a DfE 3-digit LA code (or 'NNN / NNN' for a joint return), found {code!r}",
                line=row.line,
                column="old_la_code",
            )
        if not record["la_name"]:
            raise PublishedFileError(
                path, "a local authority row needs a name", line=row.line, column="la_name"
            )
    elif level == "Regional" and not record["region_name"]:
        raise PublishedFileError(
            path, "a regional row needs a region name", line=row.line, column="region_name"
        )
    for measure in MEASURE_COLUMNS:
        column = source_of.get(measure)
        value, symbol = (None, None) if column is None else parse_value(path, row, column)
        record[measure] = value
        record[f"{measure}{SYMBOL_SUFFIX}"] = symbol
    return record


def _all_not_applicable(record: Record) -> bool:
    cells = [(record[m], record[f"{m}{SYMBOL_SUFFIX}"]) for m in MEASURE_COLUMNS]
    return all(value is None and symbol in (None, "z") for value, symbol in cells)


def _fold_joint_returns(records: list[Record]) -> list[Record]:
    """Older releases print a joint return under its first member; make it the joint row."""
    by_year: dict[int, list[Record]] = {}
    for record in records:
        if record["geographic_level"] == "Local authority":
            by_year.setdefault(int(str(record["time_period"])), []).append(record)
    dropped: set[int] = set()
    for year, la_rows in by_year.items():
        for joint in JOINT_RETURNS:
            dropped |= _fold_one(joint, year, la_rows)
    return [r for r in records if id(r) not in dropped]


def _fold_one(joint: JointReturn, year: int, la_rows: Iterable[Record]) -> set[int]:
    rows = list(la_rows)
    if year < joint.first_year or any(r["old_la_code"] == joint.old_la_code for r in rows):
        return set()
    members = [r for r in rows if r["old_la_code"] in joint.members]
    leads = [r for r in members if not _all_not_applicable(r)]
    if len(leads) != 1 or leads[0]["old_la_code"] != joint.members[0]:
        return set()  # not the pattern older releases used: leave the rows as published
    lead = leads[0]
    lead.update(old_la_code=joint.old_la_code, new_la_code=joint.new_la_code, la_name=joint.la_name)
    return {id(r) for r in members if r is not lead}


def _check_unique(path: Path, records: list[Record]) -> None:
    seen: dict[tuple[object, ...], int] = {}
    for record in records:
        place = (
            record["old_la_code"]
            if record["geographic_level"] == "Local authority"
            else record["region_name"]
        )
        key = (record["time_period"], record["geographic_level"], place)
        line = int(str(record["_line"]))
        if key in seen:
            where = record["la_name"] or record["region_name"] or "England"
            raise PublishedFileError(
                path, f"{where} {record['time_period']} appears twice (first on line {seen[key]})", line=line
            )
        seen[key] = line
