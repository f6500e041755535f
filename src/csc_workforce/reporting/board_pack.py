"""The one page for the board: a council's headline measures beside region, England and its
statistical neighbours (with its rank and quartile among councils), whether its workforce is
stabilising, next year's shortfall risk at its caseload standard and what the chosen plan does.

Every figure says its date and source. One A4 page, rendered by ``reporting.pdf`` (nothing fetched).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl

from csc_workforce.analytics.benchmarking import Benchmark, benchmark
from csc_workforce.analytics.continuity_outlook import Projection
from csc_workforce.analytics.dashboard import HEADLINE_MEASURES
from csc_workforce.core.continuity.projection import Band, NotAvailable
from csc_workforce.core.forecast.compare import ForecastRun
from csc_workforce.core.forecast.result import ForecastResult
from csc_workforce.reporting.continuity_projection import (
    HEADINGS,
    plan_sentence,
    projection_rows,
    projection_sentence,
)
from csc_workforce.reporting.forecast_charts import format_probability
from csc_workforce.reporting.pdf import html_to_pdf, write_pdf

LABELS: Final = {
    "inpost_fte": ("Social workers in post (FTE)", "{:,.1f}"),
    "turnover_rate_fte": ("Turnover rate", "{:.1f}%"),
    "agency_rate_fte": ("Agency worker rate", "{:.1f}%"),
    "vacancy_rate_fte": ("Vacancy rate", "{:.1f}%"),
    "caseload_fte": ("Average caseload (cases per case holder)", "{:.1f}"),
    "absence_rate_fte": ("Sickness absence rate", "{:.1f}%"),
}
STABILITY_MEASURES: Final = ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte")
STEADY_POINTS: Final = 1.0  # a change under one percentage point over the period counts as steady
TREND_YEARS: Final = 3


@dataclass(frozen=True, slots=True)
class HeadlineRow:
    measure: str
    council: float | None
    region: float | None
    england: float | None
    neighbours: float | None
    rank: int | None  # 1 = the highest figure among councils with one
    councils: int
    quartile: int | None  # 1 = the lowest quarter of councils

    @property
    def label(self) -> str:
        return LABELS[self.measure][0]

    def text(self, value: float | None) -> str:
        return "not published" if value is None else LABELS[self.measure][1].format(value)


@dataclass(frozen=True, slots=True)
class Stability:
    measure: str
    first_year: int
    last_year: int
    first: float | None
    last: float | None

    @property
    def direction(self) -> str:
        if self.first is None or self.last is None:
            return "not known"
        change = self.last - self.first
        if abs(change) < STEADY_POINTS:
            return "steady"
        return "falling" if change < 0 else "rising"


@dataclass(frozen=True, slots=True)
class Continuity:
    """Children looked after on 31 March ``year`` with 3 or more social workers in the year (percent),
    from the council's SSDA903 files, beside DfE's figure for England."""

    year: int
    share: float
    england: float | None


@dataclass(frozen=True)
class BoardPack:
    name: str
    code: str
    year: int
    source: str
    headlines: tuple[HeadlineRow, ...]
    stability: tuple[Stability, ...]
    run: ForecastRun
    continuity: Continuity | None = None
    children_changing: Projection | None = None  # None: not asked for (no census, no SSDA903 files)

    @property
    def stabilising(self) -> bool | None:
        """Turnover, agency and vacancy rates all falling or steady; None where one is not known."""
        directions = [s.direction for s in self.stability]
        if "not known" in directions:
            return None
        return all(d in {"falling", "steady"} for d in directions)


def _rank(frame: pl.DataFrame, year: int, measure: str, code: str) -> tuple[int | None, int, int | None]:
    rows = frame.filter(
        (pl.col("time_period") == year)
        & (pl.col("geographic_level") == "Local authority")
        & pl.col(measure).is_not_null()
    ).select("old_la_code", measure)
    values = {str(c): float(v) for c, v in rows.iter_rows()}
    if code not in values:
        return None, len(values), None
    own = values[code]
    rank = 1 + sum(v > own for v in values.values())
    below = sum(v < own for v in values.values())
    quartile = min(4, 1 + 4 * below // max(len(values), 1))
    return rank, len(values), quartile


def _value(frame: pl.DataFrame, code: str, year: int, measure: str) -> float | None:
    rows = frame.filter(
        (pl.col("time_period") == year)
        & (pl.col("geographic_level") == "Local authority")
        & (pl.col("old_la_code") == code)
    )
    if rows.is_empty() or rows[measure][0] is None:
        return None
    return float(rows[measure][0])


def board_pack_data(
    frame: pl.DataFrame,
    code: str,
    run: ForecastRun,
    year: int | None = None,
    *,
    continuity: Continuity | None = None,
    children_changing: Projection | None = None,
) -> BoardPack:
    """Everything on the page, from the published frame and the council's forecast run."""
    bench: Benchmark = benchmark(code, year, frame)
    chosen, own = bench.time_period, str(bench.council.code)
    headlines = []
    for measure in HEADLINE_MEASURES:
        rank, councils, quartile = _rank(frame, chosen, measure, own)
        headlines.append(
            HeadlineRow(
                measure=measure,
                council=bench.council.values.get(measure),
                region=bench.region.values.get(measure) if bench.region else None,
                england=bench.england.values.get(measure) if bench.england else None,
                neighbours=bench.neighbour_mean.get(measure),
                rank=rank,
                councils=councils,
                quartile=quartile,
            )
        )
    first = chosen - TREND_YEARS + 1
    stability = tuple(
        Stability(m, first, chosen, _value(frame, own, first, m), _value(frame, own, chosen, m))
        for m in STABILITY_MEASURES
    )
    return BoardPack(
        name=bench.council.label,
        code=own,
        year=chosen,
        source=bench.source,
        headlines=tuple(headlines),
        stability=stability,
        run=run,
        continuity=continuity,
        children_changing=children_changing,
    )


_CSS: Final = """
@page { size: A4; margin: 12mm 12mm; }
body { font-family: arial, sans-serif; font-size: 9pt; color: #0b0c0c; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11pt; margin: 4mm 0 1mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; font-size: 8.5pt; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 0.8mm 1.2mm; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.risk { font-size: 13pt; font-weight: bold; } .source { font-size: 7.5pt; color: #505a5f; }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _table(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _risk_sentence(result: ForecastResult, label: str) -> str:
    year = result.inputs.base_year + 1
    risk = format_probability(result.risk(1))
    caseload = result.september(1, "caseload_fte")[1]
    median = "not known" if math.isnan(caseload) else f"{caseload:.1f}"
    return (
        f"{label}: {risk} chance that the caseload on 30 September {year} is above "
        f"{result.standard:g} cases per case-holding FTE (median forecast caseload {median})."
    )


def board_pack_html(pack: BoardPack) -> str:
    """The page as one self-contained HTML document."""
    base = pack.run.baseline
    published = f"Source: DfE Children's social work workforce, 30 September {pack.year} ({pack.source})."
    rows = [
        [
            h.label,
            h.text(h.council),
            h.text(h.region),
            h.text(h.england),
            h.text(h.neighbours),
            "-" if h.rank is None else f"{h.rank} of {h.councils}",
            "-" if h.quartile is None else str(h.quartile),
        ]
        for h in pack.headlines
    ]
    headline_table = _table(
        ["Measure", pack.name, "Region", "England", "Neighbours (mean)", "Rank (1 = highest)", "Quartile"],
        rows,
    )
    stable_rows = [
        [
            LABELS[s.measure][0],
            "-" if s.first is None else f"{s.first:.1f}%",
            "-" if s.last is None else f"{s.last:.1f}%",
            s.direction,
        ]
        for s in pack.stability
    ]
    first_year = pack.stability[0].first_year if pack.stability else pack.year
    verdict = {
        True: "Yes: turnover, agency and vacancy rates are all falling or steady.",
        False: "Not yet: at least one of turnover, agency and vacancy rates is rising.",
        None: "Not known: a rate is not published for one of the years.",
    }[pack.stabilising]
    standard_note = (
        f"the council's standard of {base.standard:g}"
        if base.standard_set
        else f"{base.standard:g} (no standard set yet; at 15, 18, 20 and 22: "
        + ", ".join(format_probability(base.risk(1, s)) for s in (15.0, 18.0, 20.0, 22.0))
        + ")"
    )
    plans = "".join(f"<p>{_e(_risk_sentence(r, r.scenario.name))}</p>" for r in pack.run.scenarios)
    if not plans:
        plans = "<p>No plan chosen: add a scenario to see what it does to the risk.</p>"
    forecast_source = (
        f"Source: csc-workforce forecast from 30 September {base.inputs.base_year} "
        f"({_e(base.inputs.sources.get('stocks', 'inputs'))}); {base.sims:,} simulated futures, "
        f"seed {base.seed}; leaving: {_e(base.inputs.leaving_basis)}; "
        f"model {_e(base.provenance.get('model_version', ''))}; caseload standard {standard_note}."
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(pack.name)}: social workers, one page for the board</title><style>{_CSS}</style>"
        f"</head><body><h1>{_e(pack.name)} ({_e(pack.code)}): children's social workers</h1>"
        f"<h2>Headline measures, 30 September {pack.year}</h2>{headline_table}"
        f'<p class="source">{_e(published)} Quartile 1 is the lowest quarter of councils.</p>'
        f"<h2>Is the workforce stabilising? {first_year} to {pack.year}</h2>"
        f"<p>{_e(verdict)}</p>{_table(['Rate', str(first_year), str(pack.year), 'Direction'], stable_rows)}"
        f'<p class="source">{_e(published)}</p>'
        f"{_continuity_html(pack.continuity)}"
        f"{_children_changing_html(pack.children_changing, pack.run.scenarios)}"
        "<h2>Risk of too few social workers next year</h2>"
        f'<p class="risk">{_e(_risk_sentence(base, "Without a plan"))}</p>{plans}'
        f'<p class="source">{forecast_source} A shortfall is a caseload above the standard; the '
        "chance is the share of simulated futures in which it happens.</p>"
        "</body></html>"
    )


def _continuity_html(continuity: Continuity | None) -> str:
    if continuity is None:
        return ""
    england = "" if continuity.england is None else f" (England: {continuity.england:g}%, DfE)"
    return (
        "<h2>Children's continuity of social worker</h2>"
        f"<p>{continuity.share:.1f}% of children looked after on 31 March {continuity.year} had 3 or more "
        f"social workers in the year{_e(england)}.</p>"
        f'<p class="source">Source: the council\'s SSDA903 social worker episodes, {continuity.year - 1}-'
        f"{str(continuity.year)[2:]}, by DfE's stability measure.</p>"
    )


def _children_changing_html(projection: Projection | None, plans: Sequence[ForecastResult] = ()) -> str:
    if projection is None:
        return ""
    heading = "<h2>Children changing social worker next year</h2>"
    if isinstance(projection, NotAvailable):
        return f"{heading}<p>{_e(projection_sentence(projection))}</p>"
    # Plans run on the same futures as the baseline, so their leavers compare like for like.
    planned = [(p.scenario.name, projection.with_leavers(Band(*p.leavers_in_year(1)))) for p in plans]
    with_plans = "".join(f"<p>{_e(plan_sentence(name, outcome))}</p>" for name, outcome in planned)
    return (
        f"{heading}<p>{_e(projection_sentence(projection))}</p>{with_plans}"
        f"{_table(HEADINGS, projection_rows(projection))}"
        f'<p class="source">{_e(projection.assumption)} Source: the council\'s SSDA903 social worker '
        "episodes linked to its census returns, and the forecast's leavers.</p>"
    )


def board_pack_pdf_bytes(pack: BoardPack) -> bytes:
    return html_to_pdf(board_pack_html(pack))


def write_board_pack(pack: BoardPack, path: Path) -> None:
    write_pdf(board_pack_html(pack), path)
