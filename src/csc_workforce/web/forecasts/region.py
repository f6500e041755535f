"""The region's forecast: every member council's baseline, ranked by the chance of a shortfall.

Only council totals are shown (FTE in post, agency FTE, vacancies, shortfall probability), the
same kind of figure DfE publishes per council; no worker-level figure reaches a regional page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from csc_workforce.core.forecast import DEFAULT_SEED, Scenario
from csc_workforce.reporting.charts import Bar, ChartText, ranked_bar_chart
from csc_workforce.reporting.excel import SheetTable
from csc_workforce.reporting.forecast_charts import format_probability
from csc_workforce.web.forecasts import services
from csc_workforce.web.orgs.models import Region
from csc_workforce.web.returns.services import region_current_returns

REGION_SIMS: Final = 1000
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


@dataclass(frozen=True)
class Ranking:
    rows: list[RankedCouncil]
    not_forecast: list[tuple[Any, str]] = field(default_factory=list)
    notes: tuple[str, ...] = ()


def region_ranking(region: Region, months: int) -> Ranking:
    """Each council's baseline ``months`` ahead (its census history, else published figures)."""
    rows, skipped = [], []
    for council, returns in region_current_returns(region).items():
        try:
            basis = services.basis_from(council, returns)
        except services.NoForecastError as exc:
            skipped.append((council, str(exc)))
            continue
        result = services.forecast(basis.inputs, Scenario(), months, REGION_SIMS, DEFAULT_SEED)
        last = months - 1
        p = result.percentiles
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
            "shortfall_probability": round(float(result.shortfall_probability[last]), 3),
            "data": basis.source.replace("your ", "the council's "),
        }
        rows.append(RankedCouncil(council, cells))
    rows.sort(key=lambda r: (-r.cells["shortfall_probability"], r.council.name))
    notes = (
        f"Baseline forecasts {months} months ahead, {REGION_SIMS:,} simulated futures each, "
        f"seed {DEFAULT_SEED}.",
        "Shortfall probability: the share of futures in which FTE in post plus agency FTE is below "
        "the FTE needed to hold caseloads at today's level.",
    )
    return Ranking(rows, skipped, notes)


def ranking_chart(region: Region, ranking: Ranking, months: int) -> str:
    bars = [Bar(r.council.name, 100 * r.cells["shortfall_probability"]) for r in ranking.rows]
    text = ChartText(
        f"{region.name}: probability of a shortfall {months} months ahead",
        value_label="%",
        summary="Councils ranked by the share of simulated futures in which staff fall short of demand.",
        fmt=lambda v: f"{v:.0f}%",
    )
    return ranked_bar_chart(text, bars)


def ranking_table(ranking: Ranking) -> SheetTable:
    """The ranking as a workbook sheet, in the page's order."""
    return SheetTable(
        columns=list(EXPORT_COLUMNS),
        rows=[[row.cells[c] for c in EXPORT_COLUMNS] for row in ranking.rows],
        number_formats={"shortfall_probability": "0%"},
        notes=ranking.notes,
    )
