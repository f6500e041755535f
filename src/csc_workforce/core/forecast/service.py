"""Leaving by length of service in the forecast (ADR 0021).

Where a council has the census history, its spells give a leaving rate per band of service
(``core.retention.leaver_hazards_by_service``) and the mix of service of the staff in post at the
start. The forecast then tracks permanent FTE by band: starters enter the first band, staff move
up a band as their service grows, and each band leaves at the role's rate times the band's
*relative hazard*. Relative hazards are scaled so that the starting mix leaves at exactly the
role's measured turnover; what the bands add is how the leaving rate moves as the mix changes
(a wave of starters leaves more than settled staff).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

# Ten leavers' worth of prior: a band with few leavers is shrunk toward the council's overall rate,
# as the role rates are (analytics.forecast_inputs).
CREDIBILITY_LEAVERS: Final = 10.0
# A month's leaving in one band never takes more than this share of it (a floor on who stays).
MAX_MONTHLY_LEAVING: Final = 0.95


@dataclass(frozen=True, slots=True)
class ServiceBand:
    """One band of service (low, high] in years: its share of FTE in post at the start and its
    leaving rate relative to the starting mix's (the mix-weighted relative hazard is 1)."""

    low_years: float
    high_years: float
    start_share: float
    relative_hazard: float

    def __post_init__(self) -> None:
        if not self.high_years > self.low_years >= 0:
            raise ValueError(f"service band ({self.low_years}, {self.high_years}] must be increasing from 0")
        if not 0.0 <= self.start_share <= 1.0:
            raise ValueError(f"service band share must be in [0, 1], got {self.start_share!r}")
        if not self.relative_hazard >= 0.0 or math.isinf(self.relative_hazard):
            raise ValueError(f"relative hazard must be a number >= 0, got {self.relative_hazard!r}")

    @property
    def label(self) -> str:
        if math.isinf(self.high_years):
            return f"over {self.low_years:g} years"
        return f"{self.low_years:g} to {self.high_years:g} years"


def credibility_weighted(own: float, overall: float, events: float) -> float:
    """A group's own rate shrunk toward ``overall`` in proportion to how few events (leavers) it
    rests on: its weight is ``events / (events + CREDIBILITY_LEAVERS)``."""
    weight = events / (events + CREDIBILITY_LEAVERS)
    return weight * own + (1.0 - weight) * overall


def shrunk_rate(events: float, exposure: float, overall: float) -> float:
    """A band's occurrence/exposure rate shrunk toward ``overall`` (``credibility_weighted``)."""
    return credibility_weighted(events / exposure, overall, events) if exposure > 0 else overall


def service_bands(
    edges: Sequence[tuple[float, float]],
    leavers: Sequence[int],
    years_at_risk: Sequence[float],
    in_post: Sequence[float],
) -> tuple[ServiceBand, ...]:
    """Bands from each band's leavers and years at risk (the spells' hazards) and the staff in
    post in it at the start (any unit: shares are taken). Empty when nobody is in post or no spell
    was at risk, so the forecast falls back to one rate per role."""
    if not len(edges) == len(leavers) == len(years_at_risk) == len(in_post):
        raise ValueError("service bands need one leaver count, exposure and stock per band")
    exposure, staff = sum(years_at_risk), sum(in_post)
    if exposure <= 0 or staff <= 0:
        return ()
    overall = sum(leavers) / exposure
    rates = [shrunk_rate(n, e, overall) for n, e in zip(leavers, years_at_risk, strict=True)]
    shares = [s / staff for s in in_post]
    mean = sum(r * s for r, s in zip(rates, shares, strict=True))
    if mean <= 0:
        return ()
    return tuple(
        ServiceBand(low, high, share, rate / mean)
        for (low, high), share, rate in zip(edges, shares, rates, strict=True)
    )


class ServiceMix:
    """Permanent FTE by role and band of service through a simulation (shape sims x roles x bands)."""

    def __init__(self, bands: Sequence[ServiceBand], perm: FloatArray) -> None:
        self.shares = np.array([b.start_share for b in bands])
        self.relative = np.array([b.relative_hazard for b in bands])
        # Spread evenly through a band, a twelfth of a year's service moves 1 / (12 x width) of it up.
        self.promotion = np.array(
            [0.0 if math.isinf(b.high_years) else 1.0 / (12.0 * (b.high_years - b.low_years)) for b in bands]
        )
        self.by_band: FloatArray = perm[:, :, None] * self.shares[None, None, :]

    def leavers(self, monthly: FloatArray) -> FloatArray:
        """Leavers by band this month, ``monthly`` being each role's share leaving (sims x roles)."""
        share = np.minimum(monthly[:, :, None] * self.relative[None, None, :], MAX_MONTHLY_LEAVING)
        return np.asarray(self.by_band * share, dtype=np.float64)

    def step(self, leavers: FloatArray, entrants: FloatArray, drift: FloatArray) -> FloatArray:
        """Apply a month's leavers (by band), entrants (sims x roles, into the first band) and the
        drift (sims x 1); staff then move up a band. Returns FTE in post by role."""
        staying = self.by_band - leavers
        moving = staying * self.promotion[None, None, :]
        staying -= moving
        staying[:, :, 1:] += moving[:, :, :-1]
        staying[:, :, 0] += entrants
        self.by_band = staying * drift[:, :, None]
        return np.asarray(self.by_band.sum(axis=2), dtype=np.float64)
