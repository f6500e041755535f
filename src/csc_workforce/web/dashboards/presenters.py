"""Dashboard view models as template data: display text, charts (trusted SVG) and tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from csc_workforce.analytics.dashboard import (
    HEADLINE_MEASURES,
    SOURCE_RETURNS,
    Breakdown,
    CouncilDashboard,
    Headline,
    RegionalDashboard,
    RegionalYear,
    Trend,
)
from csc_workforce.core.disclosure import Cell
from csc_workforce.core.measure_labels import MEASURE_LABELS, format_change, format_figure
from csc_workforce.reporting.charts import (
    Bar,
    ChartText,
    Panel,
    ReferenceLine,
    Series,
    line_chart,
    ranked_bar_chart,
    small_multiples,
)
from csc_workforce.web.dashboards.downloads import SYMBOL_LEGEND

CHART_WIDTH = 900  # the page's full width; the SVG scales down on narrower screens


def figure(measure: str, cell: Cell | None) -> str:
    if cell is None:
        return "x"
    return format_figure(measure, cell.value, cell.symbol)


def _formatter(measure: str) -> Any:
    return lambda value: format_figure(measure, value)


def _svg(markup: str) -> SafeString:
    # charts.py escapes every piece of text it writes; the markup is built from numbers and escaped text.
    return mark_safe(markup)  # noqa: S308


@dataclass(frozen=True, slots=True)
class HeadlineCard:
    measure: str
    name: str
    value: str
    unit: str
    year: int
    source: str
    change: str | None
    previous_year: int


def headline_cards(headlines: Sequence[Headline]) -> list[HeadlineCard]:
    return [
        HeadlineCard(
            measure=h.measure,
            name=h.name,
            value=figure(h.measure, h.current),
            unit="" if h.unit in ("%", "FTE") else h.unit,
            year=h.year,
            source=h.source,
            change=format_change(h.measure, h.change) if h.change is not None else None,
            previous_year=h.year - 1,
        )
        for h in headlines
    ]


@dataclass(frozen=True, slots=True)
class ChartBlock:
    measure: str
    name: str
    svg: SafeString
    columns: list[str]
    rows: list[list[str]]
    anchor: str = ""  # the figure's id when the measure alone is not unique on the page


def trend_block(trend: Trend) -> ChartBlock:
    series = [Series(line.label, line.values, emphasis=line.kind == "council") for line in trend.lines]
    label = MEASURE_LABELS[trend.measure]
    text = ChartText(
        f"{label.name}, {trend.years[0]} to {trend.years[-1]}",
        value_label=label.unit,
        summary=label.definition + ".",
        fmt=_formatter(trend.measure),
    )
    rows = [
        [str(year), *(figure(trend.measure, line.cells[i]) for line in trend.lines)]
        for i, year in enumerate(trend.years)
    ]
    return ChartBlock(
        trend.measure,
        label.name,
        _svg(line_chart(text, list(trend.years), series, width=CHART_WIDTH)),
        ["Year", *(line.label for line in trend.lines)],
        rows,
    )


def measure_rows(
    cells_by_year: Mapping[int, Mapping[str, Cell]], years: Sequence[int]
) -> list[dict[str, Any]]:
    """One row per measure, one figure per year (the council's own returns)."""
    return [
        {
            "measure": measure,
            "name": label.name,
            "figures": [figure(measure, cells_by_year[year][measure]) for year in years],
        }
        for measure, label in MEASURE_LABELS.items()
    ]


def comparison_rows(board: CouncilDashboard) -> list[dict[str, Any]]:
    return [
        {
            "measure": row.measure,
            "name": row.name,
            "council": figure(row.measure, row.council),
            "council_published": figure(row.measure, row.council_published),
            "region": figure(row.measure, row.region),
            "england": figure(row.measure, row.england),
            "neighbour_mean": figure(row.measure, row.neighbour_mean),
            "neighbour_median": figure(row.measure, row.neighbour_median),
            "neighbour_count": row.neighbour_count,
        }
        for row in board.comparison
    ]


def breakdown_rows(breakdown: Breakdown) -> list[dict[str, Any]]:
    return [
        {"label": label, "figures": [figure(m, cells[m]) for m in breakdown.measures]}
        for label, cells in breakdown.rows
    ]


def council_context(board: CouncilDashboard, breakdown: Breakdown) -> dict[str, Any]:
    return {
        "board": board,
        "headlines": headline_cards(board.headlines),
        "trends": [trend_block(t) for t in board.trends],
        "comparison": comparison_rows(board),
        "own_rows": measure_rows(board.own, board.own_years),
        "breakdown": breakdown,
        "breakdown_names": [MEASURE_LABELS[m].name for m in breakdown.measures],
        "breakdown_rows": breakdown_rows(breakdown),
        "definitions": [(m, label) for m, label in MEASURE_LABELS.items()],
        "symbols": SYMBOL_LEGEND,
    }


def ranking_block(
    entry: RegionalYear, board: RegionalDashboard, measure: str, highlight: str | None
) -> ChartBlock:
    label = MEASURE_LABELS[measure]
    ranked = entry.ranked(measure)
    bars = [
        Bar(
            c.la_name,
            c.cells[measure].value,
            highlight=c.la_code == highlight,
            note=figure(measure, c.cells[measure]),
        )
        for _, c in ranked
    ]
    references = [
        ReferenceLine(name, value)
        for name, cells in ((board.region_name, entry.region_published), ("England", entry.england))
        if cells is not None and (value := cells[measure].value) is not None
    ]
    text = ChartText(
        f"{label.name} by council, {entry.year}",
        value_label=label.unit,
        summary=f"{label.definition}.",
        fmt=_formatter(measure),
    )
    svg = ranked_bar_chart(text, bars, references=references, rank=False, width=CHART_WIDTH, label_width=220)
    rows = [
        [str(rank) if rank is not None else "", c.la_name, figure(measure, c.cells[measure]), c.source]
        for rank, c in ranked
    ]
    return ChartBlock(measure, label.name, _svg(svg), ["Rank", "Council", label.name, "Source"], rows)


def region_trend_block(board: RegionalDashboard, measure: str) -> ChartBlock | None:
    lines = board.series(measure)
    if not lines:
        return None
    label = MEASURE_LABELS[measure]
    series = [
        Series(name, [c.value for c in cells], emphasis=i == 0) for i, (name, cells) in enumerate(lines)
    ]
    text = ChartText(
        f"{label.name}, {board.region_name} and England, {board.years[0]} to {board.years[-1]}",
        value_label=label.unit,
        summary=f"{label.definition}.",
        fmt=_formatter(measure),
    )
    rows = [
        [str(year), *(figure(measure, cells[i]) for _, cells in lines)] for i, year in enumerate(board.years)
    ]
    return ChartBlock(
        measure,
        label.name,
        _svg(line_chart(text, list(board.years), series)),
        ["Year", *(n for n, _ in lines)],
        rows,
    )


def council_panels_block(board: RegionalDashboard, measure: str, highlight: str | None) -> ChartBlock | None:
    """Every council's trend for ``measure`` beside the region's published figure, on one axis."""
    label = MEASURE_LABELS[measure]
    region_line = next((cells for name, cells in board.series(measure) if name.endswith("(published)")), None)
    panels = []
    rows: list[list[str]] = []
    for code, name, cells in board.council_series(measure):
        series = [Series("Council", [c.value for c in cells], emphasis=True)]
        if region_line is not None:
            series.append(Series(f"{board.region_name} (published)", [c.value for c in region_line]))
        panels.append(Panel(f"{name}{' (yours)' if code == highlight else ''}", series))
        rows.append([name, *(figure(measure, c) for c in cells)])
    text = ChartText(
        f"{label.name} by council, {board.years[0]} to {board.years[-1]}",
        value_label=label.unit,
        summary=f"{label.definition}. Each panel is one council; all share one scale.",
        fmt=_formatter(measure),
    )
    svg = small_multiples(text, list(board.years), panels, columns=4, panel_width=215)
    if not svg:
        return None
    columns = ["Council", *map(str, board.years)]
    return ChartBlock(measure, text.title, _svg(svg), columns, rows, anchor=f"{measure}-councils")


def region_context(
    board: RegionalDashboard, year: int, measure: str, highlight: str | None
) -> dict[str, Any]:
    entry = board.by_year[year]
    table = [
        {
            "la_code": c.la_code,
            "la_name": c.la_name,
            "source": c.source,
            "highlight": c.la_code == highlight,
            "figures": [figure(m, c.cells[m]) for m in HEADLINE_MEASURES],
        }
        for c in entry.councils
    ]
    aggregates = [
        (name, cells, source)
        for name, cells, source in (
            (f"{board.region_name} (published)", entry.region_published, "published statistics"),
            (
                f"{board.region_name} ({entry.returns_count} councils' accepted returns)",
                entry.region_returns,
                SOURCE_RETURNS,
            ),
            ("England (published)", entry.england, "published statistics"),
        )
        if cells is not None
    ]
    return {
        "board": board,
        "year": year,
        "measure": measure,
        "measure_name": MEASURE_LABELS[measure].name,
        "ranking": ranking_block(entry, board, measure, highlight),
        "headline_names": [MEASURE_LABELS[m].name for m in HEADLINE_MEASURES],
        "headline_measures": HEADLINE_MEASURES,
        "table": table,
        "aggregates": [
            {"name": name, "source": source, "figures": [figure(m, cells[m]) for m in HEADLINE_MEASURES]}
            for name, cells, source in aggregates
        ],
        "trends": [block for m in HEADLINE_MEASURES if (block := region_trend_block(board, m)) is not None],
        "panels": council_panels_block(board, measure, highlight),
        "returns_count": entry.returns_count,
        "council_count": len(entry.councils),
        "symbols": SYMBOL_LEGEND,
        "measure_choices": [(m, MEASURE_LABELS[m].name) for m in MEASURE_LABELS],
        "definitions": list(MEASURE_LABELS.items()),
    }
