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
from csc_workforce.core.disclosure import (
    GROUP_COLUMNS,
    Cell,
    DisclosureRule,
    disclose_row,
    protect_parts_and_total,
    protect_table,
)
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


def _group_size(row: Mapping[str, Any], group: str) -> float:
    value = row.get(group)
    return float(value) if value is not None and value > 0 else 0.0


def _protect_councils(
    councils: list[dict[str, Any]], rule: DisclosureRule
) -> tuple[list[set[str]], set[str]]:
    """Groups to suppress in each council row and in the region total (councils and their sum)."""
    extra: list[set[str]] = [set() for _ in councils]
    region: set[str] = set()
    for group in GROUP_COLUMNS:
        hidden, total_hidden = protect_parts_and_total([_group_size(c, group) for c in councils], rule)
        for i in hidden:
            extra[i].add(group)
        if total_hidden:
            region.add(group)
    return extra, region


def _protect_breakdown(
    grid: dict[tuple[str, Any], dict[str, Any]], labels: list[Any], codes: list[str], rule: DisclosureRule
) -> tuple[dict[tuple[str, Any], set[str]], dict[Any, set[str]]]:
    """Groups to suppress in each (council, category) and each region category.

    The cells shown are councils' categories and the region's categories; the councils' and the
    region's totals are shown by the view without a breakdown, so they are in the table too: hidden
    when that view hides them (protected as parts and total), otherwise known and kept shown.
    """
    council_extra: dict[tuple[str, Any], set[str]] = {key: set() for key in grid}
    region_extra: dict[Any, set[str]] = {label: set() for label in labels}
    for group in GROUP_COLUMNS:
        size = {key: _group_size(row, group) for key, row in grid.items()}
        atoms = {key for key, value in size.items() if value > 0}
        interior = list(grid)
        cells: list[frozenset[Any]] = [frozenset({key} & atoms) for key in interior]
        values = [size[key] for key in interior]
        for label in labels:
            cells.append(frozenset(key for key in atoms if key[1] == label))
            values.append(sum(size[key] for key in atoms if key[1] == label))
        totals = [sum(size[key] for key in atoms if key[0] == code) for code in codes]
        hidden_totals, region_total_hidden = protect_parts_and_total(totals, rule)
        first_total = len(cells)
        for code, total in zip(codes, totals, strict=True):
            cells.append(frozenset(key for key in atoms if key[0] == code))
            values.append(total)
        cells.append(frozenset(atoms))
        values.append(sum(totals))
        hidden_margins = {first_total + i for i in hidden_totals}
        if region_total_hidden:
            hidden_margins.add(len(cells) - 1)
        primary = {i for i, value in enumerate(values[:first_total]) if rule.is_small(value)}
        fixed = set(range(first_total, len(cells))) - hidden_margins
        hidden = protect_table(cells, values, primary | hidden_margins, fixed=fixed)
        for i in hidden:
            if i < len(interior):
                council_extra[interior[i]].add(group)
            elif i < first_total:
                region_extra[labels[i - len(interior)]].add(group)
    return council_extra, region_extra


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
    Within each region and year, councils and the region's total are protected together
    (``core.disclosure.protect_table``): no suppressed council can be recovered by subtracting the
    others from the region, nor (with a breakdown) a category from the council's or region's total.
    """
    rule = rule or DisclosureRule()
    regions = regions or {}
    policy = str(council.get_column(POLICY_COLUMN)[0]) if council.height else ""
    records = council.to_dicts()
    for record in records:
        record["region_name"] = regions.get(record["old_la_code"], UNASSIGNED_REGION)
    by_area: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for record in records:
        by_area.setdefault((record["time_period"], record["region_name"]), []).append(record)
    councils_out: list[DisclosedRow] = []
    regions_out: list[DisclosedRow] = []
    for (year, region), rows in sorted(by_area.items()):
        grid = {(row["old_la_code"], row.get(by) if by else None): row for row in rows}
        codes = sorted({code for code, _ in grid})
        labels = sorted({label for _, label in grid}, key=lambda label: label or "")
        categories = {
            label: _aggregate([row for (_, lab), row in grid.items() if lab == label], year)
            for label in labels
        }
        if by is None:
            ordered = [grid[(code, None)] for code in codes]
            extra, region_groups = _protect_councils(ordered, rule)
            council_extra = {(code, None): groups for code, groups in zip(codes, extra, strict=True)}
            region_extra = {None: region_groups}
        else:
            council_extra, region_extra = _protect_breakdown(grid, labels, codes, rule)
        for (code, label), row in sorted(
            grid.items(), key=lambda item: (item[0][0], labels.index(item[0][1]))
        ):
            cells = disclose_row(row, rule, suppressed_groups=frozenset(council_extra[(code, label)]))
            councils_out.append(DisclosedRow(LOCAL_AUTHORITY, region, year, code, label, cells, policy))
        for label in labels:
            cells = disclose_row(categories[label], rule, suppressed_groups=frozenset(region_extra[label]))
            regions_out.append(DisclosedRow(REGIONAL, region, year, None, label, cells, policy))
    councils_out.sort(key=lambda row: (row.time_period, row.old_la_code or ""))
    return [*councils_out, *regions_out]


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
