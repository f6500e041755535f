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
  toward its region and England.
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
class Calibration:
    fill_rate: float
    noise_terms: tuple[float, float, float]  # level variance, yearly drift variance, size term
    hazard_sd: float
    case_sd: float
    agency_terms: tuple[float, float] = (0.2**2, 0.3**2)  # agency level and yearly drift variances
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


def calibrate(panel: Panel) -> Calibration:
    fill_rate, scores, folds = choose_fill_rate(panel)
    with np.errstate(divide="ignore", invalid="ignore"):
        turnover = panel["leavers_fte"] / np.where(panel["inpost_fte"] > 0, panel["inpost_fte"], np.nan)
    hazard_sd = min(_log_sd_of_changes(turnover) / np.sqrt(2.0), 0.5)
    case_sd = min(_log_sd_of_changes(panel["cases"]) / np.sqrt(2.0), 0.3)
    return Calibration(
        fill_rate=fill_rate,
        noise_terms=fit_noise(panel, fill_rate),
        hazard_sd=hazard_sd,
        case_sd=case_sd,
        agency_terms=fit_agency_noise(panel, fill_rate),
        cv_scores=scores,
        folds=folds,
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
    trends = partial_pool(np.diff(logs, axis=1)[:, -RECENT_YEARS:], panel.regions)
    level_var, drift_var, size_term = cal.noise_terms
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
        drift = drift_var + size_term / max(float(n0), 1.0)
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
            case_trend=float(trends.estimate[i]),
            leavers_to_agency=leavers_to_agency,
            noise=NoiseModel(
                level_sd=float(np.sqrt(level_var)),
                drift_sd=float(np.sqrt(max(drift, 1e-6))),
                hazard_sd=cal.hazard_sd,
                case_sd=cal.case_sd,
                agency_level_sd=float(np.sqrt(cal.agency_terms[0])),
                agency_drift_sd=float(np.sqrt(cal.agency_terms[1])),
            ),
            sources={
                "stocks": f"published statistics, 30 September {base_year}",
                "leaver_rate": (
                    f"turnover {panel.years[max(0, last - RECENT_YEARS + 1)]}-{base_year}, "
                    f"own weight {hazard.own_weight[i]:.2f}, rest region and England"
                ),
                "fill_rate": f"cross-validated on {panel.years[0]}-{base_year} ({cal.folds} folds)",
                "noise": f"out-of-sample errors {panel.years[0]}-{base_year}",
                "leavers_to_agency": "DfE attrition data set (2025 release), latest year <= base year",
                "starter_origins": "proxies (no published StartOrigin distribution)",
                "costs": "St Helens 2025 weekly costs x 52 (override with the council's rates)",
            },
        )
    return Fitted(inputs=fitted, skipped=skipped, calibration=cal)
