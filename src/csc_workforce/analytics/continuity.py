"""Continuity for children: DfE's stability measure per year, linked to the council's census.

The formulas are in ``core.continuity``; this module turns census returns into the worker
statuses that link needs, using the census measures' own classification (``core.measures``), and
assembles the per-year results, the JSON of ``csc-workforce continuity`` and the regional rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from csc_workforce.analytics.canonical import la_level_frame, workers_frame
from csc_workforce.analytics.council import council_measures
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.continuity.changes import ChangeLink, WorkerStatus, link_changes
from csc_workforce.core.continuity.disclosure import disclose_distribution
from csc_workforce.core.continuity.model import CareEpisode, ChildDetails, SocialWorkerEpisode
from csc_workforce.core.continuity.stability import StabilityResult, stability, years_covered
from csc_workforce.core.disclosure import Cell, DisclosureRule, disclose_row
from csc_workforce.core.measures import DEFAULT_POLICY, MeasurePolicy, WorkerFacts, classify

CensusStatuses = dict[int, dict[str, WorkerStatus]]


def _dates(frame: pl.DataFrame, name: str) -> np.ndarray[Any, Any]:
    return frame.get_column(name).cast(pl.Date).to_numpy().astype("datetime64[D]")


def _floats(frame: pl.DataFrame, name: str) -> np.ndarray[Any, Any]:
    return frame.get_column(name).cast(pl.Float64).fill_null(np.nan).to_numpy()


def worker_statuses(workers: pl.DataFrame, policy: MeasurePolicy = DEFAULT_POLICY) -> CensusStatuses:
    """Collection year -> SWE number -> what the census says of that worker.

    ``workers`` is the canonical worker table (``analytics.canonical``). Leaver, agency and in
    post are ``core.measures.classify``'s; absent is ``Absat30Sept`` = 1 on a counted record.
    """
    statuses: CensusStatuses = {}
    for (year,), frame in workers.partition_by("time_period", as_dict=True).items():
        facts = WorkerFacts(
            year=int(str(year)),
            agency=frame.get_column("AgencyWorker").fill_null(-1).to_numpy().astype(np.int8),
            start=_dates(frame, "RoleStartDate"),
            end=_dates(frame, "RoleEndDate"),
            fte=_floats(frame, "FTE"),
            fte30=_floats(frame, "FTE30"),
            cases=_floats(frame, "Cases30"),
        )
        classes = classify(facts, policy)
        absent = (frame.get_column("Absat30Sept") == "1").fill_null(False).to_numpy()
        ends = frame.get_column("RoleEndDate").to_list()
        by_worker: dict[str, dict[str, Any]] = {}
        for index, swe in enumerate(frame.get_column("SWENo").to_list()):
            if swe is None:
                continue
            entry = by_worker.setdefault(
                swe, {"leaving": [], "agency": False, "absent": False, "in_post": False}
            )
            if classes.leaver[index]:
                entry["leaving"].append(ends[index])
            counted = bool(classes.in_post[index] or classes.agency[index])
            entry["agency"] |= bool(classes.agency[index])
            entry["in_post"] |= bool(classes.in_post[index])
            entry["absent"] |= bool(absent[index] and counted)
        statuses[int(str(year))] = {
            swe: WorkerStatus(tuple(e["leaving"]), e["agency"], e["absent"], e["in_post"])
            for swe, e in by_worker.items()
        }
    return statuses


@dataclass(frozen=True, slots=True)
class ContinuityYear:
    stability: StabilityResult
    link: ChangeLink | None


@dataclass(slots=True)
class ContinuityReport:
    """Every collection year the files cover (oldest first), with the link when a census is given."""

    years: dict[int, ContinuityYear] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def trend(self) -> list[tuple[int, float | None]]:
        return [(year, item.stability.share_three_or_more) for year, item in sorted(self.years.items())]


def continuity_report(
    care: Sequence[CareEpisode],
    social_workers: Sequence[SocialWorkerEpisode],
    *,
    details: Mapping[str, ChildDetails] | None = None,
    census: CensusStatuses | None = None,
    years: Iterable[int] | None = None,
) -> ContinuityReport:
    report = ContinuityReport()
    chosen = sorted(set(years)) if years is not None else years_covered(social_workers, care)
    for year in chosen:
        link = link_changes(year, care, social_workers, census) if census is not None else None
        report.years[year] = ContinuityYear(stability(year, care, social_workers, details), link)
        if link is not None and link.census_years_missing:
            missing = ", ".join(str(y) for y in link.census_years_missing)
            report.notes.append(
                f"{year}: no census return for collection year(s) {missing}; "
                "changes ending then count as not_in_census"
            )
    return report


def year_json(item: ContinuityYear) -> dict[str, Any]:
    """The JSON of ``csc-workforce continuity`` for one year (the Interface, exactly)."""
    result = item.stability
    data: dict[str, Any] = {
        "year": result.year,
        "children_looked_after": result.children_looked_after,
        "with_social_workers": result.with_social_workers,
        "share_three_or_more": result.share_three_or_more,
        "reasons": dict(result.reasons),
    }
    if item.link is not None:
        data["changes"] = item.link.counts
    return data


# --- Across a region ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CouncilContinuity:
    """One council's figures for one year, as the region may see them (suppressed)."""

    la_code: str
    name: str
    cells: dict[str, Cell]  # buckets, children_looked_after, share_three_or_more
    turnover_rate: Cell
    agency_rate: Cell


def workforce_year(continuity_year: int) -> int:
    """The census year whose 30 September falls inside the SSDA903 year (1 April - 31 March)."""
    return continuity_year - 1


def regional_rows(
    councils: Sequence[tuple[str, str, Mapping[str, int]]],
    census_returns: Mapping[str, Sequence[CensusReturn]],
    year: int,
    rule: DisclosureRule,
) -> list[CouncilContinuity]:
    """Each council's distribution (``(code, name, bucket counts)``) beside its turnover and
    agency rates from the census year ending inside the 903 year, all suppressed for the region."""
    rows = []
    for la_code, name, counts in councils:
        rates: dict[str, Cell] = {}
        returns = [r for r in census_returns.get(la_code, ()) if r.year == workforce_year(year)]
        if returns:
            measures = council_measures(workers_frame(returns), la_level_frame(returns))
            values = measures.row(0, named=True)
            rates = disclose_row(values, rule)
        missing = Cell(None, "x")
        rows.append(
            CouncilContinuity(
                la_code=la_code,
                name=name,
                cells=disclose_distribution(counts, rule),
                turnover_rate=rates.get("turnover_rate_fte", missing),
                agency_rate=rates.get("agency_rate_fte", missing),
            )
        )
    return rows
