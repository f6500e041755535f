"""Scenarios side by side with the baseline: medians at each 30 September and the change."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from csc_workforce.core.forecast.result import ForecastResult

COMPARED_MEASURES: Final = ("inpost_fte", "agency_fte", "vacancy_fte", "cost_total")


def _rounded(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 1)


def comparison_rows(baseline: ForecastResult, others: Sequence[ForecastResult]) -> list[dict[str, Any]]:
    """One row per September and scenario (baseline first): each measure's median, its change
    from the baseline's median, the median caseload, and the probability of a shortfall (a
    caseload above the scenario's standard)."""
    for other in others:
        if other.months != baseline.months or other.inputs.base_year != baseline.inputs.base_year:
            raise ValueError(f"scenario {other.scenario.name!r} covers different months from the baseline")
    rows = []
    for k in range(1, baseline.months // 12 + 1):
        year = baseline.inputs.base_year + k
        for result in [baseline, *others]:
            row: dict[str, Any] = {"scenario": result.scenario.name, "time_period": year}
            for m in COMPARED_MEASURES:
                median = result.september(k, m)[1]
                row[f"{m}_p50"] = round(median, 1)
                row[f"{m}_change"] = round(median - baseline.september(k, m)[1], 1)
            row["caseload_fte_p50"] = _rounded(result.september(k, "caseload_fte")[1])
            row["caseload_standard"] = result.standard
            row["shortfall_probability"] = result.risk(k)
            rows.append(row)
    return rows


@dataclass(frozen=True)
class ForecastRun:
    """A baseline and its scenarios for one council, with what is needed to reproduce the run."""

    baseline: ForecastResult
    scenarios: tuple[ForecastResult, ...] = ()
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def results(self) -> tuple[ForecastResult, ...]:
        return (self.baseline, *self.scenarios)

    def comparison(self) -> list[dict[str, Any]]:
        return comparison_rows(self.baseline, self.scenarios)

    def to_dict(self) -> dict[str, Any]:
        baseline = self.baseline.to_dict()
        return {
            "council": baseline["council"],
            "baseline": baseline,
            "scenarios": [r.to_dict() for r in self.scenarios],
            "comparison": self.comparison(),
            "provenance": self.provenance,
        }
