"""Scoring forecasts against what happened: errors against persistence, band coverage, and the
shortfall probability's Brier score and calibration against the base rate."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

from csc_workforce.core.forecast.result import ForecastResult

BACKTEST_MEASURES: Final = ("inpost_fte", "agency_fte", "cases", "case_holders_fte", "caseload_fte")
MIN_ACTUAL_FTE: Final = 20.0  # councils scored in the summary: at least this much FTE in the target year
# The summary's size filter is on FTE: cases and caseloads are scored for every council with a value.
SIZE_FILTERED: Final = frozenset({"inpost_fte", "agency_fte", "case_holders_fte"})


def backtest_rows(
    results: Mapping[str, ForecastResult],
    actual: Mapping[tuple[str, int, str], float | None],
    councils: Sequence[str],
    years: Sequence[int],
    measures: Sequence[str] = BACKTEST_MEASURES,
) -> list[dict[str, Any]]:
    """One row per council, later year and measure; p10/p50/p90 are None where no forecast exists."""
    rows: list[dict[str, Any]] = []
    for code in councils:
        result = results.get(code)
        for year in years:
            for measure in measures:
                p10 = p50 = p90 = None
                if result is not None:
                    ahead = year - result.inputs.base_year
                    p10, p50, p90 = (round(v, 3) for v in result.september(ahead, measure))
                value = actual.get((code, year, measure))
                rows.append(
                    {
                        "old_la_code": code,
                        "time_period": year,
                        "measure": measure,
                        "actual": value,
                        "p10": p10,
                        "p50": p50,
                        "p90": p90,
                    }
                )
    return rows


def summarise(
    rows: Sequence[Mapping[str, Any]],
    base: Mapping[tuple[str, str], float | None],
    min_actual: float = MIN_ACTUAL_FTE,
) -> dict[str, Any]:
    """Per measure and year: MAPE of the median, MAPE of persistence (the base-year value carried
    forward), their ratio, and the share of actual values inside the 80% band (p10 to p90).

    Scored: councils with a base-year value, a forecast, and an actual of at least ``min_actual``.
    """
    groups: dict[tuple[str, int], list[tuple[float, float, float, float, float]]] = {}
    for row in rows:
        actual, p50 = row["actual"], row["p50"]
        last = base.get((row["old_la_code"], row["measure"]))
        if actual is None or p50 is None or last is None:
            continue
        if row["measure"] in SIZE_FILTERED and actual < min_actual:
            continue
        if actual <= 0:
            continue
        groups.setdefault((row["measure"], row["time_period"]), []).append(
            (float(actual), float(p50), float(last), float(row["p10"]), float(row["p90"]))
        )
    out: dict[str, Any] = {}
    for (measure, year), items in sorted(groups.items()):
        n = len(items)
        mape = sum(abs(p - a) / a for a, p, _, _, _ in items) / n
        persistence = sum(abs(b - a) / a for a, _, b, _, _ in items) / n
        inside = sum(lo <= a <= hi for a, _, _, lo, hi in items) / n
        out.setdefault(measure, {})[str(year)] = {
            "councils": n,
            "mape_p50": round(100 * mape, 3),
            "mape_persistence": round(100 * persistence, 3),
            "ratio_to_persistence": round(mape / persistence, 4) if persistence > 0 else math.nan,
            "coverage_p10_p90": round(inside, 4),
        }
    return out


def shortfall_events(
    results: Mapping[str, ForecastResult],
    actual: Mapping[tuple[str, int, str], float | None],
    councils: Sequence[str],
    years: Sequence[int],
    standards: Sequence[float],
) -> list[dict[str, Any]]:
    """For every council, later year with a published caseload and standard: the forecast chance
    that the caseload at 30 September is strictly above the standard, and whether it was."""
    events: list[dict[str, Any]] = []
    for code in councils:
        result = results.get(code)
        for year in years:
            value = actual.get((code, year, "caseload_fte"))
            if value is None:
                continue
            for standard in standards:
                probability = None
                if result is not None:
                    probability = result.risk(year - result.inputs.base_year, standard)
                events.append(
                    {
                        "old_la_code": code,
                        "time_period": year,
                        "standard": standard,
                        "probability": probability,
                        "actual": value > standard,
                    }
                )
    return events


def score_events(
    events: Sequence[Mapping[str, Any]], base_caseloads: Mapping[str, float | None]
) -> dict[str, Any]:
    """Brier score and calibration per standard and year, beside the base rate: the share of
    councils above the standard in the last year fitted, given to every council alike.

    Scored: events with a forecast probability.
    """
    known = [v for v in base_caseloads.values() if v is not None]
    groups: dict[tuple[float, int], list[tuple[float, bool]]] = {}
    for event in events:
        if event["probability"] is not None:
            key = (float(event["standard"]), int(event["time_period"]))
            groups.setdefault(key, []).append((float(event["probability"]), bool(event["actual"])))
    out: dict[str, Any] = {}
    all_model: list[float] = []
    all_base: list[float] = []
    for (standard, year), items in sorted(groups.items()):
        base_rate = sum(v > standard for v in known) / len(known) if known else math.nan
        model = [(p - a) ** 2 for p, a in items]
        base = [(base_rate - a) ** 2 for _, a in items]
        all_model.extend(model)
        all_base.extend(base)
        out.setdefault(f"{standard:g}", {})[str(year)] = {
            "events": len(items),
            "brier": round(sum(model) / len(items), 4),
            "brier_base_rate": round(sum(base) / len(items), 4),
            "base_rate": round(base_rate, 4),
            "mean_probability": round(sum(p for p, _ in items) / len(items), 4),
            "observed_share": round(sum(a for _, a in items) / len(items), 4),
        }
    by_year: dict[str, Any] = {}
    for year in sorted({y for _, y in groups}):
        items = [i for (_, y), group in groups.items() if y == year for i in group]
        by_year[str(year)] = {
            "events": len(items),
            "mean_probability": round(sum(p for p, _ in items) / len(items), 4),
            "observed_share": round(sum(a for _, a in items) / len(items), 4),
        }
    return {
        "by_standard": out,
        "by_year": by_year,
        "brier": round(sum(all_model) / len(all_model), 4) if all_model else None,
        "brier_base_rate": round(sum(all_base) / len(all_base), 4) if all_base else None,
    }
