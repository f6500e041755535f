"""Forecast inputs and runs for the pages: a council's accepted census history, else its published
statistics; runs cached by inputs, scenario, months, simulations and seed (runs are deterministic,
so a cached result is the result)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from django.core.cache import cache

from csc_workforce.analytics.canonical import la_level_frame, workers_frame
from csc_workforce.analytics.forecast_inputs import (
    DEFAULT_ON_COSTS,
    ForecastInputError,
    bundled_fit,
    inputs_from_census,
)
from csc_workforce.core.forecast import CouncilInputs, ForecastResult, Scenario, ScenarioError
from csc_workforce.core.forecast.calibration import Fitted
from csc_workforce.core.forecast.compare import ForecastRun
from csc_workforce.core.forecast.surplus import (
    CommittedChange,
    lowest_surplus,
    shortfall_chance,
    surplus_by_month,
)
from csc_workforce.simulation.backends import LocalBackend, provenance
from csc_workforce.web.forecasts.models import ForecastSettings, SavedScenario
from csc_workforce.web.fragments import DerivedCache
from csc_workforce.web.orgs.models import Council
from csc_workforce.web.returns.services import ReturnIdentity, census_of, current_identities

CACHE_SECONDS = 3600


class NoForecastError(ValueError):
    """The council has neither usable census history nor published figures to forecast from."""


@dataclass(frozen=True)
class CouncilBasis:
    """The inputs a council's forecast starts from, and where they came from (shown on the page)."""

    inputs: CouncilInputs
    source: str


def published_fit() -> Fitted:
    """Every council fitted from the bundled published statistics (once per process)."""
    return bundled_fit()


def council_settings(council: Council) -> ForecastSettings | None:
    return ForecastSettings.objects.filter(council=council).first()


def saved_scenarios(council: Council) -> list[Scenario]:
    """The council's saved scenarios, by name (a stored scenario that no longer validates is skipped)."""
    scenarios = []
    for saved in SavedScenario.objects.filter(council=council):
        try:
            scenarios.append(Scenario.from_dict(saved.settings, f"saved scenario {saved.name!r}"))
        except ScenarioError:
            continue
    return scenarios


def council_basis(council: Council) -> CouncilBasis:
    """The council's accepted census returns when there are any the model can use, else its
    published statistics; with the council's caseload standard where it has set one."""
    settings = council_settings(council)
    identities = tuple(current_identities(council))
    on_costs = settings.on_costs if settings else DEFAULT_ON_COSTS
    standard = settings.caseload_standard if settings else None
    names = (council.la_code, council.name, council.region.name)
    return _basis_with_standard(names, identities, on_costs, standard)


@lru_cache(maxsize=128)
def _basis_with_standard(
    names: tuple[str, str, str],
    identities: tuple[ReturnIdentity, ...],
    on_costs: float,
    standard: float | None,
) -> CouncilBasis:
    # Kept as well, so a council with a standard gets the same inputs object on every view (runs and
    # fingerprints are kept by it).
    basis = _basis(*names, identities, on_costs)
    if standard is None:
        return basis
    return CouncilBasis(replace(basis.inputs, caseload_standard=standard), basis.source)


# Cached by everything the inputs rest on: the accepted returns' identities (which never change
# once accepted; a new acceptance is a new identity), the council's names and its on-costs.
@lru_cache(maxsize=128)
def _basis(
    la_code: str, name: str, region: str, identities: tuple[ReturnIdentity, ...], on_costs: float
) -> CouncilBasis:
    if identities:
        returns = [census_of(identity) for identity in identities]
        years = sorted({r.year for r in returns if r.year is not None})
        try:
            inputs = inputs_from_census(
                workers_frame(returns),
                la_level_frame(returns),
                name=name,
                region=region,
                on_costs=on_costs,
                published=published_fit(),
            )
            span = f"{years[0]} to {years[-1]}" if len(years) > 1 else str(years[0])
            return CouncilBasis(inputs, f"your accepted census returns ({span})")
        except (ForecastInputError, ValueError, IndexError):
            pass  # e.g. a single return with no one in post: fall back to published figures
    fitted = published_fit()
    published = fitted.inputs.get(la_code)
    if published is None:
        reason = fitted.skipped.get(la_code, "no published figures for this council")
        raise NoForecastError(f"{name} cannot be forecast: {reason}")
    return CouncilBasis(published, f"DfE published statistics (to 30 September {published.base_year})")


_FINGERPRINTS: DerivedCache[str] = DerivedCache(maxsize=256)


def fingerprint(inputs: CouncilInputs) -> str:
    """``inputs.fingerprint()``, worked out once per inputs object (kept ones come back each view)."""
    return _FINGERPRINTS.get((inputs,), (), inputs.fingerprint)


def _cache_key(inputs: CouncilInputs, scenario: Scenario, months: int, sims: int, seed: int) -> str:
    text = json.dumps([fingerprint(inputs), scenario.to_dict(), months, sims, seed], sort_keys=True)
    return "forecast:" + hashlib.sha256(text.encode()).hexdigest()


# The runs this process used last, kept as objects: the shared cache hands back a new copy on
# every read (unpickled), and the pages' rendered figures are kept by the very result objects.
_RECENT_RUNS: DerivedCache[ForecastResult] = DerivedCache(maxsize=64)


def forecast(inputs: CouncilInputs, scenario: Scenario, months: int, sims: int, seed: int) -> ForecastResult:
    """One run, from the cache when the same inputs, scenario and settings ran before."""
    key = _cache_key(inputs, scenario, months, sims, seed)

    def shared_run() -> ForecastResult:
        result = cache.get(key)
        if not isinstance(result, ForecastResult):
            result = LocalBackend().run([inputs], scenario, months, sims, seed)[0]
            cache.set(key, result, CACHE_SECONDS)
        return result

    return _RECENT_RUNS.get((), (key,), shared_run)


def council_run(
    basis: CouncilBasis,
    scenario: Scenario | None,
    months: int,
    sims: int,
    seed: int,
    *,
    saved: Sequence[Scenario] = (),
) -> ForecastRun:
    """The baseline, the council's saved scenarios and the scenario tried, side by side (each
    only when it changes something)."""
    baseline = forecast(basis.inputs, Scenario(), months, sims, seed)
    chosen = [s for s in saved if not s.is_baseline]
    if scenario is not None and not scenario.is_baseline:
        chosen = [s for s in chosen if s.name != scenario.name] + [scenario]
    others = tuple(forecast(basis.inputs, s, months, sims, seed) for s in chosen)
    run_provenance = provenance([basis.inputs], months, sims, seed, "local")
    run_provenance["data"] = basis.source
    return ForecastRun(baseline, others, run_provenance)


def committed_loans(council: Council, base_year: int) -> list[CommittedChange]:
    """Staff loans agreed with other councils, as committed changes to this council's forecast."""
    from csc_workforce.web.sharing.services import committed_changes  # noqa: PLC0415 - sharing builds on forecasts

    return committed_changes(council, base_year)


@dataclass(frozen=True)
class CommittedEffect:
    """What the council's agreed loans do to its case-holding FTE at its standard."""

    changes: list[CommittedChange]
    horizon: int
    surplus_before: float
    surplus_after: float
    risk_before: float
    risk_after: float


def committed_effect(council: Council, result: ForecastResult) -> CommittedEffect | None:
    """The baseline's tightest month (and chance of a shortfall) over the next 12 months, with
    and without the agreed loans; None without loans or a standard to judge by."""
    changes = committed_loans(council, result.inputs.base_year)
    horizon = min(12, result.months)
    if not changes or horizon < 3:
        return None
    try:
        before = lowest_surplus(surplus_by_month(result, horizon=horizon))
        after = lowest_surplus(surplus_by_month(result, horizon=horizon, committed=changes))
        risks = (shortfall_chance(result, horizon), shortfall_chance(result, horizon, committed=changes))
    except ValueError:
        return None
    return CommittedEffect(
        changes, horizon, round(before.surplus_fte, 1), round(after.surplus_fte, 1), *risks
    )
