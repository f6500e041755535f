"""The forecast's leavers as children changing social worker next year (``core.continuity.projection``).

The rate is measured on the latest SSDA903 year the council's files cover, linked to its census;
the leaver FTE over that year is the census measures' own ``leavers_fte``: the SSDA903 year (1 April
to 31 March) is half in each of two census years, so it is their mean (one alone when only one
return is loaded). The forecast's leavers are each future's sum over its first year.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from csc_workforce.analytics.canonical import la_level_frame, workers_frame
from csc_workforce.analytics.continuity import ContinuityReport, workforce_year
from csc_workforce.analytics.council import council_measures
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.continuity.projection import (
    Band,
    ChildrenChangingProjection,
    NotAvailable,
    project_children_changing,
)
from csc_workforce.core.forecast import ForecastResult

Projection = ChildrenChangingProjection | NotAvailable
NO_SSDA903 = NotAvailable(
    "not available: no SSDA903 social worker episodes loaded, so children changing social worker "
    "cannot be projected"
)


def measured_leavers_fte(returns: Sequence[CensusReturn], continuity_year: int) -> float | None:
    """Census leaver FTE over the SSDA903 year ending 31 March ``continuity_year``; None without
    a census return for either half of it."""
    if not returns:
        return None
    measures = council_measures(workers_frame(list(returns)), la_level_frame(list(returns)))
    halves = (workforce_year(continuity_year), continuity_year)
    values = measures.filter(pl.col("time_period").is_in(halves)).get_column("leavers_fte").to_list()
    found = [float(v) for v in values if v is not None]
    return sum(found) / len(found) if found else None


def children_changing_next_year(
    report: ContinuityReport | None, returns: Sequence[CensusReturn], forecast: ForecastResult
) -> Projection:
    """Expected children changing social worker in the forecast's first year, or why not."""
    return project_next_year(report, forecast, lambda year: measured_leavers_fte(returns, year))


def project_next_year(
    report: ContinuityReport | None,
    forecast: ForecastResult,
    leavers_fte: Callable[[int], float | None],
) -> Projection:
    """:func:`children_changing_next_year` with the census leaver FTE over an SSDA903 year given
    by ``leavers_fte`` (:func:`measured_leavers_fte`, which the web app keeps once computed)."""
    if report is None or not report.years:
        return NO_SSDA903
    latest = max(report.years)
    link = report.years[latest].link
    leavers = leavers_fte(latest) if link is not None else None
    band = Band(*forecast.leavers_in_year(1))
    return project_children_changing(forecast.inputs.base_year + 1, band, link, leavers)


def _band_json(band: Band, places: int) -> dict[str, float]:
    rounded = band.rounded(places)
    return {"p10": rounded.low, "p50": rounded.median, "p90": rounded.high}


def projection_json(projection: Projection) -> dict[str, Any]:
    """The extra key of ``csc-workforce continuity --forecast``."""
    if isinstance(projection, NotAvailable):
        return {"available": False, "reason": projection.reason}
    return {
        "available": True,
        "forecast_year": projection.forecast_year,
        "measured_year": projection.measured_year,
        "projected_leavers_fte": _band_json(projection.projected_leavers_fte, 1),
        "measured_leavers_fte": round(projection.measured_leavers_fte, 3),
        "case_holding_leavers": projection.case_holding_leavers,
        "children_affected": projection.children_affected,
        "children_per_leaver_fte": round(projection.children_per_leaver_fte, 4),
        "children_from_leavers": _band_json(projection.from_leavers, 0),
        "baseline_changes": {cause.value: n for cause, n in projection.baseline.items()},
        "children_changing": _band_json(projection.total, 0),
        "assumption": projection.assumption,
    }
