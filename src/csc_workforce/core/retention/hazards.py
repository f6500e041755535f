"""Leaver hazards by length of service, from spells (for the forecast to read a council's own history).

A piecewise-constant hazard: in each band of service (low, high] the leaving rate is the spells
that ended in leaving there divided by the years spells were at risk there (occurrence over
exposure, which respects late entry: a spell counts only from when it entered observation).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from csc_workforce.core.retention.spells import Spell

SERVICE_BAND_EDGES: Final = (0.0, 1.0, 2.0, 3.0, 5.0, 10.0, math.inf)


@dataclass(frozen=True, slots=True)
class ServiceHazard:
    """Leaving in one band of service: events, years at risk, rate per year and its probability."""

    low_years: float
    high_years: float
    leavers: int
    years_at_risk: float

    @property
    def rate_per_year(self) -> float | None:
        return self.leavers / self.years_at_risk if self.years_at_risk > 0 else None

    @property
    def annual_probability(self) -> float | None:
        """The chance of leaving within a year at this rate: 1 - exp(-rate)."""
        rate = self.rate_per_year
        return None if rate is None else 1.0 - math.exp(-rate)

    @property
    def label(self) -> str:
        if math.isinf(self.high_years):
            return f"over {self.low_years:g} years"
        return f"{self.low_years:g} to {self.high_years:g} years"


def leaver_hazards_by_service(
    spells: Iterable[Spell], edges: Sequence[float] = SERVICE_BAND_EDGES
) -> list[ServiceHazard]:
    """The leaving rate in each band of service between consecutive ``edges`` (years)."""
    if len(edges) < 2 or any(b <= a for a, b in itertools.pairwise(edges)):
        raise ValueError("service band edges must be at least two increasing values")
    bands = list(itertools.pairwise(edges))
    exposure = [0.0] * len(bands)
    leavers = [0] * len(bands)
    for spell in spells:
        entry, exit_ = spell.entry_years, spell.tenure_years
        for index, (low, high) in enumerate(bands):
            overlap = min(exit_, high) - max(entry, low)
            if overlap > 0:
                exposure[index] += overlap
            if spell.left and low < exit_ <= high and exit_ > entry:
                leavers[index] += 1
    return [
        ServiceHazard(low, high, count, years)
        for (low, high), count, years in zip(bands, leavers, exposure, strict=True)
    ]
