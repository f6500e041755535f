"""The official measures per council and collection year, optionally broken down (one council's
own records; regional views go through ``analytics.regional``).

Who counts where comes from ``core.measures`` (classification, FTE policy, de-duplication,
breakdowns); the rates from ``core.measures_formulas``. This module only moves columns between
Polars and those pure functions and adds things up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

import numpy as np
import polars as pl

from csc_workforce.analytics.canonical import la_level_frame, workers_frame
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.measures import (
    BREAKDOWN_ITEMS,
    DEFAULT_POLICY,
    HEADCOUNT_KEYS,
    NEVER_DEDUPLICATED,
    MeasurePolicy,
    Population,
    WorkerFacts,
    breakdown_name,
    breakdown_values,
    classify,
    headcount_representatives,
    seniority,
)
from csc_workforce.core.measures_formulas import MEASURE_COLUMNS, RATE_DEFINITIONS, compute_rate

KEY_COLUMNS: Final = ("time_period", "old_la_code")
POLICY_COLUMN: Final = "policy"
# Not published by DfE; regional disclosure needs it to judge small case-holder groups.
CASE_HOLDERS_HEADCOUNT: Final = "case_holders_headcount"
COUNT_COLUMNS: Final = tuple(m for m in MEASURE_COLUMNS if m not in RATE_DEFINITIONS)
_LA_LEVEL_MEASURES: Final = {"vacancy_fte": "NumberOfVacancies", "agency_cover_fte": "NoAgencyFTE"}


@dataclass(slots=True)
class MeasureNotes:
    """What the figures left out, for the user to see (never personal data)."""

    unclassified_records: int = 0
    out_of_year_records: int = 0
    missing_fte_in_post: int = 0
    messages: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = list(self.messages)
        if self.unclassified_records:
            lines.append(
                f"{self.unclassified_records} record(s) with no valid AgencyWorker were left out of "
                "every measure"
            )
        if self.out_of_year_records:
            lines.append(
                f"{self.out_of_year_records} record(s) with a RoleEndDate before the census year or a "
                "RoleStartDate after 30 September were left out"
            )
        if self.missing_fte_in_post:
            lines.append(
                f"{self.missing_fte_in_post} in-post or agency record(s) have no usable FTE: counted "
                "in headcounts, not in FTE"
            )
        return lines


def _dates(frame: pl.DataFrame, name: str) -> np.ndarray[Any, Any]:
    return frame.get_column(name).cast(pl.Date).to_numpy().astype("datetime64[D]")


def _floats(frame: pl.DataFrame, name: str) -> np.ndarray[Any, Any]:
    return frame.get_column(name).cast(pl.Float64).fill_null(np.nan).to_numpy()


def _group_ids(frame: pl.DataFrame, keys: Sequence[str]) -> np.ndarray[Any, Any]:
    """Dense ids of the de-duplication key; -1 where the SWE number is missing."""
    ranked = frame.select(
        pl.when(pl.col("SWENo").is_not_null())
        .then(pl.struct(["time_period", *keys]).rank("dense").cast(pl.Int64))
        .otherwise(-1)
    )
    return ranked.to_series().to_numpy()


def _with_gender(workers: pl.DataFrame) -> pl.DataFrame:
    return workers.with_columns(pl.coalesce("Sex", "GenderCurrent").alias("gender"))


def _population_rows(
    year_frame: pl.DataFrame,
    year: int,
    policy: MeasurePolicy,
    by: str | None,
    notes: MeasureNotes,
    *,
    period_end: date | None = None,
) -> list[pl.DataFrame]:
    """One long frame per population: la_code, population, fte, counted (headcount), cases, days."""
    facts = WorkerFacts(
        year=year,
        agency=year_frame.get_column("AgencyWorker").fill_null(-1).to_numpy().astype(np.int8),
        start=_dates(year_frame, "RoleStartDate"),
        end=_dates(year_frame, "RoleEndDate"),
        fte=_floats(year_frame, "FTE"),
        fte30=_floats(year_frame, "FTE30"),
        cases=_floats(year_frame, "Cases30"),
        person=_group_ids(year_frame, ("la_code",)),
        period_end=period_end,
    )
    classes = classify(facts, policy)
    notes.unclassified_records += int(classes.unclassified.sum())
    notes.out_of_year_records += int(classes.out_of_year.sum())
    rank = seniority(year_frame.get_column("OrgRole").to_list())
    breakdown_items: dict[str, np.ndarray[Any, Any]] = {}
    if by is not None:
        for item in BREAKDOWN_ITEMS[by]:
            dtype = year_frame.schema[item]
            breakdown_items[item] = (
                _dates(year_frame, item)
                if dtype == pl.Date
                else np.asarray(year_frame.get_column(item).to_list(), dtype=object)
            )
    days = _floats(year_frame, "WorkingDaysLost")
    frames = []
    for population in Population:
        mask = classes.mask(population)
        if population in NEVER_DEDUPLICATED:
            counted = mask
        else:
            person = _group_ids(year_frame, HEADCOUNT_KEYS[population])
            counted = headcount_representatives(mask, person, rank)
        if population is Population.CASE_HOLDER:
            # Case holders keep the FTE they carry as in-post or agency workers.
            fte = np.where(
                classes.agency,
                facts.derived_fte(policy.fte, Population.AGENCY),
                facts.derived_fte(policy.fte, Population.IN_POST),
            )
        else:
            fte = facts.derived_fte(policy.fte, population)
        if population in (Population.IN_POST, Population.AGENCY):
            notes.missing_fte_in_post += int((mask & np.isnan(fte)).sum())
        columns: dict[str, Any] = {
            "la_code": year_frame.get_column("la_code").to_numpy()[mask],
            "population": np.full(int(mask.sum()), population.value),
            "fte": fte[mask],
            "counted": counted[mask],
            "cases": facts.cases[mask],
            "days": days[mask],
        }
        if by is not None:
            selected = {name: values[mask] for name, values in breakdown_items.items()}
            columns[by] = breakdown_values(by, population, selected, year) if mask.any() else []
        frames.append(
            pl.DataFrame(columns).with_columns(
                pl.lit(year, dtype=pl.Int32).alias("time_period"),
                pl.col("la_code").cast(pl.Utf8),
                pl.col("population").cast(pl.Utf8),
                pl.col("fte").cast(pl.Float64).fill_nan(None),
                pl.col("counted").cast(pl.Boolean),
                pl.col("cases").cast(pl.Float64).fill_nan(None),
                pl.col("days").cast(pl.Float64).fill_nan(None),
                *([pl.col(by).cast(pl.Utf8)] if by is not None else []),
            )
        )
    return frames


def _sum_for(population: Population, column: str) -> pl.Expr:
    return pl.col(column).filter(pl.col("population") == population.value).sum()


def _count_for(population: Population) -> pl.Expr:
    return pl.col("counted").filter(pl.col("population") == population.value).sum()


_AGGREGATES: Final = (
    _sum_for(Population.IN_POST, "fte").alias("inpost_fte"),
    _count_for(Population.IN_POST).alias("inpost_headcount"),
    _sum_for(Population.STARTER, "fte").alias("starters_fte"),
    _count_for(Population.STARTER).alias("starters_headcount"),
    _sum_for(Population.LEAVER, "fte").alias("leavers_fte"),
    _count_for(Population.LEAVER).alias("leavers_headcount"),
    _sum_for(Population.AGENCY, "fte").alias("agency_fte"),
    _count_for(Population.AGENCY).alias("agency_headcount"),
    _sum_for(Population.CASE_HOLDER, "fte").alias("case_holders_fte"),
    _sum_for(Population.CASE_HOLDER, "cases").alias("cases"),
    _count_for(Population.CASE_HOLDER).alias(CASE_HOLDERS_HEADCOUNT),
    _sum_for(Population.IN_POST, "days").alias("working_days_lost_fte"),
)
_INTEGER_COUNTS: Final = ("inpost_headcount", "starters_headcount", "leavers_headcount", "agency_headcount")


def _rates(counts: pl.DataFrame) -> pl.DataFrame:
    """Every published rate from its components (None: a component is missing, or ``z``)."""
    rows = counts.select("time_period", *{c for d in RATE_DEFINITIONS.values() for c in d.components})
    values: dict[str, list[float | None]] = {measure: [] for measure in RATE_DEFINITIONS}
    for row in rows.iter_rows(named=True):
        for measure, definition in RATE_DEFINITIONS.items():
            components = {name: row[name] for name in definition.components}
            if any(value is None for value in components.values()):
                values[measure].append(None)
            else:
                values[measure].append(compute_rate(measure, components, row["time_period"]))
    return counts.with_columns(
        pl.Series(measure, column, dtype=pl.Float64) for measure, column in values.items()
    )


def council_measures(
    workers: pl.DataFrame,
    la_level: pl.DataFrame,
    *,
    by: str | None = None,
    policy: MeasurePolicy = DEFAULT_POLICY,
    notes: MeasureNotes | None = None,
    period_end: date | None = None,
) -> pl.DataFrame:
    """Every published measure per council and collection year (per breakdown value with ``by``).

    ``workers`` and ``la_level`` are the canonical tables (``analytics.canonical``). Values are
    unrounded; a rate whose denominator is 0 is null (DfE's ``z``). Vacancies and agency cover are
    council-level items: with a breakdown they, and the rates built on them, are null.
    Columns: ``time_period``, ``old_la_code``, the breakdown (named as ``by``), every measure in
    published order, ``case_holders_headcount`` and ``policy`` (the policy label).
    With ``period_end`` the records are classified over the 12 months to that day instead of
    their census year (the workforce position on a date, ``analytics.hr_position``).
    """
    notes = notes if notes is not None else MeasureNotes()
    by = breakdown_name(by) if by is not None else None
    workers = _with_gender(workers)
    frames: list[pl.DataFrame] = []
    for (year,), year_frame in workers.partition_by("time_period", as_dict=True).items():
        frames.extend(_population_rows(year_frame, int(str(year)), policy, by, notes, period_end=period_end))
    group = ["la_code", "time_period", *([by] if by else [])]
    if frames:
        counts = pl.concat(frames, how="vertical").group_by(group).agg(*_AGGREGATES)
    else:
        counts = pl.DataFrame(schema={"la_code": pl.Utf8, "time_period": pl.Int32})
    if by is None:
        # Every return gives a row, even with no worker records (then its counts are 0).
        returns = pl.concat(
            [
                la_level.select("la_code", pl.col("time_period").cast(pl.Int32)),
                counts.select("la_code", "time_period"),
            ]
        ).unique()
        counts = returns.join(counts, on=["la_code", "time_period"], how="left").with_columns(
            pl.col(name).fill_null(0) for name in counts.columns if name not in ("la_code", "time_period")
        )
        counts = counts.join(
            la_level.select(
                "la_code",
                pl.col("time_period").cast(pl.Int32),
                *(pl.col(item).alias(measure) for measure, item in _LA_LEVEL_MEASURES.items()),
            ).unique(subset=["la_code", "time_period"], keep="first"),
            on=["la_code", "time_period"],
            how="left",
        )
    else:
        counts = counts.with_columns(pl.lit(None, dtype=pl.Float64).alias(m) for m in _LA_LEVEL_MEASURES)
    for name in (*COUNT_COLUMNS, CASE_HOLDERS_HEADCOUNT):
        if name not in counts.columns:
            counts = counts.with_columns(pl.lit(0.0).alias(name))
    counts = counts.with_columns(
        *(pl.col(name).cast(pl.Int64) for name in (*_INTEGER_COUNTS, CASE_HOLDERS_HEADCOUNT)),
        pl.col("cases").cast(pl.Int64),
        *(pl.col(name).cast(pl.Float64) for name in COUNT_COLUMNS if name not in (*_INTEGER_COUNTS, "cases")),
    )
    result = _rates(counts).rename({"la_code": "old_la_code"})
    return result.select(
        *KEY_COLUMNS,
        *([by] if by else []),
        *MEASURE_COLUMNS,
        CASE_HOLDERS_HEADCOUNT,
        pl.lit(policy.label).alias(POLICY_COLUMN),
    ).sort([*KEY_COLUMNS, *([by] if by else [])])


def measures_for_returns(
    returns: Iterable[CensusReturn],
    *,
    by: str | None = None,
    policy: MeasurePolicy = DEFAULT_POLICY,
    notes: MeasureNotes | None = None,
) -> pl.DataFrame:
    """:func:`council_measures` straight from census returns (as read by ``ingest``)."""
    returns = list(returns)
    return council_measures(
        workers_frame(returns), la_level_frame(returns), by=by, policy=policy, notes=notes
    )
