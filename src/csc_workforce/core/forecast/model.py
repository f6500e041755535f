"""The stock-flow model: one council, many simulated futures, month by month.

States per simulation and role: permanent FTE in post ``perm``, funded posts ``posts`` (so
vacancies are ``posts - perm``), agency FTE ``agency``. Each month:

* leavers = perm x h / 12: the annual leaver rate h is DfE's turnover (leavers in the year per
  FTE in post), a rate on a stock that is replenished, so it spreads evenly over the months;
* starters = the baseline's leavers replaced + a share of the standing vacancies: the annual fill rate ``a``
  closes a share of the gap, compounding, so the monthly share is 1 - (1 - a) ** (1 / 12);
  starters are split by origin (newly qualified, other councils, agency, other);
* scenario moves: agency posts converted to permanent, a September intake of newly qualified staff;
* the unexplained net flow (published stocks and flows do not reconcile) as a yearly random drift;
* agency FTE moves towards its target: the council's non-covering agency FTE plus its share of
  vacancies covered by agency staff;
* demand: the FTE needed to hold caseloads at the target given the cases trend.

The published statistics are annual (30 September); month 12 k of a run is the k-th September
after the base date, which is where a forecast meets the published figures.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from csc_workforce.core.forecast.inputs import CouncilInputs
from csc_workforce.core.forecast.scenario import Scenario

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
)


def monthly_rate(annual: FloatArray | float) -> FloatArray:
    """The monthly probability equivalent to an annual one (constant hazard within the year)."""
    return np.asarray(1.0 - np.power(1.0 - np.clip(annual, 0.0, 0.999), 1.0 / 12.0), dtype=np.float64)


def simulate(
    inputs: CouncilInputs, scenario: Scenario, months: int, sims: int, rng: np.random.Generator
) -> tuple[dict[str, FloatArray], NDArray[np.bool_]]:
    """Simulate ``sims`` futures over ``months``; each output has shape (sims, months).

    Also returns, per simulation and month, whether the workforce (permanent + agency) falls short
    of demand.
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

    # Level and drift shocks move staff and funded posts together: they stand for what the yearly
    # figures cannot explain (hours changes, reclassification, restructures), not for recruitment.
    level = np.exp(noise.level_sd * z_level)
    perm = inpost[None, :] * level
    posts = (inpost + vacancy)[None, :] * level
    agency = np.broadcast_to(agency0, perm.shape).copy()
    agency_shock = np.exp(noise.agency_level_sd * z_agency[0])
    fill = monthly_rate(inputs.fill_rate)
    growth = np.exp(inputs.establishment_growth / 12.0)
    adjust = inputs.agency_adjust_rate
    origins = inputs.starter_origins

    total0 = inpost.sum() + agency0.sum()
    per_holder = total0 / inputs.case_holders_fte if inputs.case_holders_fte > 0 else 1.0
    current_caseload = inputs.cases / inputs.case_holders_fte if inputs.case_holders_fte > 0 else 0.0
    target_caseload = scenario.caseload_cap or current_caseload
    log_cases = np.full(sims, np.log(inputs.cases)) if inputs.cases > 0 else None

    conv_total = min(scenario.agency_conversion_fte, float(agency0.sum()))
    conv_month = conv_total / scenario.conversion_months
    out = {name: np.empty((sims, months)) for name in OUTPUTS}
    shortfall = np.empty((sims, months), dtype=bool)
    leaver_window = np.zeros((12, sims))

    for m in range(months):
        year = m // 12
        shock = np.exp(noise.hazard_sd * z_hazard[year])
        q = np.minimum(hazard[None, :] * shock, 6.0) / 12.0
        q_base = np.minimum(base_hazard[None, :] * shock, 6.0) / 12.0
        drift = np.exp(noise.drift_sd * z_drift[year] / 12.0)
        agency_shock = agency_shock * np.exp(noise.agency_drift_sd * z_agency[year + 1] / 12.0)
        posts *= growth * drift
        if log_cases is not None:
            log_cases = log_cases + inputs.case_trend / 12.0 + noise.case_sd * z_cases[year] / np.sqrt(12.0)
            demand = np.exp(log_cases) / target_caseload * per_holder if target_caseload > 0 else posts.sum(1)
        else:
            demand = posts.sum(axis=1) + noncover.sum()
        if scenario.caseload_cap is not None:
            # Posts are funded up to the permanent FTE that demand needs (never cut).
            needed = np.maximum(demand - noncover.sum(), 0.0)
            scale = np.maximum(needed / np.maximum(posts.sum(axis=1), 1e-9), 1.0)
            posts *= scale[:, None]
        vac = np.maximum(posts - perm, 0.0)
        leavers = perm * q
        # Recruitment runs at the baseline pace (replacing the baseline's leavers and filling a
        # share of vacancies): better retention then shows as more staff, not fewer starters.
        starters = np.minimum(perm * q_base + fill * vac, vac + leavers)
        conv = np.zeros_like(perm)
        if m < scenario.conversion_months and conv_month > 0:
            conv = np.minimum(agency, conv_month * weights[None, :])
        intake = np.zeros_like(perm)
        if (m + 1) % 12 == 0 and scenario.extra_newly_qualified_fte > 0:
            intake = scenario.extra_newly_qualified_fte * weights[None, :] * np.ones_like(perm)
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
        out["inpost_fte"][:, m] = inpost_t
        out["agency_fte"][:, m] = agency_t
        out["vacancy_fte"][:, m] = vac.sum(axis=1)
        out["demand_fte"][:, m] = demand
        out["starters_fte"][:, m] = starters_t
        out["leavers_fte"][:, m] = leavers_t
        out["turnover_rate_fte"][:, m] = 100.0 * window / np.maximum(inpost_t, 1e-9)
        out["moves_to_agency_fte"][:, m] = leavers_t * inputs.leavers_to_agency
        out["moves_from_agency_fte"][:, m] = starters.sum(axis=1) * origins.get("agency", 0.0) + conv.sum(1)
        out["starters_newly_qualified_fte"][:, m] = starters.sum(axis=1) * origins.get(
            "newly_qualified", 0.0
        ) + intake.sum(axis=1)
        out["starters_other_council_fte"][:, m] = starters.sum(axis=1) * origins.get("other_council", 0.0)
        out["cost_permanent"][:, m] = inpost_t * inputs.permanent_cost / 12.0
        out["cost_agency"][:, m] = agency_t * inputs.agency_cost / 12.0
        out["cost_total"][:, m] = out["cost_permanent"][:, m] + out["cost_agency"][:, m]
        shortfall[:, m] = inpost_t + agency_t < demand - 1e-9
    return out, shortfall
