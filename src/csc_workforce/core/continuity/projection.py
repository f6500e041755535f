"""Next year's children changing social worker because their worker leaves, from the forecast.

The forecast's projected leavers (FTE, each future's sum over its first year) are scaled by what
the latest SSDA903 year's link to the census measured: the children whose social worker changed
because that worker left the council, per FTE of leavers the census counted over the same year.
Changes with other causes (agency, absence, reallocation, not in the census) are not driven by
the forecast's leavers: they are shown separately, as last year's count, and added as a baseline.

Who left, which change a leaver caused and the leaver FTE all come from their one definition
(``core.continuity.changes`` and the census measures); this module only multiplies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Final

from csc_workforce.core.continuity.changes import ChangeCause, ChangeLink
from csc_workforce.core.measures_formulas import round_half_up

BASELINE_CAUSES: Final = tuple(c for c in ChangeCause if c is not ChangeCause.LEFT_COUNCIL)


@dataclass(frozen=True, slots=True)
class Band:
    """A median and its 80% band across simulated futures (10th and 90th percentiles)."""

    low: float
    median: float
    high: float

    def scaled(self, factor: float) -> Band:
        return Band(self.low * factor, self.median * factor, self.high * factor)

    def shifted(self, amount: float) -> Band:
        return Band(self.low + amount, self.median + amount, self.high + amount)

    def rounded(self, places: int = 0) -> Band:
        return Band(*(round_half_up(v, places) for v in (self.low, self.median, self.high)))


@dataclass(frozen=True, slots=True)
class NotAvailable:
    """Why the projection cannot be made; it is not zero."""

    reason: str


@dataclass(frozen=True, slots=True)
class ChildrenChangingProjection:
    """Expected children changing social worker in the forecast's first year (``forecast_year``:
    1 October ``forecast_year - 1`` to 30 September ``forecast_year``)."""

    forecast_year: int
    measured_year: int  # the SSDA903 collection year the rate comes from (ending 31 March)
    projected_leavers_fte: Band
    measured_leavers_fte: float  # census leaver FTE over the measured year
    case_holding_leavers: int  # leavers whose looked-after children changed social worker
    children_affected: int  # those children (counted once per leaver)
    baseline: Mapping[ChangeCause, int]  # last year's changes with any other cause

    def with_leavers(self, projected_leavers_fte: Band) -> ChildrenChangingProjection:
        """The same measured rate and baseline applied to another forecast's leavers (a plan's)."""
        return replace(self, projected_leavers_fte=projected_leavers_fte)

    @property
    def children_per_case_holding_leaver(self) -> float | None:
        if self.case_holding_leavers == 0:
            return None
        return self.children_affected / self.case_holding_leavers

    @property
    def case_holding_leavers_per_leaver_fte(self) -> float:
        return self.case_holding_leavers / self.measured_leavers_fte

    @property
    def children_per_leaver_fte(self) -> float:
        """Children affected per FTE of leavers: case-holding leavers per leaver FTE times children
        per case-holding leaver."""
        return self.children_affected / self.measured_leavers_fte

    @property
    def from_leavers(self) -> Band:
        """Children expected to change social worker because their worker leaves."""
        return self.projected_leavers_fte.scaled(self.children_per_leaver_fte)

    @property
    def baseline_total(self) -> int:
        return sum(self.baseline.values())

    @property
    def total(self) -> Band:
        """Leaver-driven changes plus last year's other changes, held at last year's count."""
        return self.from_leavers.shifted(self.baseline_total)

    @property
    def assumption(self) -> str:
        per = self.children_per_case_holding_leaver
        per_text = "no children" if per is None else f"{round_half_up(per, 1):g} children each"
        holders = self.case_holding_leavers
        return (
            f"Assumes each FTE leaving in the year to 30 September {self.forecast_year} changes the "
            f"social worker of as many looked-after children as in the SSDA903 year to 31 March "
            f"{self.measured_year}, when {holders} {'leaver' if holders == 1 else 'leavers'} holding "
            f"looked-after children ({per_text}) were among "
            f"{round_half_up(self.measured_leavers_fte, 1):g} FTE of leavers: "
            f"{round_half_up(self.children_per_leaver_fte, 2):g} children per leaver FTE. Changes "
            f"with other causes (agency workers, absence, reallocation, workers not in the census) "
            f"are held at that year's {self.baseline_total}; a child whose worker changes twice "
            "counts twice."
        )


def project_children_changing(
    forecast_year: int,
    projected_leavers_fte: Band,
    link: ChangeLink | None,
    measured_leavers_fte: float | None,
) -> ChildrenChangingProjection | NotAvailable:
    """Scale the forecast's leavers by the latest year's children affected per leaver FTE.

    ``link`` is the latest SSDA903 year's link to the census (None without SSDA903 files or a
    census to link); ``measured_leavers_fte`` the census leaver FTE over that year.
    """
    if link is None:
        return NotAvailable(
            "not available: no SSDA903 social worker episodes linked to census returns "
            "(load both to measure how many children each leaver affects)"
        )
    if measured_leavers_fte is None or measured_leavers_fte <= 0:
        return NotAvailable(
            f"not available: the census records no leavers over the SSDA903 year to 31 March "
            f"{link.year}, so children affected per leaver cannot be measured"
        )
    return ChildrenChangingProjection(
        forecast_year=forecast_year,
        measured_year=link.year,
        projected_leavers_fte=projected_leavers_fte,
        measured_leavers_fte=measured_leavers_fte,
        case_holding_leavers=link.leavers,
        children_affected=link.children_affected_by_leavers,
        baseline={cause: link.causes.get(cause, 0) for cause in BASELINE_CAUSES},
    )
