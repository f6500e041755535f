"""Running the model for one council and summarising it: percentiles by month and by September."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from csc_workforce.core.forecast.inputs import CouncilInputs
from csc_workforce.core.forecast.model import OUTPUTS, simulate
from csc_workforce.core.forecast.scenario import Scenario

DEFAULT_SEED: Final = 20170930
DEFAULT_SIMS: Final = 2000
DEFAULT_MONTHS: Final = 36
PERCENTILES: Final = (10, 50, 90)
MODEL_VERSION: Final = "stock-flow-1"


def council_rng(seed: int, code: str) -> np.random.Generator:
    """Each council's stream depends only on the seed and its code, so runs split across workers
    (locally or on Dask, in any order) give identical numbers."""
    return np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(code.encode())]))


def month_labels(base_year: int, months: int) -> list[str]:
    """Month m (1-based) after 30 September of ``base_year``, as YYYY-MM."""
    labels = []
    for m in range(1, months + 1):
        index = 9 + m  # September is 9; month 1 is October
        labels.append(f"{base_year + (index - 1) // 12}-{(index - 1) % 12 + 1:02d}")
    return labels


@dataclass(frozen=True)
class ForecastResult:
    """Percentiles (10/50/90) by month for one council under one scenario."""

    inputs: CouncilInputs
    scenario: Scenario
    months: int
    sims: int
    seed: int
    percentiles: dict[str, NDArray[np.float64]]  # measure -> (3, months)
    shortfall_probability: NDArray[np.float64]  # (months,)
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def labels(self) -> list[str]:
        return month_labels(self.inputs.base_year, self.months)

    def september(self, years_ahead: int, measure: str) -> tuple[float, float, float]:
        """(p10, p50, p90) at the ``years_ahead``-th 30 September after the base date."""
        m = 12 * years_ahead - 1
        if not 0 <= m < self.months:
            raise ValueError(f"the run covers {self.months} months, not {years_ahead} years")
        p = self.percentiles[measure][:, m]
        return float(p[0]), float(p[1]), float(p[2])

    def to_dict(self) -> dict[str, Any]:
        labels = self.labels
        series = {
            name: {f"p{q}": [round(float(v), 3) for v in values[i]] for i, q in enumerate(PERCENTILES)}
            for name, values in self.percentiles.items()
        }
        annual = []
        for k in range(1, self.months // 12 + 1):
            row: dict[str, Any] = {"time_period": self.inputs.base_year + k}
            for name in ("inpost_fte", "agency_fte", "vacancy_fte", "turnover_rate_fte", "cost_total"):
                p10, p50, p90 = self.september(k, name)
                row[name] = {"p10": round(p10, 3), "p50": round(p50, 3), "p90": round(p90, 3)}
            row["shortfall_probability"] = round(float(self.shortfall_probability[12 * k - 1]), 4)
            annual.append(row)
        return {
            "council": {
                "old_la_code": self.inputs.code,
                "la_name": self.inputs.name,
                "region_name": self.inputs.region,
                "base_year": self.inputs.base_year,
            },
            "scenario": self.scenario.to_dict(),
            "months": labels,
            "series": series,
            "shortfall_probability": [round(float(v), 4) for v in self.shortfall_probability],
            "annual": annual,
            "provenance": self.provenance,
        }


def run_forecast(
    inputs: CouncilInputs,
    scenario: Scenario | None = None,
    months: int = DEFAULT_MONTHS,
    sims: int = DEFAULT_SIMS,
    seed: int = DEFAULT_SEED,
    *,
    code_version: str = "",
) -> ForecastResult:
    """Simulate one council and summarise; the same arguments always give the same result."""
    scenario = scenario or Scenario()
    out, shortfall = simulate(inputs, scenario, months, sims, council_rng(seed, inputs.code))
    percentiles = {name: np.percentile(out[name], PERCENTILES, axis=0) for name in OUTPUTS}
    provenance = {
        "seed": seed,
        "sims": sims,
        "months": months,
        "inputs_sha256": inputs.fingerprint(),
        "model_version": MODEL_VERSION,
        "code_version": code_version,
        "parameters": {
            "fill_rate": inputs.fill_rate,
            "leaver_rate": {r.role: r.leaver_rate for r in inputs.roles},
            "establishment_growth": inputs.establishment_growth,
            "case_trend": inputs.case_trend,
            "leavers_to_agency": inputs.leavers_to_agency,
            "starter_origins": inputs.starter_origins,
            "permanent_cost": inputs.permanent_cost,
            "agency_cost": inputs.agency_cost,
            "noise": {
                "level_sd": inputs.noise.level_sd,
                "drift_sd": inputs.noise.drift_sd,
                "hazard_sd": inputs.noise.hazard_sd,
                "case_sd": inputs.noise.case_sd,
            },
        },
        "sources": dict(inputs.sources),
    }
    return ForecastResult(
        inputs=inputs,
        scenario=scenario,
        months=months,
        sims=sims,
        seed=seed,
        percentiles=percentiles,
        shortfall_probability=shortfall.mean(axis=0),
        provenance=provenance,
    )
