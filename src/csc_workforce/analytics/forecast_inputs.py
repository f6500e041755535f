"""Building forecast inputs from published statistics frames or a council's census history.

Out of sample by construction: ``panel_from_indicators`` drops every row after the cut-off before
it reads a single value, so no later figure can reach a fit.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Final

import numpy as np
import polars as pl
from numpy.typing import NDArray

from csc_workforce.analytics.council import council_measures
from csc_workforce.analytics.retention import return_records
from csc_workforce.core.forecast import CouncilInputs, NoiseModel, Panel, RoleInputs
from csc_workforce.core.forecast.calibration import (
    DEFAULT_FILL_RATE,
    MEASURES,
    Fitted,
    fit_panel,
    noise_for,
    smoothed_log_level,
)
from csc_workforce.core.forecast.inputs import (
    DEFAULT_STARTER_ORIGINS,
    MIN_HISTORY_RETURNS,
    leavers_to_agency_share,
)
from csc_workforce.core.forecast.service import ServiceBand, credibility_weighted, service_bands
from csc_workforce.core.measures import code_labels
from csc_workforce.core.measures_formulas import turnover_rate
from csc_workforce.core.retention import build_spells, leaver_hazards_by_service

FloatArray = NDArray[np.float64]

LOCAL_AUTHORITY: Final = "Local authority"
START_ORIGIN_GROUPS: Final = {"1": "newly_qualified", "2": "other_council", "4": "agency"}
UNKNOWN_ORIGINS: Final = {"9", "10"}
LEAVER_TO_AGENCY: Final = "3"
UNKNOWN_DESTINATIONS: Final = {"8", "9"}


# Employer's on-costs on base salary, as a share: employer National Insurance (about 13%) plus
# the Local Government Pension Scheme employer rate (about 17-20%). An assumption the user can
# change (--on-costs, or the forecast page), documented in docs/forecast.md.
DEFAULT_ON_COSTS: Final = 0.30
DEFAULT_COST_SOURCE: Final = "default: St Helens 2025 average weekly cost x 52 (editable)"


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


@functools.lru_cache(maxsize=1)
def bundled_fit() -> Fitted:
    """Every council fitted from the bundled published statistics (once per process)."""
    from csc_workforce.ingest.published import load_indicators  # noqa: PLC0415 - optional dependency

    return fit_published(load_indicators())


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
    """The council's own cost per FTE-year, where given by the user."""
    return with_costs(
        inputs,
        permanent=None if permanent_cost is None else (permanent_cost, "the user's figure"),
        agency=None if agency_cost is None else (agency_cost, "the user's figure"),
    )


# --- census history -------------------------------------------------------------------------


def _by_label(frame: pl.DataFrame, label: str, measure: str, year: int | None = None) -> dict[str, float]:
    """Sum of ``measure`` by breakdown label (one year, or every year)."""
    if year is not None:
        frame = frame.filter(pl.col("time_period") == year)
    grouped = frame.group_by(label).agg(pl.col(measure).fill_null(0).sum())
    return {str(k): float(v) for k, v in grouped.iter_rows()}


def _code_shares(frame: pl.DataFrame, label: str, measure: str, code_set: str) -> dict[str, float]:
    """FTE by census code (from the breakdown's labels), unknown codes and non-members left out."""
    code_of = {text: code for code, text in code_labels(code_set).items()}
    return {code_of[k]: v for k, v in _by_label(frame, label, measure).items() if k in code_of and v > 0}


def inputs_from_census(
    workers: pl.DataFrame,
    la_level: pl.DataFrame,
    name: str = "",
    region: str = "",
    on_costs: float = DEFAULT_ON_COSTS,
    *,
    published: Fitted | None = None,
) -> CouncilInputs:
    """One council's inputs by role from its canonical census tables (one or more years).

    Every stock and flow is the council's own measure (``analytics.council.council_measures``: the
    census classification and formulas the dashboard uses), so the forecast starts from exactly
    the figures the council sees. Stocks come from the latest year; leaver rates by role (turnover,
    shrunk toward the council's in proportion to how few leavers a role has), starter origins and
    leaver destinations from every year given. The permanent cost is the census BaseSalary per
    FTE plus ``on_costs`` where the return has pay (2025 on), else the documented default.

    Demand and uncertainty come from ``published`` (the fit of DfE's published statistics) where
    given: the spreads fitted out of sample, the cross-validated smoothing of the census cases,
    and, for a council in that fit, its pooled and damped case trend and its region's caseload.
    Without it, the documented defaults and the census years' own case trend.
    """
    if workers.is_empty():
        raise ForecastInputError("census history has no worker records")
    codes = workers["la_code"].unique().to_list()
    if len(codes) != 1:
        raise ForecastInputError(
            f"census history must be one council, found LA codes {sorted(map(str, codes))}"
        )
    code = str(codes[0])
    totals = council_measures(workers, la_level).sort("time_period")
    by_role = council_measures(workers, la_level, by="role")
    years = [int(y) for y in totals["time_period"]]
    last = years[-1]
    now = totals.filter(pl.col("time_period") == last).row(0, named=True)
    stock = _by_label(by_role, "role", "inpost_fte", last)
    agency_by_role = _by_label(by_role, "role", "agency_fte", last)
    exposure, left = _by_label(by_role, "role", "inpost_fte"), _by_label(by_role, "role", "leavers_fte")
    now_total = float(now["inpost_fte"] or 0.0)
    if now_total <= 0:
        raise ForecastInputError(f"council {code}: no FTE in post in {last}")
    overall_rate = turnover_rate(sum(left.values()), sum(exposure.values()))
    overall = overall_rate / 100.0 if overall_rate is not None else 0.15
    vacancies = float(now["vacancy_fte"] or 0.0)
    cover = float(now["agency_cover_fte"] or 0.0)
    agency_total = sum(agency_by_role.values())
    roles = []
    for label in sorted(set(stock) | set(agency_by_role)):
        inpost_r, agency_r = stock.get(label, 0.0), agency_by_role.get(label, 0.0)
        if inpost_r <= 0 and agency_r <= 0:
            continue
        own_rate = turnover_rate(left.get(label, 0.0), exposure.get(label, 0.0))
        own = own_rate / 100.0 if own_rate is not None else overall
        roles.append(
            RoleInputs(
                role=label,
                inpost_fte=inpost_r,
                vacancy_fte=vacancies * inpost_r / now_total,
                agency_fte=agency_r,
                agency_cover_fte=min(agency_r, cover * agency_r / agency_total) if agency_total > 0 else 0.0,
                leaver_rate=float(np.clip(credibility_weighted(own, overall, left.get(label, 0.0)), 0, 0.9)),
            )
        )
    origins = dict(DEFAULT_STARTER_ORIGINS)
    started = council_measures(workers, la_level, by="start_origin")
    counts = {
        o: v
        for o, v in _code_shares(started, "start_origin", "starters_fte", "StartOrigin").items()
        if o not in UNKNOWN_ORIGINS
    }
    if len(counts) >= 1 and sum(counts.values()) >= 5:
        total = sum(counts.values())
        origins = dict.fromkeys(DEFAULT_STARTER_ORIGINS, 0.0)
        for o, v in counts.items():
            origins[START_ORIGIN_GROUPS.get(o, "other")] += v / total
    destinations = {
        d: v
        for d, v in _code_shares(
            council_measures(workers, la_level, by="leaver_destination"),
            "leaver_destination",
            "leavers_fte",
            "LeaverDestination",
        ).items()
        if d not in UNKNOWN_DESTINATIONS
    }
    known_destinations = sum(destinations.values())
    to_agency = leavers_to_agency_share(last)
    if known_destinations >= 5:
        to_agency = destinations.get(LEAVER_TO_AGENCY, 0.0) / known_destinations
    cases = float(now["cases"] or 0.0)
    case_holders = float(now["case_holders_fte"] or 0.0)
    series = totals["cases"].cast(pl.Float64).fill_null(0).to_numpy()
    trend = float(np.mean(np.diff(np.log(series)))) if len(series) >= 2 and np.all(series > 0) else 0.0
    salary_cost = permanent_cost_from_census(workers, last, on_costs)
    bands, leaving_source = service_bands_from_census(workers)
    holding = cases > 0 and case_holders > 0
    inputs = CouncilInputs(
        code=code,
        name=name or code,
        region=region,
        base_year=last,
        roles=tuple(roles),
        fill_rate=DEFAULT_FILL_RATE,
        cases=cases if holding else 0.0,
        case_holders_fte=case_holders if holding else 0.0,
        case_trend=trend,
        leavers_to_agency=to_agency,
        starter_origins=origins,
        noise=NoiseModel(),
        sources={
            "stocks": f"census return {last} (the council's measures)",
            "leaver_rate": f"census turnover by role {years[0]}-{last}, shrunk toward the council's",
            "starter_origins": "census StartOrigin" if origins != DEFAULT_STARTER_ORIGINS else "proxies",
            "leavers_to_agency": (
                "census LeaverDestination" if known_destinations >= 5 else "DfE attrition data set"
            ),
            "fill_rate": "England default from the published backtest (docs/forecast.md)",
            "noise": "England defaults from the published backtest",
            "permanent_cost": DEFAULT_COST_SOURCE,
            "agency_cost": DEFAULT_COST_SOURCE,
            "leaver_hazards": leaving_source,
        },
        service_bands=bands,
    )
    if published is not None:
        inputs = _with_published_demand(inputs, series, published)
    if salary_cost is None:
        return inputs
    source = f"census {last} BaseSalary per FTE plus {100 * on_costs:.0f}% on-costs"
    return with_costs(inputs, permanent=(salary_cost, source))


def service_bands_from_census(workers: pl.DataFrame) -> tuple[tuple[ServiceBand, ...], str]:
    """Leaving by length of service from one council's spells, and where it came from (ADR 0021).

    Needs at least ``MIN_HISTORY_RETURNS`` returns and a spell that ended in leaving; otherwise no
    bands (one rate per role) and the reason. Band hazards are ``leaver_hazards_by_service``; the
    starting mix is the service, at the last return's 30 September, of the spells still open then.
    """
    years = sorted(int(y) for y in workers["time_period"].unique())
    if len(years) < MIN_HISTORY_RETURNS:
        return (), (
            f"one leaver rate per role: {len(years)} census return(s), leaving by length of service "
            f"needs at least {MIN_HISTORY_RETURNS}"
        )
    history = build_spells(return_records(workers))
    hazards = leaver_hazards_by_service(history.spells)
    followed_to = max(history.followed_to.values())
    # Service of those still in post (one who started on the day counts in the first band).
    in_post = [
        max(spell.tenure_years, 1e-9)
        for spell in history.spells
        if not spell.left and spell.end == followed_to
    ]
    stock = [sum(1 for tenure in in_post if h.low_years < tenure <= h.high_years) for h in hazards]
    leavers = sum(h.leavers for h in hazards)
    bands = service_bands(
        [(h.low_years, h.high_years) for h in hazards],
        [h.leavers for h in hazards],
        [h.years_at_risk for h in hazards],
        stock,
    )
    if not bands or leavers == 0:
        return (), f"one leaver rate per role: no spell in the census returns {years[0]}-{years[-1]} ended"
    return bands, (
        f"census spells {years[0]}-{years[-1]}: leaving by length of service ({leavers:,} leavers over "
        f"{sum(h.years_at_risk for h in hazards):,.0f} years at risk), scaled to each role's turnover"
    )


def _with_published_demand(
    inputs: CouncilInputs, cases_by_year: FloatArray, published: Fitted
) -> CouncilInputs:
    """Census inputs with demand and uncertainty as the published fit chose them (one method for
    both paths): the fitted spreads for the council's size, the census cases smoothed with the
    cross-validated weight, and the council's published (pooled, damped) trend and region's
    caseload, with the cross-validated share of its drift closing through cases."""
    cal = published.calibration
    demand = cal.demand
    own = published.inputs.get(inputs.code)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log(np.where(cases_by_year > 0, cases_by_year, np.nan))[None, :]
    reversion = 0.0
    if inputs.cases > 0 and logs.size:
        level = float(smoothed_log_level(logs, logs.shape[1] - 1, demand.smoothing)[0])
        reversion = level - float(np.log(inputs.cases)) if np.isfinite(level) else 0.0
    sources = dict(inputs.sources)
    sources["noise"] = "fitted on DfE published statistics (out-of-sample errors, docs/forecast.md)"
    trend_source = f"the census years' trend damped x{demand.damping:g}"
    trend, target = demand.damping * inputs.case_trend, None
    if own is not None:
        trend, target = own.case_trend, own.caseload_target
        trend_source = f"published trend pooled toward region and England, damped x{demand.damping:g}"
        if "caseload_target" in own.sources:
            sources["caseload_target"] = own.sources["caseload_target"]
    sources["case_trend"] = (
        f"census cases smoothed (latest year weighted {demand.smoothing:g}); {trend_source} "
        "(cross-validated on published statistics)"
    )
    gap = 0.0
    if target and inputs.cases > 0:
        caseload = inputs.cases / inputs.case_holders_fte
        gap = demand.capacity_share * float(np.log(target / caseload))
    return replace(
        inputs,
        noise=noise_for(cal, inputs.inpost_fte),
        case_trend=trend,
        case_reversion=reversion,
        caseload_target=target,
        caseload_reversion=demand.caseload_reversion if target else 0.0,
        case_capacity_gap=gap,
        sources=sources,
    )


# --- the council's own costs -------------------------------------------------------------------

FIRST_SALARY_YEAR: Final = 2025  # BaseSalary is collected from the 2025 census on
HOURS_PER_FTE_YEAR: Final = 37.0 * 52  # a full-time social worker's contracted hours in a year


def permanent_cost_from_census(
    workers: pl.DataFrame, year: int, on_costs: float = DEFAULT_ON_COSTS
) -> float | None:
    """Cost per permanent FTE-year: in-post BaseSalary per FTE (salaries are pro rata) plus on-costs.

    None before 2025 or where no in-post record with an FTE carries a salary. In post is the
    measures' own classification (``council_measures``' population), so the same staff are costed
    as are counted.
    """
    if year < FIRST_SALARY_YEAR or "BaseSalary" not in workers.columns:
        return None
    if not 0.0 <= on_costs <= 1.0:
        raise ForecastInputError(f"on-costs must be a share from 0 to 1, got {on_costs}")
    rows = workers.filter(
        (pl.col("time_period") == year)
        & (pl.col("AgencyWorker") == 0)
        & pl.col("RoleEndDate").is_null()
        & pl.col("BaseSalary").is_not_null()
        & (pl.col("FTE").fill_null(0) > 0)
    )
    fte = float(rows["FTE"].sum()) if rows.height else 0.0
    if fte <= 0:
        return None
    return float(rows["BaseSalary"].cast(pl.Float64).sum()) / fte * (1.0 + on_costs)


def agency_cost_from_register(costs: pl.DataFrame, la_code: str) -> float | None:
    """Cost per agency FTE-year from the agency register's engagement costs
    (``analytics.agency.engagement_costs``): total cost per hour worked x a full-time year."""
    own = costs.filter(pl.col("la_code") == la_code)
    hours = float(own["hours"].sum()) if own.height else 0.0
    if hours <= 0:
        return None
    return float(own["total_cost"].sum()) / hours * HOURS_PER_FTE_YEAR


def with_costs(
    inputs: CouncilInputs,
    *,
    permanent: tuple[float, str] | None = None,
    agency: tuple[float, str] | None = None,
) -> CouncilInputs:
    """Inputs with the council's own costs, each with the source said in ``sources``."""
    sources = dict(inputs.sources)
    permanent_cost, agency_cost = inputs.permanent_cost, inputs.agency_cost
    if permanent is not None:
        permanent_cost, sources["permanent_cost"] = permanent
    if agency is not None:
        agency_cost, sources["agency_cost"] = agency
    return replace(inputs, sources=sources, permanent_cost=permanent_cost, agency_cost=agency_cost)
