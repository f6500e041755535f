"""Running the model for one council and summarising it: percentiles by month and by September."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from csc_workforce.core.forecast.inputs import CouncilInputs
from csc_workforce.core.forecast.model import OUTPUTS, simulate, standard_for
from csc_workforce.core.forecast.scenario import Scenario

DEFAULT_SEED: Final = 20170930
DEFAULT_SIMS: Final = 2000
DEFAULT_MONTHS: Final = 36
PERCENTILES: Final = (10, 50, 90)
MODEL_VERSION: Final = "stock-flow-3"
# Standards shown side by side until a council sets its own (cases per case-holding FTE).
STANDARDS_SHOWN: Final = (15.0, 18.0, 20.0, 22.0)
HOLDER_QUANTILES: Final = tuple(range(1, 100))  # of case-holding FTE, for prudence levels


def exceedance(caseload: NDArray[np.float64], standard: float) -> NDArray[np.float64]:
    """Share of futures with a caseload strictly above ``standard``, by month (NaN without cases)."""
    if np.isnan(caseload).all():
        return np.full(caseload.shape[1], np.nan)
    return np.asarray((caseload > standard).mean(axis=0), dtype=np.float64)


def _round(value: float, places: int) -> float | None:
    return None if not np.isfinite(value) else round(float(value), places)


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


ANNUAL_MEASURES: Final = (
    "inpost_fte",
    "agency_fte",
    "vacancy_fte",
    "turnover_rate_fte",
    "cost_total",
    "cases",
    "case_holders_fte",
    "caseload_fte",
    "demand_fte",
)


def _percentiles(values: NDArray[np.float64], levels: tuple[int, ...]) -> NDArray[np.float64]:
    """Percentiles over futures by month (linear interpolation, as ``np.percentile``); NaN
    throughout for a measure the council lacks."""
    if np.isnan(values).all():
        return np.full((len(levels), values.shape[1]), np.nan)
    # Futures along the last, contiguous axis: one sort there is several times faster than
    # ``np.percentile`` (or a multi-rank partition) over the strided first axis.
    data = np.ascontiguousarray(values.T)
    position = np.asarray(levels, dtype=np.float64) / 100.0 * (data.shape[1] - 1)
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, data.shape[1] - 1)
    ordered = np.sort(data, axis=1)
    frac = (position - low)[:, None]
    return np.asarray(ordered[:, low].T * (1.0 - frac) + ordered[:, high].T * frac, dtype=np.float64)


@dataclass(frozen=True)
class ForecastResult:
    """Percentiles (10/50/90) by month for one council under one scenario."""

    inputs: CouncilInputs
    scenario: Scenario
    months: int
    sims: int
    seed: int
    percentiles: dict[str, NDArray[np.float64]]  # measure -> (3, months)
    standard: float  # the caseload standard ``shortfall_probability`` is judged against
    shortfall_by_standard: dict[float, NDArray[np.float64]]  # standard -> P(caseload above), by month
    holder_quantiles: NDArray[np.float64] = field(default_factory=lambda: np.empty((0, 0)))  # (99, months)
    provenance: dict[str, Any] = field(default_factory=dict)
    # Percentiles (10/50/90) across futures of each future's leavers summed over each forecast year
    # (3, years): a year's band, which summing the monthly percentiles would not give.
    leavers_by_year: NDArray[np.float64] = field(default_factory=lambda: np.empty((3, 0)))

    @property
    def shortfall_probability(self) -> NDArray[np.float64]:
        """P(caseload above the standard) by month: the share of futures with a shortfall."""
        return self.shortfall_by_standard[self.standard]

    @property
    def standard_set(self) -> bool:
        """Whether the standard is the council's or the plan's own rather than the default."""
        return self.scenario.caseload_cap is not None or self.inputs.caseload_standard is not None

    def risk(self, years_ahead: int, standard: float | None = None) -> float | None:
        """P(shortfall) at the ``years_ahead``-th 30 September, at ``standard`` (default: the run's)."""
        series = self.shortfall_by_standard[self.standard if standard is None else standard]
        return _round(float(series[12 * years_ahead - 1]), 4)

    def holders_at(self, quantile: float) -> NDArray[np.float64]:
        """Case-holding FTE by month that the council has in ``quantile`` of futures or more
        (e.g. 0.1: the FTE it has in 9 futures in 10)."""
        index = min(max(round(100 * quantile), 1), 99) - 1
        return np.asarray(self.holder_quantiles[index], dtype=np.float64)

    def leavers_in_year(self, years_ahead: int) -> tuple[float, float, float]:
        """(p10, p50, p90) across futures of the FTE leaving in the ``years_ahead``-th year after
        the base date (1 October to 30 September)."""
        if not 1 <= years_ahead <= self.leavers_by_year.shape[1]:
            raise ValueError(f"the run covers {self.months} months, not {years_ahead} years")
        p = self.leavers_by_year[:, years_ahead - 1]
        return float(p[0]), float(p[1]), float(p[2])

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
            name: {f"p{q}": [_round(v, 3) for v in values[i]] for i, q in enumerate(PERCENTILES)}
            for name, values in self.percentiles.items()
        }
        annual = []
        for k in range(1, self.months // 12 + 1):
            row: dict[str, Any] = {"time_period": self.inputs.base_year + k}
            for name in ANNUAL_MEASURES:
                p10, p50, p90 = self.september(k, name)
                row[name] = {"p10": _round(p10, 3), "p50": _round(p50, 3), "p90": _round(p90, 3)}
            row["caseload_standard"] = self.standard
            row["shortfall_probability"] = self.risk(k)
            row["shortfall_probability_by_standard"] = {
                f"{s:g}": self.risk(k, s) for s in sorted(self.shortfall_by_standard)
            }
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
            "caseload_standard": self.standard,
            "caseload_standard_set": self.standard_set,
            "shortfall_probability": [_round(v, 4) for v in self.shortfall_probability],
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
    standards: tuple[float, ...] = (),
) -> ForecastResult:
    """Simulate one council and summarise; the same arguments always give the same result.

    The chance of a shortfall is reported at the run's standard (the plan's, the council's, else
    18), at every standard in ``STANDARDS_SHOWN`` and at any extra ``standards``.
    """
    scenario = scenario or Scenario()
    out = simulate(inputs, scenario, months, sims, council_rng(seed, inputs.code))
    holders = _percentiles(out["case_holders_fte"], HOLDER_QUANTILES)
    percentiles = {
        name: holders[[q - 1 for q in PERCENTILES]]
        if name == "case_holders_fte"
        else _percentiles(out[name], PERCENTILES)
        for name in OUTPUTS
    }
    leavers = out["leavers_fte"]
    yearly_leavers = (
        np.stack([leavers[:, 12 * k : 12 * (k + 1)].sum(axis=1) for k in range(months // 12)], axis=1)
        if months >= 12
        else np.empty((sims, 0))
    )
    leavers_by_year = (
        _percentiles(yearly_leavers, PERCENTILES) if months >= 12 else np.empty((len(PERCENTILES), 0))
    )
    standard = standard_for(inputs, scenario)
    shown = sorted({standard, *STANDARDS_SHOWN, *(float(s) for s in standards)})
    by_standard = {s: exceedance(out["caseload_fte"], s) for s in shown}
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
            "case_capacity_gap": inputs.case_capacity_gap,
            "caseload_standard": standard,
            "leavers_to_agency": inputs.leavers_to_agency,
            "starter_origins": inputs.starter_origins,
            "permanent_cost": inputs.permanent_cost,
            "agency_cost": inputs.agency_cost,
            "noise": {
                "level_sd": inputs.noise.level_sd,
                "drift_sd": inputs.noise.drift_sd,
                "hazard_sd": inputs.noise.hazard_sd,
                "case_sd": inputs.noise.case_sd,
                "case_level_sd": inputs.noise.case_level_sd,
                "share_sd": inputs.noise.share_sd,
                "share_level_sd": inputs.noise.share_level_sd,
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
        standard=standard,
        shortfall_by_standard=by_standard,
        holder_quantiles=holders,
        provenance=provenance,
        leavers_by_year=leavers_by_year,
    )
