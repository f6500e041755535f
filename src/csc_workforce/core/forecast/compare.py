"""Scenarios side by side with the baseline: medians at each 30 September and the change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from csc_workforce.core.forecast.result import ForecastResult

COMPARED_MEASURES: Final = ("inpost_fte", "agency_fte", "vacancy_fte", "cost_total")


def comparison_rows(baseline: ForecastResult, others: Sequence[ForecastResult]) -> list[dict[str, Any]]:
    """One row per September and scenario (baseline first): each measure's median, its change
    from the baseline's median, and the probability of a shortfall against demand."""
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
            row["shortfall_probability"] = round(float(result.shortfall_probability[12 * k - 1]), 3)
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
