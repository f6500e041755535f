"""The stock-flow model: one council, many simulated futures, month by month.

States per simulation and role: permanent FTE in post ``perm``, funded posts ``posts`` (so
vacancies are ``posts - perm``), agency FTE ``agency``. Each month:

* leavers = perm x h / 12: the annual leaver rate h is DfE's turnover (leavers in the year per
  FTE in post), a rate on a stock that is replenished, so it spreads evenly over the months;
  with a census history long enough, each band of service leaves at the role's rate times its
  relative hazard, and staff move up the bands (``core.forecast.service``, ADR 0021);
* starters = the baseline's leavers replaced + a share of the standing vacancies: the annual fill rate ``a``
  closes a share of the gap, compounding, so the monthly share is 1 - (1 - a) ** (1 / 12);
  starters are split by origin (newly qualified, other councils, agency, other);
* scenario moves: agency posts converted to permanent, a September intake of newly qualified staff;
* the unexplained net flow (published stocks and flows do not reconcile) as a yearly random drift;
* agency FTE moves towards its target: the council's non-covering agency FTE plus its share of
  vacancies covered by agency staff;
* demand: cases follow their (pooled) trend with a yearly shock, and part of the caseload's drift
  toward its region's closes through cases; the share of the workforce
  (permanent plus agency) that holds cases drifts too; the caseload is cases per case-holding FTE,
  and a shortfall is a caseload above the council's standard. "FTE needed" is the workforce whose
  case holders would carry exactly the standard.

Each yearly shock is spread evenly over its twelve months (``z / 12`` a month), so that a year's
change has the fitted spread; adding ``z / sqrt(12)`` twelve times would inflate it by sqrt(12).

The published statistics are annual (30 September); month 12 k of a run is the k-th September
after the base date, which is where a forecast meets the published figures.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from csc_workforce.core.forecast.inputs import CouncilInputs
from csc_workforce.core.forecast.scenario import Scenario
from csc_workforce.core.forecast.service import ServiceMix

FloatArray = NDArray[np.float64]

OUTPUTS: Final = (
    "inpost_fte",
    "agency_fte",
    "vacancy_fte",
    "demand_fte",
    "starters_fte",
    "leavers_fte",
    "turnover_rate_fte",
    "moves_to_agency_fte",
    "moves_from_agency_fte",
    "starters_newly_qualified_fte",
    "starters_other_council_fte",
    "cost_permanent",
    "cost_agency",
    "cost_total",
    "cases",
    "case_holders_fte",
    "caseload_fte",
)
DEFAULT_STANDARD: Final = 18.0  # cases per case-holding FTE, until the council sets its own


def monthly_rate(annual: FloatArray | float) -> FloatArray:
    """The monthly probability equivalent to an annual one (constant hazard within the year)."""
    return np.asarray(1.0 - np.power(1.0 - np.clip(annual, 0.0, 0.999), 1.0 / 12.0), dtype=np.float64)


def _holder_adjustment(inputs: CouncilInputs, months: int) -> FloatArray:
    """The expected change of the case holders' share by month: staff are assigned to cases as
    their expected number moves, and a caseload away from its region's drifts back (fitted); the
    plan's workforce then moves the caseload further."""
    step = np.arange(1, months + 1) / 12.0
    expected_cases = (
        inputs.case_trend * step
        + inputs.case_reversion * np.minimum(step, 1.0)
        + _capacity_path(inputs, months)
    )
    pull = np.zeros(months)
    if inputs.caseload_target:
        gap = np.log(inputs.caseload_target) - np.log(inputs.cases / inputs.case_holders_fte)
        pull = gap * (1.0 - (1.0 - inputs.caseload_reversion) ** step)
    return np.asarray(np.exp(expected_cases - pull), dtype=np.float64)


def _capacity_path(inputs: CouncilInputs, months: int) -> FloatArray:
    """The expected log change of cases by month from the caseload's drift toward its target: a
    share of the gap closes through cases, at the caseload's own pace."""
    step = np.arange(1, months + 1) / 12.0
    closed = 1.0 - (1.0 - inputs.caseload_reversion) ** step
    return np.asarray(inputs.case_capacity_gap * closed, dtype=np.float64)


def standard_for(inputs: CouncilInputs, scenario: Scenario) -> float:
    """The caseload standard a run is judged against: the plan's, else the council's, else 18."""
    return scenario.caseload_cap or inputs.caseload_standard or DEFAULT_STANDARD


def simulate(
    inputs: CouncilInputs, scenario: Scenario, months: int, sims: int, rng: np.random.Generator
) -> dict[str, FloatArray]:
    """Simulate ``sims`` futures over ``months``; each output has shape (sims, months).

    ``caseload_fte`` is NaN throughout when the council has no cases or case holders to start from.
    """
    if not 1 <= months <= 120:
        raise ValueError(f"months must be 1 to 120, got {months}")
    if sims < 1:
        raise ValueError(f"sims must be >= 1, got {sims}")
    noise = inputs.noise
    roles = inputs.roles
    inpost = np.array([r.inpost_fte for r in roles])
    vacancy = np.array([r.vacancy_fte for r in roles])
    agency0 = np.array([r.agency_fte for r in roles])
    cover = np.minimum(np.array([r.agency_cover_fte for r in roles]), agency0)
    base_hazard = np.array([r.leaver_rate for r in roles])
    hazard = base_hazard * (1.0 - scenario.retention_improvement)
    noncover = agency0 - cover
    # Share of vacancies covered by agency staff, taken over the whole council: census returns give
    # vacancies and agency cover for the council, not per role, so a per-role share would be an
    # artefact of how they were split. A vacancy under 1e-9 FTE counts as none.
    total_vacancy = float(vacancy.sum())
    shared = min(float(cover.sum()) / total_vacancy, 1.0) if total_vacancy > 1e-9 else 0.0
    cover_share = np.full(len(roles), shared)
    weights = inpost / inpost.sum() if inpost.sum() > 0 else np.full(len(roles), 1.0 / len(roles))

    # Random numbers are drawn in one fixed order so that a seed always gives the same run.
    years = (months + 11) // 12
    z_level = rng.standard_normal((sims, 1))
    z_hazard = rng.standard_normal((years, sims, 1))
    z_drift = rng.standard_normal((years, sims, 1))
    z_cases = rng.standard_normal((years, sims))
    z_agency = rng.standard_normal((years + 1, sims, 1))
    z_demand = rng.standard_normal((2, sims))  # starting levels of cases and of the holders' share
    z_share = rng.standard_normal((years, sims))

    # Level and drift shocks move staff and funded posts together: they stand for what the yearly
    # figures cannot explain (hours changes, reclassification, restructures), not for recruitment.
    level = np.exp(noise.level_sd * z_level)
    perm = inpost[None, :] * level
    # Leaving by length of service where the council's spells give it (ADR 0021), else one rate a role.
    mix = ServiceMix(inputs.service_bands, perm) if inputs.service_bands else None
    posts = (inpost + vacancy)[None, :] * level
    agency = np.broadcast_to(agency0, perm.shape).copy()
    agency_shock = np.exp(noise.agency_level_sd * z_agency[0])
    fill = monthly_rate(inputs.fill_rate)
    growth = np.exp(inputs.establishment_growth / 12.0)
    adjust = inputs.agency_adjust_rate
    origins = inputs.starter_origins

    total0 = inpost.sum() + agency0.sum()
    standard = standard_for(inputs, scenario)
    has_cases = inputs.cases > 0 and inputs.case_holders_fte > 0 and total0 > 0
    log_cases = np.log(max(inputs.cases, 1e-9)) + noise.case_level_sd * z_demand[0]
    reversion = inputs.case_reversion / 12.0
    capacity_steps = np.diff(_capacity_path(inputs, months), prepend=0.0)
    # The share of the workforce (permanent + agency) holding cases; published holders can exceed
    # the FTE in post plus agency (part-year staff, rounding), so the share is not capped at 1.
    share0 = inputs.case_holders_fte / total0 if has_cases else 1.0
    case_level = noise.case_level_sd * z_demand[0]
    log_share = np.log(share0) + noise.share_beta * case_level + noise.share_level_sd * z_demand[1]
    shares = np.empty((months, sims))
    holder_adjust = _holder_adjustment(inputs, months) if has_cases else np.ones(months)

    conv_total = min(scenario.agency_conversion_fte, float(agency0.sum()))
    conv_month = conv_total / scenario.conversion_months
    # Stored month by month (rows), so each month's write is contiguous; returned as (sims, months).
    out = {name: np.empty((months, sims)) for name in OUTPUTS}
    leaver_window = np.zeros((12, sims))

    for m in range(months):
        year = m // 12
        shock = np.exp(noise.hazard_sd * z_hazard[year])
        q = np.minimum(hazard[None, :] * shock, 6.0) / 12.0
        q_base = np.minimum(base_hazard[None, :] * shock, 6.0) / 12.0
        drift = np.exp(noise.drift_sd * z_drift[year] / 12.0)
        agency_shock = agency_shock * np.exp(noise.agency_drift_sd * z_agency[year + 1] / 12.0)
        posts *= growth * drift
        case_shock = noise.case_sd * z_cases[year]
        log_cases = log_cases + (inputs.case_trend + case_shock) / 12.0 + (reversion if m < 12 else 0.0)
        log_cases = log_cases + capacity_steps[m]
        log_share = log_share + (noise.share_beta * case_shock + noise.share_sd * z_share[year]) / 12.0
        share = np.exp(log_share) * holder_adjust[m]
        demand = np.exp(log_cases) / standard / share if has_cases else posts.sum(axis=1) + noncover.sum()
        if scenario.caseload_cap is not None:
            # Posts are funded up to the permanent FTE that demand needs (never cut).
            needed = np.maximum(demand - noncover.sum(), 0.0)
            scale = np.maximum(needed / np.maximum(posts.sum(axis=1), 1e-9), 1.0)
            posts *= scale[:, None]
        vac = np.maximum(posts - perm, 0.0)
        leavers_by_band = mix.leavers(q) if mix is not None else None
        leavers = leavers_by_band.sum(axis=2) if leavers_by_band is not None else perm * q
        replaced = mix.leavers(q_base).sum(axis=2) if mix is not None else perm * q_base
        # Recruitment runs at the baseline pace (replacing the baseline's leavers and filling a
        # share of vacancies): better retention then shows as more staff, not fewer starters.
        starters = np.minimum(replaced + fill * vac, vac + leavers)
        conv = np.zeros_like(perm)
        if m < scenario.conversion_months and conv_month > 0:
            conv = np.minimum(agency, conv_month * weights[None, :])
        intake = np.zeros_like(perm)
        if (m + 1) % 12 == 0 and scenario.extra_newly_qualified_fte > 0:
            intake = scenario.extra_newly_qualified_fte * weights[None, :] * np.ones_like(perm)
        if mix is not None and leavers_by_band is not None:
            perm = mix.step(leavers_by_band, starters + conv + intake, drift)
        else:
            perm = (perm - leavers + starters + conv + intake) * drift
        posts = np.maximum(posts, perm)
        vac = np.maximum(posts - perm, 0.0)
        agency = agency - conv
        agency = agency + adjust * ((noncover[None, :] + cover_share[None, :] * vac) * agency_shock - agency)
        agency = np.maximum(agency, 0.0)

        inpost_t = perm.sum(axis=1)
        agency_t = agency.sum(axis=1)
        leavers_t = leavers.sum(axis=1)
        starters_t = starters.sum(axis=1) + intake.sum(axis=1)
        leaver_window[m % 12] = leavers_t
        # Turnover as DfE defines it: leavers in the (last 12 months) / FTE in post now, annualised
        # while fewer than 12 months have run.
        window = leaver_window.sum(axis=0) * 12.0 / min(m + 1, 12)
        out["inpost_fte"][m] = inpost_t
        out["agency_fte"][m] = agency_t
        out["vacancy_fte"][m] = vac.sum(axis=1)
        out["demand_fte"][m] = demand
        out["starters_fte"][m] = starters_t
        out["leavers_fte"][m] = leavers_t
        out["turnover_rate_fte"][m] = 100.0 * window / np.maximum(inpost_t, 1e-9)
        out["moves_to_agency_fte"][m] = leavers_t * inputs.leavers_to_agency
        out["moves_from_agency_fte"][m] = starters.sum(axis=1) * origins.get("agency", 0.0) + conv.sum(1)
        out["starters_newly_qualified_fte"][m] = starters.sum(axis=1) * origins.get(
            "newly_qualified", 0.0
        ) + intake.sum(axis=1)
        out["starters_other_council_fte"][m] = starters.sum(axis=1) * origins.get("other_council", 0.0)
        out["cost_permanent"][m] = inpost_t * inputs.permanent_cost / 12.0
        out["cost_agency"][m] = agency_t * inputs.agency_cost / 12.0
        out["cost_total"][m] = out["cost_permanent"][m] + out["cost_agency"][m]
        out["cases"][m] = np.exp(log_cases)
        shares[m] = share
    if not has_cases:
        for name in ("cases", "case_holders_fte", "caseload_fte"):
            out[name][:] = np.nan
        return {name: values.T for name, values in out.items()}
    # Case holders absorb part of the workforce's unexplained spread (hours, roles): a share
    # ``share_offset`` of each future's deviation from the median future is offset. A plan moves the
    # median future, so its effect on the workforce reaches the case holders in full.
    log_workforce = np.log(np.maximum(out["inpost_fte"] + out["agency_fte"], 1e-9))
    deviation = log_workforce - np.median(log_workforce, axis=1, keepdims=True)
    out["case_holders_fte"][:] = shares * np.exp(log_workforce - noise.share_offset * deviation)
    out["caseload_fte"][:] = out["cases"] / np.maximum(out["case_holders_fte"], 1e-9)
    return {name: values.T for name, values in out.items()}
