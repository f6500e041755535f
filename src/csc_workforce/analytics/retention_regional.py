"""Councils side by side: one- and two-year retention of starters and of newly qualified starters,
and median service, with small groups suppressed (``core.disclosure``); never a person.

Starters are spells that began inside the observed years (no late entry); newly qualified starters
those of them with StartOrigin 1. Each figure is a Kaplan–Meier estimate over that group, and is
suppressed (``c``) when the group holds 1 to threshold-1 spells.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

import pandas as pd

from csc_workforce.analytics.retention import at_risk, kaplan_meier, spells_table
from csc_workforce.core.disclosure import SUPPRESSED, DisclosureRule
from csc_workforce.core.retention import SpellHistory

REGION_ROW: Final = "Region"


@dataclass(frozen=True, slots=True)
class RegionalRetention:
    """One council's (or the region's) row; each figure a value, None (no one) or ``c``."""

    la_code: str
    name: str
    starters: int | str | None
    starters_1y: float | str | None
    starters_2y: float | str | None
    newly_qualified: int | str | None
    newly_qualified_1y: float | str | None
    newly_qualified_2y: float | str | None
    median_years: float | str | None

    def cells(self) -> list[float | int | str | None]:
        return [
            self.name,
            self.starters,
            self.starters_1y,
            self.starters_2y,
            self.newly_qualified,
            self.newly_qualified_1y,
            self.newly_qualified_2y,
            self.median_years,
        ]


def _survival_at(table: pd.DataFrame, fitter: Any, years: float) -> float | None:
    if fitter is None or at_risk(table, years) == 0:
        return None
    return float(fitter.survival_function_at_times(years).iloc[0])


def _group(
    table: pd.DataFrame, rule: DisclosureRule
) -> tuple[int | str | None, float | str | None, float | str | None]:
    count = len(table)
    if count == 0:
        return None, None, None
    if rule.is_small(count):
        return SUPPRESSED, SUPPRESSED, SUPPRESSED
    fitter = kaplan_meier(table)
    return count, _survival_at(table, fitter, 1), _survival_at(table, fitter, 2)


def _median(table: pd.DataFrame, rule: DisclosureRule) -> float | str | None:
    if table.empty:
        return None
    if rule.is_small(len(table)):
        return SUPPRESSED
    fitter = kaplan_meier(table)
    median = None if fitter is None else float(fitter.median_survival_time_)
    return median if median is not None and median != float("inf") else None


def _row(la_code: str, name: str, table: pd.DataFrame, rule: DisclosureRule) -> RegionalRetention:
    starters = table[table["started_in_observation"]]
    newly_qualified = starters[starters["start_origin"] == "newly_qualified"]
    return RegionalRetention(
        la_code, name, *_group(starters, rule), *_group(newly_qualified, rule), _median(table, rule)
    )


def regional_retention(
    history: SpellHistory, names: Mapping[str, str], rule: DisclosureRule
) -> list[RegionalRetention]:
    """A row per council of ``history`` (by name), then the region's row (all councils pooled)."""
    table = spells_table(history.spells)
    rows = [
        _row(la_code, names.get(la_code, la_code), table[table["council"] == la_code], rule)
        for la_code in history.councils
    ]
    rows.sort(key=lambda row: row.name)
    region = _row("", REGION_ROW, table, rule)
    # The region's counts are sums of the councils': with one council's count suppressed, the
    # total would give it back by subtraction, so the total goes too.
    if any(row.starters == SUPPRESSED for row in rows):
        region = replace(region, starters=SUPPRESSED)
    if any(row.newly_qualified == SUPPRESSED for row in rows):
        region = replace(region, newly_qualified=SUPPRESSED)
    rows.append(region)
    return rows
