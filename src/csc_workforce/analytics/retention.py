"""Retention figures from spells of employment, with lifelines (docs/retention-analysis.md).

- Share still in post after 1, 2, 3 and 5 years, its 95% interval and the median: Kaplan–Meier
  with late entry (``KaplanMeierFitter``, exponential Greenwood intervals).
- Cumulative share who left to each destination: Aalen–Johansen with late entry
  (``AalenJohansenFitter``), the other destinations competing.
- What goes with leaving: Cox proportional hazards with late entry (``CoxPHFitter``), reported as
  hazard ratios of groups of people, never as anyone's score (ADR 0014).

Spells come from ``core.retention`` (which uses the measures' classification). A spell enters the
risk set just after its entry tenure, so it is at risk at tenure t when it entered before t and had
not ended or been censored before t.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

import numpy as np
import pandas as pd
import polars as pl

from csc_workforce.analytics.canonical import workers_frame
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.measures import (
    AGE_BANDS,
    NOT_KNOWN,
    Population,
    age_at,
    band_labels,
    breakdown_values,
)
from csc_workforce.core.retention import (
    DESTINATIONS,
    ReturnRecords,
    ServiceHazard,
    ServiceRecord,
    Spell,
    SpellHistory,
    build_spells,
    destination_group,
    leaver_hazards_by_service,
    origin_group,
    tenure_years,
)

GROUPINGS: Final = ("role", "start_origin", "age_band", "council")
SURVIVAL_YEARS: Final = (1, 2, 3, 5)
DESTINATION_YEARS: Final = (1, 2)
COHORT_YEARS: Final = (1, 2)
ALL: Final = "all"
# Entry just after the entry tenure: a spell entering at t is not at risk at t (lifelines counts
# entrants at t in the risk set at t otherwise).
_ENTRY_OFFSET: Final = 1e-9
_MIN_COX_SPELLS: Final = 30


class RetentionError(ValueError):
    """Returns that cannot be analysed; the message says why."""


# --- From census returns to spells ------------------------------------------------------------


def _value(row: dict[str, Any], name: str) -> Any:
    value = row.get(name)
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def return_records(workers: pl.DataFrame) -> list[ReturnRecords]:
    """The canonical worker table as one ``ReturnRecords`` per council and year."""
    returns: list[ReturnRecords] = []
    for (la_code, year), frame in (
        workers.sort("record").partition_by(["la_code", "time_period"], as_dict=True).items()
    ):
        records = [
            ServiceRecord(
                swe=_value(row, "SWENo"),
                agency=-1 if row["AgencyWorker"] is None else int(row["AgencyWorker"]),
                start=_value(row, "RoleStartDate"),
                end=_value(row, "RoleEndDate"),
                role=_value(row, "OrgRole"),
                start_origin=_value(row, "StartOrigin"),
                birth=_value(row, "PersonBirthDate"),
                destination=_value(row, "LeaverDestination"),
                reason=_value(row, "ReasonLeave"),
                fte=_value(row, "FTE"),
                fte30=_value(row, "FTE30"),
                cases=_value(row, "Cases30"),
                days_lost=_value(row, "WorkingDaysLost"),
            )
            for row in frame.iter_rows(named=True)
        ]
        returns.append(ReturnRecords(str(la_code), int(str(year)), records))
    return returns


def spell_history(returns: Iterable[CensusReturn]) -> SpellHistory:
    """Every spell in a set of census returns (one or several councils)."""
    try:
        return build_spells(return_records(workers_frame(list(returns))))
    except ValueError as error:
        raise RetentionError(str(error)) from None


def _labels_of(code_set: str, codes: Sequence[str | None]) -> list[str]:
    """Census labels of codes, as the measures' breakdowns name them."""
    return breakdown_values(
        code_set, Population.IN_POST, {_ITEMS[code_set]: np.asarray(codes, dtype=object)}, 0
    )


_ITEMS: Final = {"role": "OrgRole", "start_origin": "StartOrigin"}


def spells_table(spells: Sequence[Spell]) -> pd.DataFrame:
    """One row per spell: entry and exit tenure (years), leaving, destination and the groupings."""
    births = np.array(
        [np.datetime64(s.birth, "D") if s.birth else np.datetime64("NaT") for s in spells], "M8[D]"
    )
    starts = np.array([np.datetime64(s.start, "D") for s in spells], "M8[D]")
    return pd.DataFrame(
        {
            "council": [s.la_code for s in spells],
            "person": [f"{s.la_code}:{s.swe}" for s in spells],
            "swe": [s.swe for s in spells],
            "entry": [s.entry_years for s in spells],
            "duration": [s.tenure_years for s in spells],
            "left": [s.left for s in spells],
            "destination": [destination_group(s.destination) if s.left else None for s in spells],
            "reason": _labels_of_reason([s.reason for s in spells], [s.left for s in spells]),
            "leaving_year": [s.leaving_year for s in spells],
            "first_year": [s.first_year for s in spells],
            "start": [s.start for s in spells],
            "started_in_observation": [s.started_in_observation for s in spells],
            "role": _labels_of("role", [s.role for s in spells]) if spells else [],
            "start_origin": [origin_group(s.start_origin) for s in spells],
            "age_band": band_labels(age_at(births, starts), AGE_BANDS) if spells else [],
            "fte": [s.fte for s in spells],
            "cases": [s.cases for s in spells],
            "days_lost": [s.days_lost for s in spells],
        },
        columns=[
            "council", "person", "swe", "entry", "duration", "left", "destination", "reason",
            "leaving_year", "first_year", "start", "started_in_observation", "role", "start_origin",
            "age_band", "fte", "cases", "days_lost",
        ],
    )  # fmt: skip


def _labels_of_reason(codes: Sequence[str | None], left: Sequence[bool]) -> list[str | None]:
    if not codes:
        return []
    labels = breakdown_values(
        "reason_leave", Population.LEAVER, {"ReasonLeave": np.asarray(codes, dtype=object)}, 0
    )
    return [label if gone else None for label, gone in zip(labels, left, strict=True)]


# --- Estimators -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SurvivalPoint:
    years: int
    estimate: float | None
    lower: float | None
    upper: float | None
    at_risk: int


@dataclass(frozen=True, slots=True)
class DestinationPoint:
    destination: str
    years: int
    cumulative: float | None


@dataclass(frozen=True, slots=True)
class GroupSurvival:
    group: str
    people: int
    spells: int
    leavers: int
    survival: tuple[SurvivalPoint, ...]
    median_years: float | None
    destinations: tuple[DestinationPoint, ...]
    # The Kaplan–Meier step curve for charts: (tenure, estimate, lower, upper).
    curve: tuple[tuple[float, float, float, float], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "people": self.people,
            "spells": self.spells,
            "leavers": self.leavers,
            "survival": [
                {
                    "years": p.years,
                    "estimate": p.estimate,
                    "lower": p.lower,
                    "upper": p.upper,
                    "at_risk": p.at_risk,
                }
                for p in self.survival
            ],
            "median_years": self.median_years,
            "destinations": [
                {"destination": d.destination, "years": d.years, "cumulative": d.cumulative}
                for d in self.destinations
            ],
        }


def _estimable(table: pd.DataFrame) -> pd.DataFrame:
    """Spells that are ever at risk (those ending the moment they enter never are)."""
    return table[table["duration"] > table["entry"]]


def at_risk(table: pd.DataFrame, years: float) -> int:
    """Spells at risk at tenure ``years``: entered before it, not ended or censored before it."""
    return int(((table["entry"] < years) & (table["duration"] >= years)).sum())


def _step_value(frame: pd.DataFrame, years: float) -> pd.Series:
    """The row of a step function (indexed by time) in force at ``years``."""
    position = int(np.searchsorted(frame.index.to_numpy(), years, side="right")) - 1
    return frame.iloc[max(position, 0)]


def _finite(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def kaplan_meier(table: pd.DataFrame) -> Any:
    """The fitted lifelines Kaplan–Meier estimator with late entry; None with no usable spell, or
    when the risk set empties early and later entrants arrive (lifelines then refuses: too few
    spells for an estimate, and none is made up)."""
    from lifelines import KaplanMeierFitter  # noqa: PLC0415 - a heavy import, needed only here
    from lifelines.exceptions import StatError  # noqa: PLC0415

    usable = _estimable(table)
    if usable.empty:
        return None
    fitter = KaplanMeierFitter()
    try:
        fitter.fit(usable["duration"], usable["left"], entry=usable["entry"] + _ENTRY_OFFSET)
    except StatError:
        return None
    return fitter


def _survival(table: pd.DataFrame) -> tuple[tuple[SurvivalPoint, ...], float | None, tuple[Any, ...]]:
    fitter = kaplan_meier(table)
    if fitter is None:
        return tuple(SurvivalPoint(y, None, None, None, at_risk(table, y)) for y in SURVIVAL_YEARS), None, ()
    curve = fitter.survival_function_.join(fitter.confidence_interval_)
    points = []
    for years in SURVIVAL_YEARS:
        risk = at_risk(table, years)
        if risk == 0:
            points.append(SurvivalPoint(years, None, None, None, 0))
            continue
        row = _step_value(curve, years)
        points.append(
            SurvivalPoint(years, float(row.iloc[0]), _finite(row.iloc[1]), _finite(row.iloc[2]), risk)
        )
    steps = tuple(
        (float(t), float(r.iloc[0]), float(r.iloc[1]), float(r.iloc[2]))
        for t, r in curve.iterrows()
        if t <= max(SURVIVAL_YEARS) + 5
    )
    return tuple(points), _finite(fitter.median_survival_time_), steps


def _destinations(table: pd.DataFrame) -> tuple[DestinationPoint, ...]:
    from lifelines import AalenJohansenFitter  # noqa: PLC0415
    from lifelines.exceptions import StatError  # noqa: PLC0415

    usable = _estimable(table)
    codes = {name: index + 1 for index, name in enumerate(DESTINATIONS)}
    events = usable["destination"].map(codes).fillna(0).astype(int)
    points: list[DestinationPoint] = []
    for destination in DESTINATIONS:
        if usable.empty or not (events == codes[destination]).any():
            points.extend(
                DestinationPoint(destination, y, 0.0 if not usable.empty else None) for y in DESTINATION_YEARS
            )
            continue
        fitter = AalenJohansenFitter(seed=14, calculate_variance=False)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # lifelines warns that it separates tied times
                fitter.fit(
                    usable["duration"],
                    events,
                    event_of_interest=codes[destination],
                    entry=usable["entry"] + _ENTRY_OFFSET,
                )
        except StatError:  # too few spells early on (see kaplan_meier)
            points.extend(DestinationPoint(destination, y, None) for y in DESTINATION_YEARS)
            continue
        density = fitter.cumulative_density_
        points.extend(
            DestinationPoint(destination, y, float(_step_value(density, y).iloc[0]))
            for y in DESTINATION_YEARS
        )
    return tuple(points)


def group_survival(table: pd.DataFrame, group: str, *, destinations: bool = True) -> GroupSurvival:
    """Every survival figure for the spells of one group (without ``destinations``, none of the
    Aalen–Johansen fits, the slowest part, for callers that do not show them)."""
    survival, median, curve = _survival(table)
    return GroupSurvival(
        group=group,
        people=int(table["swe"].nunique()),
        spells=len(table),
        leavers=int(table["left"].sum()),
        survival=survival,
        median_years=median,
        destinations=_destinations(table) if destinations else (),
        curve=curve,
    )


def grouping_name(by: str | None) -> str | None:
    if by is None:
        return None
    key = by.strip().lower().replace("-", "_")
    if key not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; choose one of: {', '.join(GROUPINGS)}")
    return key


def survival_by(table: pd.DataFrame, by: str | None, *, destinations: bool = True) -> list[GroupSurvival]:
    """One group 'all' without ``by``; else one per value of the grouping (sorted)."""
    by = grouping_name(by)
    if by is None:
        return [group_survival(table, ALL, destinations=destinations)]
    return [
        group_survival(part, str(value), destinations=destinations)
        for value, part in sorted(table.groupby(by), key=lambda x: str(x[0]))
    ]


# --- Cohorts, reasons, hazard ratios ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cohort:
    """Newly qualified starters of one collection year and the share still in post later."""

    year: int
    starters: int
    followed: dict[int, int]  # years -> starters observed that long (or who left before)
    still_in_post: dict[int, int]

    def share(self, years: int) -> float | None:
        followed = self.followed.get(years, 0)
        return self.still_in_post[years] / followed if followed else None


def newly_qualified_cohorts(table: pd.DataFrame, followed_to: Mapping[str, date]) -> list[Cohort]:
    """Each year's newly qualified starters (spells starting in the year, ``StartOrigin`` 1): the
    share still in post one and two years after their start, among those the council's returns
    can follow that long and whose outcome they show (a spell censored earlier, e.g. lost to
    follow-up, is left out of that share, never counted as staying or leaving)."""
    starters = table[(table["start_origin"] == "newly_qualified") & table["started_in_observation"]]
    cohorts = []
    for year, part in sorted(starters.groupby("first_year")):
        duration = part["duration"].to_numpy()
        left = part["left"].to_numpy().astype(bool)
        room = np.array(
            [
                tenure_years(start, followed_to[council])
                for start, council in zip(part["start"], part["council"], strict=True)
            ]
        )
        followed: dict[int, int] = {}
        staying: dict[int, int] = {}
        for years in COHORT_YEARS:
            stayed = duration >= years
            known = (room >= years) & (stayed | left)
            followed[years] = int(known.sum())
            staying[years] = int((known & stayed).sum())
        cohorts.append(Cohort(int(str(year)), len(part), followed, staying))
    return cohorts


def reasons_by_year(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Spells that ended in leaving, per collection year of leaving and ``ReasonLeave``."""
    leavers = table[table["left"]]
    if leavers.empty:
        return []
    counts = leavers.groupby(["leaving_year", "reason"]).size().reset_index(name="leavers")
    return [
        {"year": int(row.leaving_year), "reason": str(row.reason), "leavers": int(row.leavers)}
        for row in counts.itertuples()
    ]


@dataclass(frozen=True, slots=True)
class HazardRatio:
    """exp(coefficient) of one covariate in the Cox model: an association, not a cause or a score."""

    covariate: str
    ratio: float
    lower: float
    upper: float
    p_value: float


@dataclass(frozen=True, slots=True)
class HazardModel:
    ratios: tuple[HazardRatio, ...]
    spells_used: int
    note: str


_NUMERIC: Final = {
    "fte": "FTE (per 1.0)",
    "cases": "caseload at 30 September (per case)",
    "days_lost": "working days lost to absence (per day)",
}


def _dummies(column: pd.Series, prefix: str) -> pd.DataFrame:
    """Indicator columns against the commonest value (the reference group)."""
    reference = column.value_counts().idxmax()
    levels = [v for v in sorted(column.unique()) if v != reference]
    return pd.DataFrame({f"{prefix}: {v} (vs {reference})": (column == v).astype(float) for v in levels})


def hazard_ratios(table: pd.DataFrame) -> HazardModel:
    """Cox proportional hazards with late entry on role, age band and start origin at the spell's
    start, FTE, caseload at 30 September and working days lost (all from the spell's first record)."""
    from lifelines import CoxPHFitter  # noqa: PLC0415
    from lifelines.exceptions import ConvergenceError, StatError  # noqa: PLC0415

    usable = _estimable(table).dropna(subset=list(_NUMERIC))
    usable = usable[usable["age_band"] != NOT_KNOWN]
    if len(usable) < _MIN_COX_SPELLS or usable["left"].sum() == 0:
        return HazardModel((), len(usable), "too few spells to fit the model")
    design = pd.concat(
        [
            _dummies(usable["role"], "role"),
            _dummies(usable["age_band"], "age at start"),
            _dummies(usable["start_origin"], "start origin"),
            usable[list(_NUMERIC)].astype(float).rename(columns=_NUMERIC),
        ],
        axis=1,
    )
    design = design.loc[:, design.std() > 0]
    # Tenure in whole months for this model only: lifelines' late-entry Cox loops over distinct
    # event times, and months keep it to seconds; entry rounds down and exit up, so no spell
    # loses time at risk.
    design["duration"] = np.ceil(usable["duration"] * 12) / 12
    design["left"] = usable["left"].astype(int)
    design["entry"] = np.floor(usable["entry"] * 12) / 12 + _ENTRY_OFFSET
    fitter = CoxPHFitter(penalizer=0.01)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fitter.fit(design, duration_col="duration", event_col="left", entry_col="entry")
    except (ConvergenceError, StatError, ValueError, np.linalg.LinAlgError) as error:
        return HazardModel((), len(usable), f"the model could not be fitted ({error})")
    summary = fitter.summary
    ratios = tuple(
        HazardRatio(
            str(name),
            float(row["exp(coef)"]),
            float(row["exp(coef) lower 95%"]),
            float(row["exp(coef) upper 95%"]),
            float(row["p"]),
        )
        for name, row in summary.iterrows()
    )
    left_out = len(table) - len(usable)
    note = (
        f"{len(usable)} spells; {left_out} left out for a missing FTE, caseload, absence or age"
        if left_out
        else f"{len(usable)} spells"
    )
    return HazardModel(ratios, len(usable), note)


# --- The report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionReport:
    """Everything the retention page, exports and command show for a set of returns."""

    history: SpellHistory
    by: str | None
    groups: tuple[GroupSurvival, ...]
    overall: GroupSurvival
    cohorts: tuple[Cohort, ...] = ()
    reasons: tuple[dict[str, Any], ...] = ()
    hazards: HazardModel | None = None
    service_hazards: tuple[ServiceHazard, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        """The command's JSON (the interface in the issue)."""
        history = self.history
        return {
            "groups": [group.as_json() for group in self.groups],
            "observed_from": history.observed_from.isoformat() if history.observed_from else None,
            "observed_to": history.observed_to.isoformat() if history.observed_to else None,
            "excluded": history.excluded,
        }


def retention_report(
    history: SpellHistory, by: str | None = None, *, detail: bool = True, destinations: bool = True
) -> RetentionReport:
    """Survival by group; with ``detail`` also cohorts, reasons, hazard ratios and service hazards;
    without ``destinations`` no group has destinations (see :func:`group_survival`)."""
    table = spells_table(history.spells)
    groups = tuple(survival_by(table, by, destinations=destinations))
    overall = groups[0] if by is None else group_survival(table, ALL, destinations=destinations)
    if not detail:
        return RetentionReport(history, grouping_name(by), groups, overall, notes=tuple(history.notes()))
    return RetentionReport(
        history,
        grouping_name(by),
        groups,
        overall,
        cohorts=tuple(newly_qualified_cohorts(table, history.followed_to)),
        reasons=tuple(reasons_by_year(table)),
        hazards=hazard_ratios(table),
        service_hazards=tuple(leaver_hazards_by_service(history.spells)),
        notes=tuple(history.notes()),
    )
