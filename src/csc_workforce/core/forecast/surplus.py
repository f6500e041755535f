"""Surplus or deficit of case-holding FTE at a council's caseload standard, with prudence.

The input staff sharing across a region needs: how many case-holding FTE a council could lend
(surplus, positive) or must find (deficit, negative) in each month ahead, judged prudently: the
FTE it has in most futures (``prudence`` 0.9: in 9 futures in 10) against the FTE needed to hold
its caseload standard in the median future. Committed changes (FTE lent, borrowed or recruited
for some months) are applied on top, so a plan can be checked before it is agreed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from csc_workforce.core.forecast.inputs import CouncilInputs
from csc_workforce.core.forecast.model import simulate, standard_for
from csc_workforce.core.forecast.result import ForecastResult, council_rng, exceedance
from csc_workforce.core.forecast.scenario import Scenario

CASE_HOLDING: Final = "case-holding social workers"
MIN_HORIZON: Final = 3
MAX_HORIZON: Final = 36  # sharing is agreed 3 to 12 months ahead; regional pages look further


@dataclass(frozen=True, slots=True)
class CommittedChange:
    """FTE added (positive) or removed (negative) for ``months`` months from month ``start``
    (1 = the first month after the base date), for one role."""

    fte: float
    start: int = 1
    months: int = 1
    role: str = CASE_HOLDING

    def __post_init__(self) -> None:
        if not np.isfinite(self.fte):
            raise ValueError(f"committed change: fte must be a number, got {self.fte!r}")
        if self.start < 1 or self.months < 1:
            raise ValueError("committed change: start and months must be at least 1")

    def in_month(self, month: int) -> float:
        return self.fte if self.start <= month < self.start + self.months else 0.0


@dataclass(frozen=True, slots=True)
class SurplusMonth:
    """One month ahead for one role: FTE available (prudent), FTE needed, and the difference."""

    month: int
    label: str
    role: str
    available_fte: float
    needed_fte: float
    committed_fte: float

    @property
    def surplus_fte(self) -> float:
        """Positive: FTE the council can spare; negative: FTE it is short."""
        return self.available_fte + self.committed_fte - self.needed_fte


def surplus_by_month(
    result: ForecastResult,
    horizon: int = 12,
    prudence: float = 0.9,
    standard: float | None = None,
    committed: Sequence[CommittedChange] = (),
) -> list[SurplusMonth]:
    """Surplus (positive) or deficit (negative) of case-holding FTE by month, 1 to ``horizon``
    (3 to 12 months for sharing staff; up to 36 for planning).

    ``available``: the case-holding FTE (permanent plus agency) the council has in at least a
    share ``prudence`` of futures; ``needed``: median forecast cases / ``standard`` (default: the
    run's standard). Committed changes add to (or take from) what is available. The caseload
    standard applies to case holders, so they are the one role reported; a change for any other
    role is refused rather than silently counted.
    """
    if not MIN_HORIZON <= horizon <= MAX_HORIZON:
        raise ValueError(f"horizon must be {MIN_HORIZON} to {MAX_HORIZON} months, got {horizon}")
    if horizon > result.months:
        raise ValueError(f"the forecast covers {result.months} months, not {horizon}")
    if not 0.5 <= prudence < 1.0:
        raise ValueError(f"prudence must be in [0.5, 1), got {prudence}")
    standard = result.standard if standard is None else standard
    if not standard > 0:
        raise ValueError(f"standard must be > 0, got {standard}")
    for change in committed:
        if change.role != CASE_HOLDING:
            raise ValueError(f"committed change for {change.role!r}: only {CASE_HOLDING!r} have a standard")
    cases = result.percentiles["cases"][1]
    if np.isnan(cases[:horizon]).any():
        raise ValueError(f"council {result.inputs.code}: no cases or case holders to judge a standard by")
    available = result.holders_at(1.0 - prudence)
    labels = result.labels
    return [
        SurplusMonth(
            month=m,
            label=labels[m - 1],
            role=CASE_HOLDING,
            available_fte=round(float(available[m - 1]), 2),
            needed_fte=round(float(cases[m - 1]) / standard, 2),
            committed_fte=round(sum(c.in_month(m) for c in committed), 2),
        )
        for m in range(1, horizon + 1)
    ]


def lowest_surplus(months: Sequence[SurplusMonth]) -> SurplusMonth:
    """The tightest month: what a council can safely lend for the whole horizon."""
    if not months:
        raise ValueError("no months given")
    return min(months, key=lambda m: (m.surplus_fte, m.month))


def shortfall_chance(
    result: ForecastResult,
    horizon: int = 12,
    standard: float | None = None,
    committed: Sequence[CommittedChange] = (),
) -> float:
    """The chance of being short in the tightest month 1 to ``horizon``: the share of futures in
    which the case-holding FTE (plus committed changes) is below what the standard needs in the
    median future. Read from the run's holder percentiles (1st to 99th), so to the nearest 1%."""
    months = surplus_by_month(result, horizon=horizon, prudence=0.5, standard=standard, committed=committed)
    quantiles = result.holder_quantiles
    worst = 0
    for month in months:
        holders = quantiles[:, month.month - 1] + month.committed_fte
        worst = max(worst, int(np.count_nonzero(holders < month.needed_fte)))
    return worst / 100


@dataclass(frozen=True, slots=True)
class CommittedShortfall:
    """The chance of a shortfall (caseload above the standard) by month, on the same simulated
    futures without and with committed changes to the case-holding FTE."""

    standard: float
    before: NDArray[np.float64]
    after: NDArray[np.float64]

    def worst(self, horizon: int) -> tuple[float, float]:
        """The highest monthly chance over months 1 to ``horizon``, without and with the changes."""
        return float(np.max(self.before[:horizon])), float(np.max(self.after[:horizon]))


def committed_shortfall(
    inputs: CouncilInputs,
    committed: Sequence[CommittedChange],
    *,
    months: int,
    sims: int,
    seed: int,
    scenario: Scenario | None = None,
) -> CommittedShortfall:
    """Rerun ``run_forecast``'s futures (same seed, same stream: ``before`` is its
    ``shortfall_probability``) and judge each month's caseload with the committed FTE added to
    (or taken from) the case holders: the chance of a shortfall before and after agreed loans.
    Raises ValueError when the council has no cases or case holders to judge a standard by."""
    for change in committed:
        if change.role != CASE_HOLDING:
            raise ValueError(f"committed change for {change.role!r}: only {CASE_HOLDING!r} have a standard")
    scenario = scenario or Scenario()
    out = simulate(inputs, scenario, months, sims, council_rng(seed, inputs.code))
    holders, cases = out["case_holders_fte"], out["cases"]
    if np.isnan(cases).all():
        raise ValueError(f"council {inputs.code}: no cases or case holders to judge a standard by")
    extra = np.array([sum(c.in_month(m) for c in committed) for m in range(1, months + 1)])
    # Lending every case holder away leaves no one to hold the cases: a shortfall in every future.
    after = np.where(holders + extra > 0, cases / np.maximum(holders + extra, 1e-9), np.inf)
    standard = standard_for(inputs, scenario)
    return CommittedShortfall(
        standard=standard,
        before=exceedance(out["caseload_fte"], standard),
        after=exceedance(after, standard),
    )
