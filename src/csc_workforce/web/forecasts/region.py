"""The region's forecast: every member council's baseline, ranked by the chance of a shortfall,
with its projected surplus or deficit of case-holding FTE at its caseload standard.

Beside each council's chance of a shortfall, the highest monthly chance over the horizon without
and with the staff loans it has agreed with other councils (``web/sharing``: lent FTE taken from
its case holders, received FTE added, for the months of each loan), judged on the same futures.

Computed ahead (``precompute_region``: a background job queued when a return is accepted or
forecast settings change, ``forecasts.tasks``; or the ``precompute_region_forecasts`` management
command) and stored; the page only reads what was stored. Only
council totals are shown, the same kind of figure DfE publishes per council; no worker-level
figure reaches a regional page.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np

from csc_workforce.core.forecast import (
    DEFAULT_SEED,
    CouncilInputs,
    ForecastResult,
    Scenario,
    surplus_by_month,
)
from csc_workforce.core.forecast.surplus import CommittedChange, committed_shortfall
from csc_workforce.reporting.charts import Bar, ChartText, ranked_bar_chart
from csc_workforce.reporting.excel import SheetTable
from csc_workforce.reporting.forecast_charts import format_probability
from csc_workforce.web.forecasts import services
from csc_workforce.web.forecasts.models import RegionForecast
from csc_workforce.web.orgs.models import Council, Region

REGION_SIMS: Final = 10_000
REGION_MONTHS: Final = (12, 24, 36)
PRUDENCE: Final = 0.9
EXPORT_COLUMNS: Final = (
    "old_la_code",
    "la_name",
    "month",
    "inpost_fte_p10",
    "inpost_fte_p50",
    "inpost_fte_p90",
    "demand_fte_p50",
    "agency_fte_p50",
    "vacancy_fte_p50",
    "caseload_standard",
    "caseload_fte_p50",
    "case_holders_fte_p50",
    "needed_case_holders_fte",
    "surplus_fte",
    "prudent_surplus_fte",
    "agreed_loans",
    "peak_shortfall_probability",
    "peak_shortfall_probability_after_loans",
    "shortfall_probability",
    "data",
)


@dataclass(frozen=True)
class RankedCouncil:
    council: Any
    cells: dict[str, Any]

    @property
    def shortfall_percent(self) -> str:
        return format_probability(self.cells["shortfall_probability"])

    @property
    def peak_percents(self) -> tuple[str, str] | None:
        """The highest monthly chance without and with the agreed loans (None: no cases to judge)."""
        before = self.cells.get("peak_shortfall_probability")
        if before is None:
            return None
        after = self.cells["peak_shortfall_probability_after_loans"]
        return format_probability(before), format_probability(after)


@dataclass(frozen=True)
class Ranking:
    rows: list[RankedCouncil]
    not_forecast: list[tuple[Any, str]] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    computed: bool = True


def _surplus_cells(result: ForecastResult, months: int) -> dict[str, float | None]:
    """Case-holding FTE to spare (positive) or find (negative) at the council's standard, in the
    median future and prudently (what it has in 9 futures in 10)."""
    try:
        median = surplus_by_month(result, horizon=months, prudence=0.5)[-1]
        prudent = surplus_by_month(result, horizon=months, prudence=PRUDENCE)[-1]
    except ValueError:  # no cases or case holders to judge a standard by
        return dict.fromkeys(
            ("case_holders_fte_p50", "needed_case_holders_fte", "surplus_fte", "prudent_surplus_fte")
        )
    return {
        "case_holders_fte_p50": median.available_fte,
        "needed_case_holders_fte": median.needed_fte,
        "surplus_fte": round(median.surplus_fte, 1),
        "prudent_surplus_fte": round(prudent.surplus_fte, 1),
    }


def _caseload(result: ForecastResult, month: int) -> float | None:
    value = float(result.percentiles["caseload_fte"][1, month])
    return None if math.isnan(value) else round(value, 1)


def describe_loans(changes: list[CommittedChange]) -> str | None:
    """The agreed loans as the page says them, months counted from the forecast's base date."""
    if not changes:
        return None
    said = []
    for change in changes:
        verb = "lends" if change.fte < 0 else "receives"
        last = change.start + change.months - 1
        said.append(f"{verb} {abs(change.fte):.1f} FTE, months {change.start} to {last}")
    return "; ".join(said)


def _loan_cells(
    council: Council, inputs: CouncilInputs, result: ForecastResult, months: int, sims: int
) -> dict[str, Any]:
    """The highest monthly chance of a shortfall over ``months``, without and with the council's
    agreed loans (the same futures as ``result``: a council without loans keeps its own figure)."""
    changes = services.committed_loans(council, inputs.base_year)
    cells: dict[str, Any] = {"agreed_loans": describe_loans(changes)}
    series = result.shortfall_probability[:months]
    if np.isnan(series).all():
        return {**cells, "peak_shortfall_probability": None, "peak_shortfall_probability_after_loans": None}
    before = after = float(np.max(series))
    if changes:
        judged = committed_shortfall(inputs, changes, months=months, sims=sims, seed=DEFAULT_SEED)
        before, after = judged.worst(months)
    return {
        **cells,
        "peak_shortfall_probability": round(before, 3),
        "peak_shortfall_probability_after_loans": round(after, 3),
    }


def compute_ranking(region: Region, months: int, sims: int = REGION_SIMS) -> Ranking:
    """Each council's baseline ``months`` ahead (its census history, else published figures)."""
    rows, skipped = [], []
    for council in region.councils.select_related("region").order_by("name"):
        try:
            basis = services.council_basis(council)
        except services.NoForecastError as exc:
            skipped.append((council, str(exc)))
            continue
        result = services.forecast(basis.inputs, Scenario(), months, sims, DEFAULT_SEED)
        last = months - 1
        p = result.percentiles
        risk = float(result.shortfall_probability[last])
        cells = {
            "old_la_code": council.la_code,
            "la_name": council.name,
            "month": result.labels[last],
            "inpost_fte_p10": round(float(p["inpost_fte"][0, last]), 1),
            "inpost_fte_p50": round(float(p["inpost_fte"][1, last]), 1),
            "inpost_fte_p90": round(float(p["inpost_fte"][2, last]), 1),
            "demand_fte_p50": round(float(p["demand_fte"][1, last]), 1),
            "agency_fte_p50": round(float(p["agency_fte"][1, last]), 1),
            "vacancy_fte_p50": round(float(p["vacancy_fte"][1, last]), 1),
            "caseload_standard": result.standard,
            "caseload_fte_p50": _caseload(result, last),
            **_surplus_cells(result, months),
            **_loan_cells(council, basis.inputs, result, months, sims),
            "shortfall_probability": None if math.isnan(risk) else round(risk, 3),
            "data": basis.source.replace("your ", "the council's "),
        }
        rows.append(RankedCouncil(council, cells))
    rows.sort(key=lambda r: (-(r.cells["shortfall_probability"] or 0.0), r.council.name))
    notes = (
        f"Baseline forecasts {months} months ahead, {sims:,} simulated futures each, seed {DEFAULT_SEED}.",
        "Chance of a shortfall: the share of futures in which the caseload (cases per case-holding FTE, "
        "permanent plus agency) is above the council's standard (18 where it has not set one).",
        "Surplus or deficit: case-holding FTE in the median future less the FTE needed to hold the "
        f"standard; prudent: the FTE the council has in {round(10 * PRUDENCE)} futures in 10 instead.",
        f"Highest monthly chance: the worst of months 1 to {months}, without and with the staff loans "
        "agreed with other councils by the time this was computed (lent FTE taken from the council's "
        "case holders, received FTE added, for the months of each loan), on the same futures.",
    )
    return Ranking(rows, skipped, notes)


def precompute_region(
    region: Region, sims: int = REGION_SIMS, progress: Callable[[int], None] | None = None
) -> None:
    """Compute and store the region's page for every horizon (outside any request); ``progress``
    hears how many horizons are done."""
    for done, months in enumerate(REGION_MONTHS, start=1):
        ranking = compute_ranking(region, months, sims)
        RegionForecast.objects.update_or_create(
            region=region,
            months=months,
            defaults={
                "sims": sims,
                "rows": [{"la_code": r.council.la_code, "cells": r.cells} for r in ranking.rows],
                "not_forecast": [[c.name, reason] for c, reason in ranking.not_forecast],
                "notes": list(ranking.notes),
            },
        )
        if progress is not None:
            progress(done)


def region_ranking(region: Region, months: int) -> Ranking:
    """The stored ranking; never computed here (a page must answer at once)."""
    stored = RegionForecast.objects.filter(region=region, months=months).first()
    if stored is None:
        return Ranking(
            [],
            [],
            (
                "The regional forecast has not been computed yet: it is computed ahead, when returns "
                "or settings change (manage.py precompute_region_forecasts).",
            ),
            computed=False,
        )
    councils = {c.la_code: c for c in Council.objects.filter(region=region)}
    rows = [
        RankedCouncil(councils[row["la_code"]], row["cells"])
        for row in stored.rows
        if row["la_code"] in councils
    ]
    skipped = [(name, reason) for name, reason in stored.not_forecast]
    notes = (*stored.notes, f"Computed {stored.computed_at:%d %B %Y %H:%M}.")
    return Ranking(rows, skipped, notes)


def ranking_chart(region: Region, ranking: Ranking, months: int) -> str:
    bars = [Bar(r.council.name, 100 * (r.cells["shortfall_probability"] or 0.0)) for r in ranking.rows]
    if not bars:
        return ""
    text = ChartText(
        f"{region.name}: probability of a shortfall {months} months ahead",
        value_label="%",
        summary="Councils ranked by the share of simulated futures with a caseload above the standard.",
        fmt=lambda v: f"{v:.0f}%",
    )
    return ranked_bar_chart(text, bars)


def ranking_table(ranking: Ranking) -> SheetTable:
    """The ranking as a workbook sheet, in the page's order."""
    return SheetTable(
        columns=list(EXPORT_COLUMNS),
        rows=[[row.cells[c] for c in EXPORT_COLUMNS] for row in ranking.rows],
        number_formats={
            "shortfall_probability": "0%",
            "peak_shortfall_probability": "0%",
            "peak_shortfall_probability_after_loans": "0%",
        },
        notes=ranking.notes,
    )
