"""Measures across councils: each member council side by side and the aggregate of each region.

The only cross-council path. Everything it returns has passed through ``core.disclosure``: small
groups suppressed (``c``), values rounded as DfE, symbols for missing (``x``) and not applicable
(``z``). Aggregate rates follow DfE (measures.md §3.3): each rate is computed only over the
councils whose components are all present.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import polars as pl

from csc_workforce.analytics.council import CASE_HOLDERS_HEADCOUNT, KEY_COLUMNS, POLICY_COLUMN
from csc_workforce.core.disclosure import Cell, DisclosureRule, disclose_row, secondary_suppression
from csc_workforce.core.measures_formulas import MEASURE_COLUMNS, RATE_DEFINITIONS, compute_rate

LOCAL_AUTHORITY: Final = "Local authority"
REGIONAL: Final = "Regional"
UNASSIGNED_REGION: Final = "Councils supplied"
_COUNTS: Final = (*(m for m in MEASURE_COLUMNS if m not in RATE_DEFINITIONS), CASE_HOLDERS_HEADCOUNT)


@dataclass(frozen=True, slots=True)
class DisclosedRow:
    """One row of a regional view: labels, then every measure as a disclosed cell."""

    geographic_level: str
    region_name: str
    time_period: int
    old_la_code: str | None
    breakdown: str | None
    cells: dict[str, Cell]
    policy: str


def _aggregate(rows: list[dict[str, Any]], year: int) -> dict[str, float | None]:
    """Sum the counts of ``rows``; each rate over the rows whose components are all present."""
    totals: dict[str, float | None] = {}
    for name in _COUNTS:
        present = [row[name] for row in rows if row.get(name) is not None]
        totals[name] = float(sum(present)) if present else None
    for measure, definition in RATE_DEFINITIONS.items():
        usable = [row for row in rows if all(row.get(c) is not None for c in definition.components)]
        if not usable:
            totals[measure] = None
            continue
        components = {c: float(sum(row[c] for row in usable)) for c in definition.components}
        totals[measure] = compute_rate(measure, components, year)
    return totals


def _disclose_group(
    rows: list[dict[str, Any]], by: str | None, rule: DisclosureRule
) -> list[dict[str, Cell]]:
    """Disclose the rows of one area and year; with a breakdown, add secondary suppression."""
    extra = secondary_suppression(rows, rule) if by is not None else [frozenset()] * len(rows)
    return [
        disclose_row(row, rule, suppressed_groups=groups) for row, groups in zip(rows, extra, strict=True)
    ]


def regional_view(
    council: pl.DataFrame,
    regions: Mapping[str, str] | None = None,
    *,
    by: str | None = None,
    rule: DisclosureRule | None = None,
) -> list[DisclosedRow]:
    """Each council and each region's aggregate, disclosed.

    ``council`` is the output of ``analytics.council.council_measures`` (same ``by``); ``regions``
    maps a council code to its region (councils not in it form one group, "Councils supplied").
    """
    rule = rule or DisclosureRule()
    regions = regions or {}
    policy = str(council.get_column(POLICY_COLUMN)[0]) if council.height else ""
    records = council.to_dicts()
    for record in records:
        record["region_name"] = regions.get(record["old_la_code"], UNASSIGNED_REGION)
    output: list[DisclosedRow] = []

    # Councils: one disclosure group per council and year (its breakdown categories together).
    by_council: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for record in records:
        by_council.setdefault((record["time_period"], record["old_la_code"]), []).append(record)
    for (year, code), rows in sorted(by_council.items()):
        for row, cells in zip(rows, _disclose_group(rows, by, rule), strict=True):
            output.append(
                DisclosedRow(
                    LOCAL_AUTHORITY,
                    row["region_name"],
                    year,
                    code,
                    row.get(by) if by else None,
                    cells,
                    policy,
                )
            )

    # Regions: sum the member councils per year (and per breakdown category), then disclose.
    by_region: dict[tuple[int, str], dict[str | None, list[dict[str, Any]]]] = {}
    for record in records:
        key = (record["time_period"], record["region_name"])
        by_region.setdefault(key, {}).setdefault(record.get(by) if by else None, []).append(record)
    for (year, region), categories in sorted(by_region.items()):
        labels = sorted(categories, key=lambda label: label or "")
        aggregates = [_aggregate(categories[label], year) for label in labels]
        for label, cells in zip(labels, _disclose_group(aggregates, by, rule), strict=True):
            output.append(DisclosedRow(REGIONAL, region, year, None, label, cells, policy))
    return output


def rows_as_records(
    rows: list[DisclosedRow], by: str | None, names: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Plain dictionaries (symbols as strings) for JSON, CSV and tables."""
    names = names or {}
    records = []
    for row in rows:
        record: dict[str, Any] = {
            "geographic_level": row.geographic_level,
            "region_name": row.region_name,
            KEY_COLUMNS[0]: row.time_period,
            KEY_COLUMNS[1]: row.old_la_code,
            "la_name": names.get(row.old_la_code) if row.old_la_code else None,
        }
        if by:
            record[by] = row.breakdown
        record.update({measure: cell.json() for measure, cell in row.cells.items()})
        record[POLICY_COLUMN] = row.policy
        records.append(record)
    return records
