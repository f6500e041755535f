"""Building forecast inputs from published statistics frames or a council's census history.

Out of sample by construction: ``panel_from_indicators`` drops every row after the cut-off before
it reads a single value, so no later figure can reach a fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Final

import numpy as np
import polars as pl

from csc_workforce.core.forecast import CouncilInputs, NoiseModel, Panel, RoleInputs
from csc_workforce.core.forecast.calibration import DEFAULT_FILL_RATE, MEASURES, Fitted, fit_panel
from csc_workforce.core.forecast.inputs import DEFAULT_STARTER_ORIGINS, leavers_to_agency_share

LOCAL_AUTHORITY: Final = "Local authority"
ORG_ROLES: Final = {
    "1": "Senior manager",
    "2": "Middle manager",
    "3": "First line manager",
    "4": "Senior practitioner",
    "5": "Case holder",
    "6": "Qualified without cases",
}
START_ORIGIN_GROUPS: Final = {"1": "newly_qualified", "2": "other_council", "4": "agency"}
UNKNOWN_ORIGINS: Final = {"9", "10"}
LEAVER_TO_AGENCY: Final = "3"
UNKNOWN_DESTINATIONS: Final = {"8", "9"}


class ForecastInputError(ValueError):
    """Data that cannot feed a forecast; the message says which file, council or field."""


def training_frame(frame: pl.DataFrame, train_to: int | None) -> pl.DataFrame:
    """Local-authority rows up to and including ``train_to`` (all years when None)."""
    missing = {"time_period", "geographic_level", "old_la_code"} - set(frame.columns)
    if missing:
        raise ForecastInputError(f"published frame lacks column(s) {', '.join(sorted(missing))}")
    if train_to is not None:
        frame = frame.filter(pl.col("time_period") <= train_to)
    return frame.filter(pl.col("geographic_level") == LOCAL_AUTHORITY)


def panel_from_indicators(frame: pl.DataFrame, train_to: int | None = None) -> Panel:
    """A councils x years panel of the forecast measures from the published indicators frame."""
    la = training_frame(frame, train_to)
    if la.is_empty():
        raise ForecastInputError(f"no local-authority rows up to {train_to}")
    missing = set(MEASURES) - set(la.columns)
    if missing:
        raise ForecastInputError(f"published frame lacks measure column(s) {', '.join(sorted(missing))}")
    la = la.sort(["old_la_code", "time_period"])
    years = sorted(int(y) for y in la["time_period"].unique())
    latest = la.group_by("old_la_code", maintain_order=True).agg(
        pl.col("la_name").last(), pl.col("region_name").last()
    )
    codes = [str(c) for c in latest["old_la_code"]]
    row_of = {c: i for i, c in enumerate(codes)}
    col_of = {y: j for j, y in enumerate(years)}
    values = {m: np.full((len(codes), len(years)), np.nan) for m in MEASURES}
    rows = la.select(["old_la_code", "time_period", *MEASURES]).iter_rows()
    for code, year, *measures in rows:
        i, j = row_of[str(code)], col_of[int(year)]
        for name, value in zip(MEASURES, measures, strict=True):
            if value is not None:
                values[name][i, j] = float(value)
    return Panel(
        codes=codes,
        names=[str(n or c) for n, c in zip(latest["la_name"], codes, strict=True)],
        regions=[str(r or "Unknown") for r in latest["region_name"]],
        years=years,
        values=values,
    )


def actual_values(
    frame: pl.DataFrame, after: int, measures: Sequence[str]
) -> tuple[dict[tuple[str, int, str], float | None], list[str], list[int]]:
    """Published values after ``after`` (for scoring only), the councils present, and the years."""
    later = frame.filter((pl.col("time_period") > after) & (pl.col("geographic_level") == LOCAL_AUTHORITY))
    values: dict[tuple[str, int, str], float | None] = {}
    for row in later.select(["old_la_code", "time_period", *measures]).iter_rows(named=True):
        for m in measures:
            v = row[m]
            values[(str(row["old_la_code"]), int(row["time_period"]), m)] = None if v is None else float(v)
    councils = sorted({str(c) for c in later["old_la_code"]})
    years = sorted({int(y) for y in later["time_period"]})
    return values, councils, years


def fit_published(frame: pl.DataFrame, train_to: int | None = None) -> Fitted:
    """Fit every council from the published indicators, using only years up to ``train_to``."""
    return fit_panel(panel_from_indicators(frame, train_to))


def load_published_training(path: Path, train_to: int | None = None) -> pl.DataFrame:
    """Read the indicators file and drop rows after ``train_to`` before anything else sees them."""
    from csc_workforce.ingest.published import load_indicators  # noqa: PLC0415 - optional dependency

    frame: pl.DataFrame = load_indicators(path)
    if train_to is not None:
        frame = frame.filter(pl.col("time_period") <= train_to)
    return frame


def with_rates(
    inputs: CouncilInputs, permanent_cost: float | None, agency_cost: float | None
) -> CouncilInputs:
    """The council's own cost per FTE-year, where given."""
    sources = dict(inputs.sources)
    if permanent_cost is not None or agency_cost is not None:
        sources["costs"] = "council's own rates"
    return replace(
        inputs,
        permanent_cost=inputs.permanent_cost if permanent_cost is None else permanent_cost,
        agency_cost=inputs.agency_cost if agency_cost is None else agency_cost,
        sources=sources,
    )


# --- census history -------------------------------------------------------------------------


def _fte() -> pl.Expr:
    return pl.coalesce(pl.col("FTE"), pl.col("FTE30"), pl.lit(0.0)).cast(pl.Float64)


def inputs_from_census(
    workers: pl.DataFrame, la_level: pl.DataFrame, name: str = "", region: str = ""
) -> CouncilInputs:
    """One council's inputs by OrgRole from its canonical census tables (one or more years).

    Stocks come from the latest year; leaver rates by role, starter origins and leaver
    destinations from every year given; a role's rate is shrunk toward the council's overall rate
    in proportion to how few leavers it has.
    """
    if workers.is_empty():
        raise ForecastInputError("census history has no worker records")
    codes = workers["la_code"].unique().to_list()
    if len(codes) != 1:
        raise ForecastInputError(
            f"census history must be one council, found LA codes {sorted(map(str, codes))}"
        )
    code = str(codes[0])
    years = sorted(int(y) for y in workers["time_period"].unique())
    last = years[-1]
    w = workers.with_columns(
        _fte().alias("_fte"),
        pl.col("AgencyWorker").fill_null(0).alias("_agency"),
        pl.col("OrgRole").fill_null("5").cast(pl.Utf8).alias("_role"),
    )
    perm = w.filter(pl.col("_agency") == 0)
    in_post = perm.filter(pl.col("RoleEndDate").is_null())
    leavers = perm.filter(pl.col("RoleEndDate").is_not_null())
    starters = perm.filter(pl.col("RoleStartDate").is_not_null() & pl.col("StartOrigin").is_not_null())

    def by_role(frame: pl.DataFrame) -> dict[tuple[int, str], float]:
        grouped = frame.group_by(["time_period", "_role"]).agg(pl.col("_fte").sum())
        return {(int(y), str(r)): float(v) for y, r, v in grouped.iter_rows()}

    stock, left = by_role(in_post), by_role(leavers)
    total_stock = sum(stock.values())
    overall = sum(left.values()) / total_stock if total_stock > 0 else 0.15
    la_row = la_level.filter(pl.col("time_period") == last)
    vacancies = float(la_row["NumberOfVacancies"].fill_null(0).sum()) if not la_row.is_empty() else 0.0
    cover = float(la_row["NoAgencyFTE"].fill_null(0).sum()) if not la_row.is_empty() else 0.0
    agency_now = w.filter((pl.col("_agency") == 1) & (pl.col("time_period") == last))
    agency_by_role = {
        str(r): float(v) for r, v in agency_now.group_by("_role").agg(pl.col("_fte").sum()).iter_rows()
    }
    agency_total = sum(agency_by_role.values())
    now = {r: stock.get((last, r), 0.0) for r in ORG_ROLES}
    now_total = sum(now.values())
    if now_total <= 0:
        raise ForecastInputError(f"council {code}: no FTE in post in {last}")
    roles = []
    for r, label in ORG_ROLES.items():
        if now[r] <= 0 and agency_by_role.get(r, 0.0) <= 0:
            continue
        share = now[r] / now_total
        exposure = sum(v for (y, rr), v in stock.items() if rr == r)
        n_left = sum(v for (y, rr), v in left.items() if rr == r)
        own = n_left / exposure if exposure > 0 else overall
        weight = n_left / (n_left + 10.0)  # credibility: ten leavers' worth of prior
        rate = float(np.clip(weight * own + (1 - weight) * overall, 0.0, 0.9))
        agency_r = agency_by_role.get(r, 0.0)
        roles.append(
            RoleInputs(
                role=label,
                inpost_fte=now[r],
                vacancy_fte=vacancies * share,
                agency_fte=agency_r,
                agency_cover_fte=min(agency_r, cover * (agency_r / agency_total))
                if agency_total > 0
                else 0.0,
                leaver_rate=rate,
            )
        )
    origins = dict(DEFAULT_STARTER_ORIGINS)
    known = starters.filter(~pl.col("StartOrigin").is_in(list(UNKNOWN_ORIGINS)))
    if known.height >= 5:
        counts = {
            str(o): float(v) for o, v in known.group_by("StartOrigin").agg(pl.col("_fte").sum()).iter_rows()
        }
        total = sum(counts.values())
        if total > 0:
            origins = dict.fromkeys(DEFAULT_STARTER_ORIGINS, 0.0)
            for o, v in counts.items():
                origins[START_ORIGIN_GROUPS.get(o, "other")] += v / total
    to_agency = leavers_to_agency_share(last)
    dest = leavers.filter(
        pl.col("LeaverDestination").is_not_null()
        & ~pl.col("LeaverDestination").is_in(list(UNKNOWN_DESTINATIONS))
    )
    if dest.height >= 5:
        to_agency = float((dest["LeaverDestination"] == LEAVER_TO_AGENCY).sum() / dest.height)
    holding = w.filter(
        (pl.col("Cases30").fill_null(0) >= 1) & (pl.col("RoleEndDate").is_null() | (pl.col("_agency") == 1))
    )
    case_years = (
        holding.group_by("time_period").agg(pl.col("Cases30").sum(), pl.col("_fte").sum()).sort("time_period")
    )
    cases = case_holders = trend = 0.0
    if not case_years.is_empty() and int(case_years["time_period"][-1]) == last:
        cases, case_holders = float(case_years["Cases30"][-1]), float(case_years["_fte"][-1])
        series = case_years["Cases30"].cast(pl.Float64).to_numpy()
        if len(series) >= 2 and np.all(series > 0):
            trend = float(np.mean(np.diff(np.log(series))))
    return CouncilInputs(
        code=code,
        name=name or code,
        region=region,
        base_year=last,
        roles=tuple(roles),
        fill_rate=DEFAULT_FILL_RATE,
        cases=cases,
        case_holders_fte=case_holders,
        case_trend=trend,
        leavers_to_agency=to_agency,
        starter_origins=origins,
        noise=NoiseModel(),
        sources={
            "stocks": f"census return {last}",
            "leaver_rate": f"census leavers by OrgRole {years[0]}-{last}, shrunk toward the council's rate",
            "starter_origins": "census StartOrigin" if origins != DEFAULT_STARTER_ORIGINS else "proxies",
            "leavers_to_agency": "census LeaverDestination" if dest.height >= 5 else "DfE attrition data set",
            "fill_rate": "England default from the published backtest (docs/forecast.md)",
            "noise": "England defaults from the published backtest",
        },
    )
