"""Fitting the model to a council-by-year panel of published (or census-derived) figures.

The panel must hold the training years only: whoever builds it drops later years first, so that
nothing after the cut-off can reach any estimate here.

Method (chosen by rolling-origin cross-validation within the training years; docs/forecast.md):
* the fill rate ``a``: each year recruitment closes a share ``a`` of the gap between funded posts
  (in post + vacancies) and FTE in post. ``a`` is picked from a grid by the lowest mean absolute
  percentage error relative to persistence over every origin and horizon inside the panel;
* noise: the squared log errors of those same out-of-sample forecasts, regressed on
  [1, horizon, horizon / size], give the starting-level, yearly-drift and size-dependent variances;
* leaver rates, agency cover shares and case trends: each council's recent years, partially pooled
  toward its region and England;
* demand: cases start from an exponentially smoothed level (an unusual year partly unwinds), a
  share of the gap between the caseload and its region's closes through cases (the rest through
  case holders), and the pooled case trend is damped; the smoothing weight, that share and the
  damping are chosen together by the same cross-validation (each origin's level, gap and trend
  from the years up to it only); the cases and case-holder-share spreads are the level and yearly
  variances of those out-of-sample log errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np
from numpy.typing import NDArray

from csc_workforce.core.forecast.inputs import CouncilInputs, NoiseModel, RoleInputs, leavers_to_agency_share
from csc_workforce.core.forecast.pooling import partial_pool

FloatArray = NDArray[np.float64]

MEASURES: Final = (
    "inpost_fte",
    "starters_fte",
    "leavers_fte",
    "agency_fte",
    "agency_cover_fte",
    "vacancy_fte",
    "cases",
    "case_holders_fte",
)
FILL_RATE_GRID: Final = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4)
TREND_DAMPING_GRID: Final = (0.0, 0.25, 0.5, 0.75, 1.0)
SMOOTHING_GRID: Final = (1.0, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3)  # weight of the latest year (1: none)
CAPACITY_GRID: Final = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)  # share of the caseload gap closed by cases
REVERSION_GRID: Final = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
DEFAULT_FILL_RATE: Final = 0.1  # the choice of the 2017-2022 cross-validation (docs/forecast.md)
RECENT_YEARS: Final = 3
MIN_FTE_SCORED: Final = 20.0


@dataclass(frozen=True)
class Panel:
    """Councils x years of the measures above (NaN where missing or suppressed)."""

    codes: list[str]
    names: list[str]
    regions: list[str]
    years: list[int]
    values: dict[str, FloatArray]

    def __post_init__(self) -> None:
        shape = (len(self.codes), len(self.years))
        if len(self.names) != shape[0] or len(self.regions) != shape[0]:
            raise ValueError("codes, names and regions must have one entry per council")
        if list(self.years) != sorted(set(self.years)):
            raise ValueError("years must be increasing and distinct")
        for name in MEASURES:
            if name not in self.values or self.values[name].shape != shape:
                raise ValueError(f"panel measure {name!r} missing or not councils x years {shape}")

    def __getitem__(self, measure: str) -> FloatArray:
        return self.values[measure]


@dataclass(frozen=True)
class DemandFit:
    """How cases and the case-holders' share are forecast, each choice made out of sample.

    ``smoothing``: weight of the latest year in the exponentially smoothed level of log cases (an
    unusual year partly unwinds; 1 is the last year alone); ``capacity_share``: the share of the
    gap between a council's caseload and its region's that closes through cases rather than case
    holders (a stretched service closes or steps down cases, a roomy one takes more on);
    ``damping``: share of the pooled trend carried forward;
    ``share_beta``: how far the case-holders' share moves with an unexplained change in cases;
    ``share_offset``: how much of the workforce's unexplained change the share offsets;
    ``caseload_reversion``: the yearly share of the gap between a council's caseload and its
    region's (shrunk toward England's) that closes.
    """

    smoothing: float = 1.0
    damping: float = 1.0
    capacity_share: float = 0.0
    scores: dict[str, float] = field(default_factory=dict)
    case_terms: tuple[float, float] = (0.0, 0.05**2)
    share_terms: tuple[float, float] = (0.0, 0.05**2)
    share_beta: float = 0.0
    share_offset: float = 0.0
    caseload_reversion: float = 0.0


@dataclass(frozen=True)
class Calibration:
    fill_rate: float
    noise_terms: tuple[float, float, float]  # level variance, yearly drift variance, size term
    hazard_sd: float
    agency_terms: tuple[float, float] = (0.2**2, 0.3**2)  # agency level and yearly drift variances
    demand: DemandFit = field(default_factory=DemandFit)
    cv_scores: dict[float, float] = field(default_factory=dict)
    folds: int = 0


def _establishment(panel: Panel) -> FloatArray:
    return panel["inpost_fte"] + np.nan_to_num(panel["vacancy_fte"])


def skeleton(inpost: FloatArray, establishment: FloatArray, fill_rate: float, years: int) -> FloatArray:
    """The model's expected FTE in post ``years`` Septembers ahead (no noise, no growth)."""
    return establishment - (establishment - inpost) * (1.0 - fill_rate) ** years


def _folds(panel: Panel) -> list[tuple[int, int]]:
    y = len(panel.years)
    return [(t, h) for t in range(y) for h in (1, 2, 3) if t + h < y]


def choose_fill_rate(panel: Panel) -> tuple[float, dict[float, float], int]:
    """Grid search of the fill rate by rolling-origin CV inside the panel."""
    folds = _folds(panel)
    if not folds:
        return DEFAULT_FILL_RATE, {}, 0
    n, e = panel["inpost_fte"], _establishment(panel)
    scores: dict[float, float] = {}
    for a in FILL_RATE_GRID:
        ratios = []
        for t, h in folds:
            actual, base = n[:, t + h], n[:, t]
            pred = skeleton(base, e[:, t], a, h)
            ok = ~np.isnan(actual) & ~np.isnan(pred) & (actual >= MIN_FTE_SCORED) & ~np.isnan(base)
            if ok.sum() < 5:
                continue
            persistence = np.mean(np.abs(base[ok] - actual[ok]) / actual[ok])
            if persistence > 0:
                ratios.append(np.mean(np.abs(pred[ok] - actual[ok]) / actual[ok]) / persistence)
        if ratios:
            scores[a] = float(np.mean(ratios))
    if not scores:
        return DEFAULT_FILL_RATE, {}, 0
    best = min(scores, key=lambda a: (round(scores[a], 6), a))
    return best, scores, len(folds)


def fit_noise(panel: Panel, fill_rate: float) -> tuple[float, float, float]:
    """Variance terms (level, yearly drift, drift x 1/size) from out-of-sample log errors."""
    n, e = panel["inpost_fte"], _establishment(panel)
    rows, target = [], []
    for t, h in _folds(panel):
        actual, base = n[:, t + h], n[:, t]
        pred = skeleton(base, e[:, t], fill_rate, h)
        ok = ~np.isnan(actual) & ~np.isnan(pred) & (actual >= MIN_FTE_SCORED) & (pred > 0)
        r = np.log(actual[ok] / pred[ok])
        for size, err in zip(pred[ok], r, strict=True):
            rows.append((1.0, float(h), h / size))
            target.append(err**2)
    if len(rows) < 30:
        return 0.04**2, 0.075**2, 0.0
    x, y = np.array(rows), np.array(target)
    # Robust to a few councils' reclassifications: drop the top 1% of squared errors.
    keep = y <= np.quantile(y, 0.99)
    coef, *_ = np.linalg.lstsq(x[keep], y[keep], rcond=None)
    level, drift, size = (max(float(c), 0.0) for c in coef)
    if level + drift <= 0:
        level, drift = 0.04**2, 0.075**2
    return level, drift, size


def agency_skeleton(panel: Panel, t: int, fill_rate: float, years: int) -> FloatArray:
    """Expected agency FTE: non-covering agency plus the cover share of the expected vacancies."""
    v = np.nan_to_num(panel["vacancy_fte"][:, t])
    a, c = panel["agency_fte"][:, t], panel["agency_cover_fte"][:, t]
    c = np.minimum(np.where(np.isnan(c), a, c), a)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(v > 0, np.minimum(c / np.where(v > 0, v, 1.0), 1.0), 0.0)
    vacancies = v * (1.0 - fill_rate) ** years
    return np.asarray((a - c) + share * vacancies, dtype=np.float64)


def fit_agency_noise(panel: Panel, fill_rate: float) -> tuple[float, float]:
    """Agency level and yearly drift variances from out-of-sample log errors (+1 FTE smoothing)."""
    rows, target = [], []
    for t, h in _folds(panel):
        actual = panel["agency_fte"][:, t + h]
        pred = agency_skeleton(panel, t, fill_rate, h)
        ok = ~np.isnan(actual) & ~np.isnan(pred) & ((actual >= 5) | (pred >= 5))
        r = np.log((actual[ok] + 1.0) / (pred[ok] + 1.0))
        rows.extend([(1.0, float(h))] * int(ok.sum()))
        target.extend((r**2).tolist())
    if len(rows) < 30:
        return 0.2**2, 0.3**2
    x, y = np.array(rows), np.array(target)
    keep = y <= np.quantile(y, 0.99)
    coef, *_ = np.linalg.lstsq(x[keep], y[keep], rcond=None)
    level, drift = (max(float(c), 0.0) for c in coef)
    return level, max(drift, 1e-4)


def _log_sd_of_changes(matrix: FloatArray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log(np.where(matrix > 0, matrix, np.nan))
    diffs = np.diff(logs, axis=1)
    if diffs.shape[1] > 1:
        counts = np.sum(~np.isnan(diffs), axis=1, keepdims=True)
        centre = np.nansum(diffs, axis=1, keepdims=True) / np.maximum(counts, 1)
        diffs = diffs - centre
    finite = diffs[np.isfinite(diffs)]
    return float(np.std(finite)) if finite.size > 10 else 0.0


def holder_share(panel: Panel) -> FloatArray:
    """Case-holding FTE as a share of the workforce (FTE in post plus agency FTE)."""
    total = panel["inpost_fte"] + np.nan_to_num(panel["agency_fte"])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(panel["case_holders_fte"] / np.where(total > 0, total, np.nan), dtype=np.float64)


def _log_positive(matrix: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.log(np.where(matrix > 0, matrix, np.nan)), dtype=np.float64)


def pooled_trend(logs: FloatArray, regions: list[str], upto: int) -> FloatArray:
    """Each council's yearly log change over the recent years up to column ``upto``, pooled."""
    diffs = np.diff(logs[:, : upto + 1], axis=1)[:, -RECENT_YEARS:]
    if diffs.shape[1] == 0 or np.isnan(diffs).all():
        return np.zeros(logs.shape[0])
    return np.asarray(partial_pool(diffs, regions).estimate, dtype=np.float64)


def _walk_variances(errors: list[tuple[int, FloatArray]]) -> tuple[float, float]:
    """Level and per-year variances from out-of-sample log errors by horizon (robust to outliers)."""
    rows = [(1.0, float(h)) for h, e in errors for _ in range(e.size)]
    target = np.concatenate([e**2 for _, e in errors]) if errors else np.empty(0)
    if target.size < 30:
        return 0.0, 0.05**2
    x = np.array(rows)
    keep = target <= np.quantile(target, 0.99)
    coef, *_ = np.linalg.lstsq(x[keep], target[keep], rcond=None)
    level, per_year = (max(float(c), 0.0) for c in coef)
    return level, max(per_year, 1e-5)


def caseload_target(log_caseloads: FloatArray, regions: list[str], upto: int) -> FloatArray:
    """Each council's region's caseload (log), itself shrunk toward England's, from the recent
    years up to column ``upto``: the level caseloads drift back to."""
    recent = log_caseloads[:, max(0, upto - RECENT_YEARS + 1) : upto + 1]
    if np.isnan(recent).all():
        return np.full(log_caseloads.shape[0], np.nan)
    pooled = partial_pool(recent, regions)
    return np.array([pooled.region_mean.get(r, pooled.england_mean) for r in regions])


def smoothed_log_level(logs: FloatArray, upto: int, weight: float) -> FloatArray:
    """Each council's exponentially smoothed log value at column ``upto`` (columns up to it only):
    the latest year has ``weight``, each earlier one ``1 - weight`` of the one after; a missing year
    keeps the level, and the first known year starts it."""
    level = np.full(logs.shape[0], np.nan)
    for column in range(upto + 1):
        value = logs[:, column]
        known = np.isfinite(value)
        level = np.where(
            known, np.where(np.isfinite(level), weight * value + (1.0 - weight) * level, value), level
        )
    return level


def closing_share(reversion: float, years: FloatArray | float) -> FloatArray:
    """The share of a gap closed after ``years`` when ``reversion`` of what is left closes a year."""
    return np.asarray(1.0 - (1.0 - reversion) ** np.asarray(years, dtype=np.float64), dtype=np.float64)


@dataclass(frozen=True)
class _CaseOrigin:
    """What a forecast of cases from one origin year starts from (that year and earlier only)."""

    trend: FloatArray
    caseload_gap: FloatArray  # log of the region's caseload over the council's
    levels: dict[float, FloatArray]  # smoothed log level by smoothing weight


def _case_origin(logs: FloatArray, caseloads: FloatArray, regions: list[str], t: int) -> _CaseOrigin:
    return _CaseOrigin(
        trend=pooled_trend(logs, regions, t),
        caseload_gap=np.nan_to_num(caseload_target(caseloads, regions, t) - caseloads[:, t]),
        levels={w: smoothed_log_level(logs, t, w) for w in SMOOTHING_GRID},
    )


def _case_prediction(
    origin: _CaseOrigin, h: int, *, w: float, phi: float, kappa: float, reversion: float
) -> FloatArray:
    capacity = kappa * origin.caseload_gap * closing_share(reversion, h)
    return np.asarray(origin.levels[w] + phi * origin.trend * h + capacity, dtype=np.float64)


def _attenuation(x: FloatArray, y: FloatArray) -> float:
    """Correction of a least-squares slope for noise in ``x`` (errors in variables): the ratio of
    the orthogonal-regression slope to the ordinary one, at most 1.5."""
    sxx, syy, sxy = float(np.var(x)), float(np.var(y)), float(np.cov(x, y, bias=True)[0, 1])
    if sxy <= 0 or sxx <= 0:
        return 1.0
    orthogonal = (syy - sxx + np.sqrt((syy - sxx) ** 2 + 4 * sxy**2)) / (2 * sxy)
    return float(min(orthogonal / (sxy / sxx), 1.5))


def _mean_ratio_to_persistence(
    pairs: list[tuple[FloatArray, FloatArray, FloatArray]],
) -> float | None:
    """Mean over folds of (MAPE of the prediction) / (MAPE of persistence), on the log scale's
    exponent; each pair is (actual, base, prediction) logs already restricted to scored councils."""
    ratios = []
    for actual, base, pred in pairs:
        a = np.exp(actual)
        persistence = np.mean(np.abs(np.exp(base) - a) / a)
        if persistence > 0:
            ratios.append(np.mean(np.abs(np.exp(pred) - a) / a) / persistence)
    return float(np.mean(ratios)) if ratios else None


def fit_demand(panel: Panel) -> DemandFit:
    """The caseload's drift back to its region's, then cases' smoothing, share of that drift and
    trend damping (rolling-origin CV, each origin from the years up to it only), then the spreads
    from the same out-of-sample errors.

    The case-holders' share moves with cases (slope ``share_beta``) plus a shock of its own, sized
    so that the caseload's spread (cases over case holders) matches the caseload's own
    out-of-sample errors once the cases have had theirs."""
    logs = _log_positive(panel["cases"])
    shares = _log_positive(holder_share(panel))
    big = panel["inpost_fte"] >= MIN_FTE_SCORED
    folds = [(t, h) for t, h in _folds(panel) if t >= 1]
    if not folds:
        return DemandFit()
    caseloads = logs - _log_positive(panel["case_holders_fte"])
    targets = {t: caseload_target(caseloads, panel.regions, t) for t, _ in folds}
    reversion_scores: dict[float, float] = {}
    for g in REVERSION_GRID:
        caseload_pairs = []
        for t, h in folds:
            actual, base = caseloads[:, t + h], caseloads[:, t]
            ok = np.isfinite(actual) & np.isfinite(base) & big[:, t]
            if ok.sum() < 5:
                continue
            pred = base + (targets[t] - base) * closing_share(g, h)
            caseload_pairs.append((actual[ok], base[ok], pred[ok]))
        score = _mean_ratio_to_persistence(caseload_pairs)
        if score is not None:
            reversion_scores[g] = score
    g = min(reversion_scores, key=lambda r: (round(reversion_scores[r], 6), r)) if reversion_scores else 0.0
    origins = {t: _case_origin(logs, caseloads, panel.regions, t) for t, _ in folds}
    scores: dict[tuple[float, float, float], float] = {}
    for w in SMOOTHING_GRID:
        for phi in TREND_DAMPING_GRID:
            for kappa in CAPACITY_GRID:
                case_pairs = []
                for t, h in folds:
                    actual, base = logs[:, t + h], logs[:, t]
                    ok = ~np.isnan(actual) & ~np.isnan(base) & big[:, t]
                    if ok.sum() < 5:
                        continue
                    pred = _case_prediction(origins[t], h, w=w, phi=phi, kappa=kappa, reversion=g)
                    case_pairs.append((actual[ok], base[ok], pred[ok]))
                score = _mean_ratio_to_persistence(case_pairs)
                if score is not None:
                    scores[(w, phi, kappa)] = score
    if not scores:
        return DemandFit(caseload_reversion=g)
    # Ties go to the simpler forecast: the last year alone, no trend, no share of the drift.
    w, phi, kappa = min(scores, key=lambda k: (round(scores[k], 6), -k[0], k[1], k[2]))
    case_errors, caseload_errors, pairs = [], [], []
    for t, h in folds:
        ok = big[:, t]
        err = logs[:, t + h] - _case_prediction(origins[t], h, w=w, phi=phi, kappa=kappa, reversion=g)
        serr = shares[:, t + h] - shares[:, t]
        base = caseloads[:, t]
        cerr = caseloads[:, t + h] - (base + (targets[t] - base) * closing_share(g, h))
        case_errors.append((h, err[ok & np.isfinite(err)]))
        caseload_errors.append((h, cerr[ok & np.isfinite(cerr)]))
        both = ok & np.isfinite(err) & np.isfinite(serr)
        pairs.append((h, err[both], serr[both]))
    x = np.concatenate([c for _, c, _ in pairs])
    y = np.concatenate([s for _, _, s in pairs])
    # The slope that keeps the caseload's spread: cases and case holders move together (a council
    # with more cases assigns more staff to them), more so than least squares on trimmed errors shows.
    keep = (x**2 <= np.quantile(x**2, 0.99)) & (y**2 <= np.quantile(y**2, 0.99)) if x.size else x > 0
    beta = float(np.cov(x[keep], y[keep])[0, 1] / np.var(x[keep])) if keep.sum() > 2 else 0.0
    beta = float(np.clip(beta * _attenuation(x[keep], y[keep]), 0.0, 1.0))
    case_terms = _walk_variances(case_errors)
    caseload_terms = _walk_variances(caseload_errors)
    # caseload error = (1 - beta) x cases error - the share's own shock: the case holders follow
    # the median future's workforce (which a plan moves), not each future's unexplained staffing
    # spread, so the caseload's spread is fitted to the caseload's own errors exactly once.
    share_terms = (
        max(caseload_terms[0] - (1 - beta) ** 2 * case_terms[0], 0.0),
        max(caseload_terms[1] - (1 - beta) ** 2 * case_terms[1], 1e-5),
    )
    return DemandFit(
        smoothing=w,
        damping=phi,
        capacity_share=kappa,
        scores={
            **{
                f"cases: smoothing {k[0]:g}, damping {k[1]:g}, capacity share {k[2]:g}": round(v, 4)
                for k, v in scores.items()
            },
            **{f"caseload: reversion {k:g}": round(v, 4) for k, v in reversion_scores.items()},
        },
        caseload_reversion=g,
        case_terms=case_terms,
        share_terms=share_terms,
        share_beta=beta,
        share_offset=1.0,
    )


def calibrate(panel: Panel) -> Calibration:
    fill_rate, scores, folds = choose_fill_rate(panel)
    noise_terms = fit_noise(panel, fill_rate)
    with np.errstate(divide="ignore", invalid="ignore"):
        turnover = panel["leavers_fte"] / np.where(panel["inpost_fte"] > 0, panel["inpost_fte"], np.nan)
    hazard_sd = min(_log_sd_of_changes(turnover) / np.sqrt(2.0), 0.5)
    return Calibration(
        fill_rate=fill_rate,
        noise_terms=noise_terms,
        hazard_sd=hazard_sd,
        agency_terms=fit_agency_noise(panel, fill_rate),
        cv_scores=scores,
        folds=folds,
        demand=fit_demand(panel),
    )


def noise_for(cal: Calibration, inpost_fte: float) -> NoiseModel:
    """The fitted uncertainty for a council of ``inpost_fte``: the yearly drift is larger for a
    small council (the size term), every other spread is England's."""
    level_var, drift_var, size_term = cal.noise_terms
    drift = drift_var + size_term / max(float(inpost_fte), 1.0)
    demand = cal.demand
    return NoiseModel(
        level_sd=float(np.sqrt(level_var)),
        drift_sd=float(np.sqrt(max(drift, 1e-6))),
        hazard_sd=cal.hazard_sd,
        case_sd=float(np.sqrt(demand.case_terms[1])),
        case_level_sd=float(np.sqrt(demand.case_terms[0])),
        share_sd=float(np.sqrt(demand.share_terms[1])),
        share_level_sd=float(np.sqrt(demand.share_terms[0])),
        share_beta=demand.share_beta,
        share_offset=demand.share_offset,
        agency_level_sd=float(np.sqrt(cal.agency_terms[0])),
        agency_drift_sd=float(np.sqrt(cal.agency_terms[1])),
    )


@dataclass(frozen=True)
class Fitted:
    """Inputs per council that could be fitted, and the reason for each that could not."""

    inputs: dict[str, CouncilInputs]
    skipped: dict[str, str]
    calibration: Calibration


def _recent(matrix: FloatArray, last: int) -> FloatArray:
    return matrix[:, max(0, last - RECENT_YEARS + 1) : last + 1]


def fit_panel(panel: Panel, role: str = "all child and family social workers") -> Fitted:
    """Fit every council of the panel, starting from the panel's last year."""
    cal = calibrate(panel)
    last = len(panel.years) - 1
    base_year = panel.years[last]
    inpost, vacancy = panel["inpost_fte"], panel["vacancy_fte"]
    agency, cover = panel["agency_fte"], panel["agency_cover_fte"]
    with np.errstate(divide="ignore", invalid="ignore"):
        turnover = panel["leavers_fte"] / np.where(inpost > 0, inpost, np.nan)
        cover_share = np.minimum(cover / np.where(vacancy > 0, vacancy, np.nan), 1.0)
        logs = np.log(np.where(panel["cases"] > 0, panel["cases"], np.nan))
    hazard = partial_pool(_recent(np.clip(turnover, 0.0, 0.9), last), panel.regions)
    covers = partial_pool(_recent(cover_share, last), panel.regions)
    demand = cal.demand
    trends = demand.damping * pooled_trend(logs, panel.regions, last)
    # The expected unwinding of an unusual last year, over the first year of the run.
    reversion = smoothed_log_level(logs, last, demand.smoothing) - logs[:, last]
    caseloads = logs - _log_positive(panel["case_holders_fte"])
    log_target = caseload_target(caseloads, panel.regions, last)
    target_caseload = np.exp(log_target)
    # The part of the caseload's drift toward its region's that moves cases (the rest moves holders).
    capacity_gap = demand.capacity_share * (log_target - caseloads[:, last])
    recent_from = panel.years[max(0, last - RECENT_YEARS + 1)]
    leavers_to_agency = leavers_to_agency_share(base_year)

    fitted: dict[str, CouncilInputs] = {}
    skipped: dict[str, str] = {}
    for i, code in enumerate(panel.codes):
        n0 = inpost[i, last]
        if np.isnan(n0):
            skipped[code] = f"no FTE in post for {base_year} (the last training year)"
            continue
        vac = float(vacancy[i, last]) if not np.isnan(vacancy[i, last]) else 0.0
        ag = agency[i, last]
        if np.isnan(ag):  # withheld agency figures: carry the latest known, else none
            known = agency[i, : last + 1][~np.isnan(agency[i, : last + 1])]
            ag = known[-1] if known.size else 0.0
        cov = cover[i, last]
        cov = min(float(ag), float(cov) if not np.isnan(cov) else covers.estimate[i] * vac)
        h = float(np.clip(hazard.estimate[i], 0.0, 0.9))
        cases = panel["cases"][i, last]
        holders = panel["case_holders_fte"][i, last]
        ok_cases = not (np.isnan(cases) or np.isnan(holders) or holders <= 0)
        fitted[code] = CouncilInputs(
            code=code,
            name=panel.names[i],
            region=panel.regions[i],
            base_year=base_year,
            roles=(
                RoleInputs(
                    role=role,
                    inpost_fte=float(n0),
                    vacancy_fte=vac,
                    agency_fte=float(ag),
                    agency_cover_fte=max(cov, 0.0),
                    leaver_rate=h,
                ),
            ),
            fill_rate=cal.fill_rate,
            cases=float(cases) if ok_cases else 0.0,
            case_holders_fte=float(holders) if ok_cases else 0.0,
            case_trend=float(trends[i]),
            case_reversion=float(reversion[i]) if np.isfinite(reversion[i]) else 0.0,
            case_capacity_gap=float(capacity_gap[i]) if np.isfinite(capacity_gap[i]) else 0.0,
            caseload_target=float(target_caseload[i]) if np.isfinite(target_caseload[i]) else None,
            caseload_reversion=demand.caseload_reversion,
            leavers_to_agency=leavers_to_agency,
            noise=noise_for(cal, float(n0)),
            sources={
                "stocks": f"published statistics, 30 September {base_year}",
                "leaver_rate": (
                    f"turnover {panel.years[max(0, last - RECENT_YEARS + 1)]}-{base_year}, "
                    f"own weight {hazard.own_weight[i]:.2f}, rest region and England"
                ),
                "fill_rate": f"cross-validated on {panel.years[0]}-{base_year} ({cal.folds} folds)",
                "noise": f"out-of-sample errors {panel.years[0]}-{base_year}",
                "caseload_target": (
                    f"{panel.regions[i]} caseloads {recent_from}-{base_year}, shrunk toward England; "
                    f"{100 * demand.caseload_reversion:.0f}% of the gap closes a year (cross-validated)"
                ),
                "case_trend": (
                    f"cases {panel.years[0]}-{base_year} smoothed (latest year weighted "
                    f"{demand.smoothing:g}); {100 * demand.capacity_share:.0f}% of the caseload's drift "
                    f"toward its region's closes through cases; trend {recent_from}-{base_year} pooled "
                    f"toward region and England, damped x{demand.damping:g} (all cross-validated)"
                ),
                "leavers_to_agency": "DfE attrition data set (2025 release), latest year <= base year",
                "starter_origins": "proxies (no published StartOrigin distribution)",
                "permanent_cost": "default: St Helens 2025 average weekly cost x 52 (editable)",
                "agency_cost": "default: St Helens 2025 average weekly cost x 52 (editable)",
            },
        )
    return Fitted(inputs=fitted, skipped=skipped, calibration=cal)
