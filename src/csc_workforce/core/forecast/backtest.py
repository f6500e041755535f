"""Scoring forecasts against what happened: errors against persistence and band coverage."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

from csc_workforce.core.forecast.result import ForecastResult

BACKTEST_MEASURES: Final = ("inpost_fte", "agency_fte")
MIN_ACTUAL_FTE: Final = 20.0  # councils scored in the summary: at least this much FTE in the target year


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
        if actual is None or p50 is None or last is None or actual < min_actual:
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
