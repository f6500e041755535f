"""View models of the council and regional dashboards: plain data the web layer renders.

- :func:`council_dashboard`: a council's measures for every year (from its accepted returns) beside
  its published figures, its region, England and its statistical neighbours (bundled published
  statistics, via ``analytics.benchmarking``).
- :func:`council_breakdown`: one breakdown (role, age band, ...) of a council's own returns, via
  ``analytics.council``.
- :func:`regional_dashboard`: every member council side by side per year, from accepted returns
  where present (disclosed through ``analytics.regional``) else the published statistics, each
  row labelled with its source.

Figures are :class:`~csc_workforce.core.disclosure.Cell` values: rounded as DfE, or a symbol.
Inputs are council-measures frames (the shape ``analytics.council.council_measures`` returns, one
row per council and year), so a caller can pass snapshots stored at acceptance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

import polars as pl

from csc_workforce.analytics.benchmarking import Area, Benchmark, BenchmarkError, benchmark
from csc_workforce.analytics.council import (
    CASE_HOLDERS_HEADCOUNT,
    KEY_COLUMNS,
    POLICY_COLUMN,
    measures_for_returns,
)
from csc_workforce.analytics.regional import LOCAL_AUTHORITY, REGIONAL, regional_view
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.disclosure import UNAVAILABLE, Cell, DisclosureRule, disclose_row, publish_row
from csc_workforce.core.measure_labels import MEASURE_LABELS
from csc_workforce.core.measures import BREAKDOWNS, breakdown_name
from csc_workforce.core.measures_formulas import (
    MEASURE_COLUMNS,
    RATE_DEFINITIONS,
    published_places,
    round_half_up,
)
from csc_workforce.core.published import split_joint
from csc_workforce.ingest.published import SYMBOL_SUFFIX, Region, load_indicators
from csc_workforce.ingest.published.geography import LONDON, LONDON_SUB_REGIONS

SOURCE_RETURNS: Final = "accepted return"
SOURCE_PUBLISHED: Final = "published statistics"
HEADLINE_MEASURES: Final = (
    "inpost_fte",
    "turnover_rate_fte",
    "agency_rate_fte",
    "vacancy_rate_fte",
    "caseload_fte",
    "absence_rate_fte",
)
TREND_MEASURES: Final = HEADLINE_MEASURES
BREAKDOWN_MEASURES: Final = (
    "inpost_headcount",
    "inpost_fte",
    "starters_headcount",
    "leavers_headcount",
    "turnover_rate_headcount",
    "agency_headcount",
    "case_holders_fte",
    "caseload_fte",
)
_MISSING: Final = Cell(None, UNAVAILABLE)


def published_cell(measure: str, value: float | None, symbol: str | None) -> Cell:
    """A published figure as a cell: rounded as DfE, or its symbol (``x`` when blank)."""
    if value is None:
        return Cell(None, symbol or UNAVAILABLE)
    return Cell(round_half_up(value, published_places(measure)))


def area_cells(area: Area | None) -> dict[str, Cell]:
    """Every measure of a benchmarking area as cells (all ``x`` when there is no area)."""
    if area is None:
        return dict.fromkeys(MEASURE_COLUMNS, _MISSING)
    return {m: published_cell(m, area.values[m], area.symbols[m]) for m in MEASURE_COLUMNS}


def measures_frame(rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """A council-measures frame from stored rows (e.g. the snapshot kept with each accepted return).

    Each row needs ``time_period`` and ``old_la_code``; measures it lacks are null.
    """
    schema: dict[str, Any] = {
        KEY_COLUMNS[0]: pl.Int32,
        KEY_COLUMNS[1]: pl.Utf8,
        **dict.fromkeys(MEASURE_COLUMNS, pl.Float64),
        CASE_HOLDERS_HEADCOUNT: pl.Float64,
        POLICY_COLUMN: pl.Utf8,
    }
    records = [{name: row.get(name) for name in schema} for row in rows]
    return pl.DataFrame(records, schema=schema, orient="row") if records else pl.DataFrame(schema=schema)


def _own_cells(row: Mapping[str, Any], rule: DisclosureRule | None) -> dict[str, Cell]:
    """A council's own figures: all shown to its own users, suppressed for anyone else."""
    return disclose_row(row, rule) if rule is not None else publish_row(row)


@lru_cache(maxsize=2048)
def published_benchmark(la_code: str, year: int) -> Benchmark | None:
    """The bundled statistics' comparison for a council and year (None when it has no row)."""
    try:
        return benchmark(la_code, year)
    except BenchmarkError:
        return None


@dataclass(frozen=True, slots=True)
class PublishedCells:
    """One year's published comparison for a council, as cells (computed once: the data is static)."""

    council: Mapping[str, Cell]
    region: Mapping[str, Cell]
    england: Mapping[str, Cell]
    neighbour_mean: Mapping[str, Cell]
    neighbour_median: Mapping[str, Cell]


@lru_cache(maxsize=2048)
def published_cells(la_code: str, year: int) -> PublishedCells | None:
    chosen = published_benchmark(la_code, year)
    if chosen is None:
        return None
    return PublishedCells(
        council=area_cells(chosen.council),
        region=area_cells(chosen.region),
        england=area_cells(chosen.england),
        neighbour_mean={m: _neighbour_cell(m, chosen.neighbour_mean[m]) for m in MEASURE_COLUMNS},
        neighbour_median={m: _neighbour_cell(m, chosen.neighbour_median[m]) for m in MEASURE_COLUMNS},
    )


@lru_cache(maxsize=1)
def published_years() -> tuple[int, ...]:
    return tuple(sorted(set(load_indicators()["time_period"].to_list())))


def change(current: Cell, previous: Cell | None, measure: str) -> float | None:
    """Current minus previous figure, rounded as the measure (None unless both are numbers)."""
    if previous is None or current.value is None or previous.value is None:
        return None
    return round_half_up(current.value - previous.value, published_places(measure))


@dataclass(frozen=True, slots=True)
class Headline:
    measure: str
    year: int
    current: Cell
    source: str
    previous: Cell | None
    change: float | None

    @property
    def name(self) -> str:
        return MEASURE_LABELS[self.measure].name

    @property
    def unit(self) -> str:
        return MEASURE_LABELS[self.measure].unit


@dataclass(frozen=True, slots=True)
class TrendLine:
    label: str
    kind: str  # council | council_published | region | england | neighbours
    cells: tuple[Cell, ...]

    @property
    def values(self) -> list[float | None]:
        return [cell.value for cell in self.cells]


@dataclass(frozen=True, slots=True)
class Trend:
    measure: str
    years: tuple[int, ...]
    lines: tuple[TrendLine, ...]

    @property
    def name(self) -> str:
        return MEASURE_LABELS[self.measure].name


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    measure: str
    council: Cell  # from the accepted return
    council_published: Cell
    region: Cell
    england: Cell
    neighbour_mean: Cell
    neighbour_median: Cell
    neighbour_count: int

    @property
    def name(self) -> str:
        return MEASURE_LABELS[self.measure].name


@dataclass(frozen=True, slots=True)
class CouncilDashboard:
    la_code: str
    la_name: str
    region_name: str
    years: tuple[int, ...]  # every year with an accepted return or a published figure
    own_years: tuple[int, ...]
    own: Mapping[int, Mapping[str, Cell]]
    published: Mapping[int, Mapping[str, Cell]]
    headlines: tuple[Headline, ...]
    trends: tuple[Trend, ...]
    comparison_year: int | None
    comparison: tuple[ComparisonRow, ...]
    neighbours: tuple[Area, ...]
    policy: str = ""
    notes: tuple[str, ...] = field(default=())

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """Every table of the page as rows, for the Excel download."""
        measures = [
            {
                "time_period": year,
                "source": SOURCE_RETURNS,
                **{m: c.json() for m, c in self.own[year].items()},
            }
            for year in self.own_years
        ] + [
            {"time_period": year, "source": SOURCE_PUBLISHED, **{m: c.json() for m, c in cells.items()}}
            for year, cells in sorted(self.published.items())
        ]
        return {
            "Measures by year": measures,
            "Comparison": self.comparison_rows(),
            "Trends": self.trend_rows(),
        }

    def comparison_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "time_period": self.comparison_year,
                "measure": row.measure,
                "name": row.name,
                "council_accepted_return": row.council.json(),
                "council_published": row.council_published.json(),
                "region": row.region.json(),
                "england": row.england.json(),
                "neighbours_mean": row.neighbour_mean.json(),
                "neighbours_median": row.neighbour_median.json(),
                "neighbours_with_figure": row.neighbour_count,
            }
            for row in self.comparison
        ]

    def trend_rows(self) -> list[dict[str, Any]]:
        return [
            {"measure": t.measure, "series": line.label, "time_period": year, "value": cell.json()}
            for t in self.trends
            for line in t.lines
            for year, cell in zip(t.years, line.cells, strict=True)
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "old_la_code": self.la_code,
            "la_name": self.la_name,
            "region_name": self.region_name,
            "policy": self.policy,
            "accepted_returns": [
                {"time_period": y, "measures": {m: c.json() for m, c in self.own[y].items()}}
                for y in self.own_years
            ],
            "published": [
                {"time_period": y, "measures": {m: c.json() for m, c in cells.items()}}
                for y, cells in sorted(self.published.items())
            ],
            "comparison": {"time_period": self.comparison_year, "rows": self.comparison_rows()},
            "notes": list(self.notes),
        }


def _own_rows(frame: pl.DataFrame, la_code: str) -> dict[int, dict[str, Any]]:
    rows = frame.filter(pl.col(KEY_COLUMNS[1]) == la_code) if frame.height else frame
    return {int(row[KEY_COLUMNS[0]]): row for row in rows.iter_rows(named=True)}


def _neighbour_cell(measure: str, value: float | None) -> Cell:
    return published_cell(measure, value, None)


def council_dashboard(
    la_code: str,
    own: pl.DataFrame,
    *,
    la_name: str | None = None,
    region_name: str | None = None,
    rule: DisclosureRule | None = None,
    year: int | None = None,
) -> CouncilDashboard:
    """The council dashboard for ``la_code``.

    ``own`` holds the council's measures from its accepted returns (other councils' rows are
    ignored). ``rule`` suppresses small numbers in them (for viewers outside the council).
    ``year`` chooses the comparison year (default: the latest year with a published figure and,
    when possible, an accepted return).
    """
    own_rows = _own_rows(own, la_code)
    own_cells = {y: _own_cells(row, rule) for y, row in sorted(own_rows.items())}
    policy = next((str(row.get(POLICY_COLUMN) or "") for row in own_rows.values()), "")
    found = {y: published_benchmark(la_code, y) for y in published_years()}
    benchmarks = {y: b for y, b in found.items() if b is not None}
    figures = {y: cells for y in benchmarks if (cells := published_cells(la_code, y)) is not None}
    years = tuple(sorted(set(own_cells) | set(benchmarks)))
    published = {y: figures[y].council for y in benchmarks}
    latest = benchmarks[max(benchmarks)] if benchmarks else None
    name = la_name or (latest.council.label if latest else la_code)
    region = region_name or (latest.region.label if latest and latest.region else "")

    headline_year = max(own_cells) if own_cells else (max(published) if published else None)
    headlines: list[Headline] = []
    if headline_year is not None:
        source_cells, source = (own_cells, SOURCE_RETURNS) if own_cells else (published, SOURCE_PUBLISHED)
        for measure in HEADLINE_MEASURES:
            current = source_cells[headline_year][measure]
            prior = source_cells.get(headline_year - 1)
            previous = prior[measure] if prior else None
            headlines.append(
                Headline(
                    measure, headline_year, current, source, previous, change(current, previous, measure)
                )
            )

    region_label = next(
        (b.region.label for _, b in sorted(benchmarks.items(), reverse=True) if b.region), "Region"
    )
    trends = tuple(
        _trend(measure, years, name=name, region_label=region_label, own_cells=own_cells, figures=figures)
        for measure in TREND_MEASURES
    )

    notes: list[str] = []
    if year is not None and year not in benchmarks:
        notes.append(f"no published statistics for {year}; comparing the latest published year instead")
        year = None
    if year is None and benchmarks:
        both = sorted(set(own_cells) & set(benchmarks))
        year = both[-1] if both else max(benchmarks)
    comparison: tuple[ComparisonRow, ...] = ()
    neighbours: tuple[Area, ...] = ()
    if year is not None:
        chosen, cells = benchmarks[year], figures[year]
        council_own = own_cells.get(year, dict.fromkeys(MEASURE_COLUMNS, _MISSING))
        comparison = tuple(
            ComparisonRow(
                measure=m,
                council=council_own[m],
                council_published=cells.council[m],
                region=cells.region[m],
                england=cells.england[m],
                neighbour_mean=cells.neighbour_mean[m],
                neighbour_median=cells.neighbour_median[m],
                neighbour_count=chosen.neighbour_count[m],
            )
            for m in MEASURE_COLUMNS
        )
        neighbours = chosen.neighbours
        notes.extend(chosen.notes)
    if not benchmarks:
        notes.append(f"{name} has no row in the bundled published statistics")
    if not own_cells:
        notes.append("no accepted return yet: figures shown are the published statistics")
    return CouncilDashboard(
        la_code=la_code,
        la_name=name,
        region_name=region,
        years=years,
        own_years=tuple(own_cells),
        own=own_cells,
        published=published,
        headlines=tuple(headlines),
        trends=trends,
        comparison_year=year,
        comparison=comparison,
        neighbours=neighbours,
        policy=policy,
        notes=tuple(dict.fromkeys(notes)),
    )


def _trend(
    measure: str,
    years: tuple[int, ...],
    *,
    name: str,
    region_label: str,
    own_cells: Mapping[int, Mapping[str, Cell]],
    figures: Mapping[int, PublishedCells],
) -> Trend:
    def line(label: str, kind: str, pick: Callable[[int], Mapping[str, Cell] | None]) -> TrendLine:
        return TrendLine(label, kind, tuple((pick(y) or {}).get(measure, _MISSING) for y in years))

    def published(kind: str) -> Callable[[int], Mapping[str, Cell] | None]:
        return lambda y: getattr(figures[y], kind) if y in figures else None

    lines = [
        line(f"{name} (accepted returns)", "council", own_cells.get),
        line(f"{name} (published)", "council_published", published("council")),
        line(region_label, "region", published("region")),
        line("England", "england", published("england")),
        line("Statistical neighbours (mean)", "neighbours", published("neighbour_mean")),
    ]
    if measure not in RATE_DEFINITIONS:
        lines = lines[:2]  # a count is not comparable with a region's or England's total
    if not own_cells:
        lines = lines[1:]
    return Trend(measure, years, tuple(lines))


@dataclass(frozen=True, slots=True)
class Breakdown:
    by: str
    description: str
    year: int | None
    years: tuple[int, ...]
    measures: tuple[str, ...]
    rows: tuple[tuple[str, Mapping[str, Cell]], ...]  # category label, its cells

    def table(self) -> list[dict[str, Any]]:
        return [
            {"time_period": self.year, self.by: label, **{m: cells[m].json() for m in self.measures}}
            for label, cells in self.rows
        ]


def council_breakdown(
    returns: Sequence[CensusReturn],
    by: str,
    year: int | None = None,
    *,
    rule: DisclosureRule | None = None,
) -> Breakdown:
    """One breakdown of a council's own returns for ``year`` (default: the latest).

    Without ``rule`` every figure is shown (the council's own users); with it, small groups are
    suppressed with secondary suppression, exactly as the regional view does.
    """
    by = breakdown_name(by)
    if not returns:
        return Breakdown(by, BREAKDOWNS[by], None, (), BREAKDOWN_MEASURES, ())
    frame = measures_for_returns(returns, by=by)
    years = tuple(sorted({int(y) for y in frame[KEY_COLUMNS[0]].to_list()}))
    if year is None or year not in years:
        year = years[-1] if years else None
    if year is None:
        return Breakdown(by, BREAKDOWNS[by], None, years, BREAKDOWN_MEASURES, ())
    selected = frame.filter(pl.col(KEY_COLUMNS[0]) == year)
    if rule is None:
        rows = tuple((str(row[by]), publish_row(row)) for row in selected.iter_rows(named=True))
    else:
        rows = tuple(
            (str(row.breakdown), row.cells)
            for row in regional_view(selected, by=by, rule=rule)
            if row.geographic_level == LOCAL_AUTHORITY
        )
    return Breakdown(by, BREAKDOWNS[by], year, years, BREAKDOWN_MEASURES, rows)


@dataclass(frozen=True, slots=True)
class RegionalCouncil:
    la_code: str
    la_name: str
    source: str
    cells: Mapping[str, Cell]


@dataclass(frozen=True, slots=True)
class RegionalYear:
    year: int
    councils: tuple[RegionalCouncil, ...]
    region_published: Mapping[str, Cell] | None
    region_returns: Mapping[str, Cell] | None  # aggregate of the councils' accepted returns
    returns_count: int
    england: Mapping[str, Cell] | None

    def ranked(self, measure: str, *, descending: bool = True) -> list[tuple[int | None, RegionalCouncil]]:
        """Councils by ``measure``, highest first (ties share a rank); no figure: last, no rank."""
        valued = sorted(
            (c for c in self.councils if c.cells[measure].value is not None),
            key=lambda c: c.cells[measure].value or 0.0,
            reverse=descending,
        )
        ranked: list[tuple[int | None, RegionalCouncil]] = []
        for position, council in enumerate(valued, start=1):
            same = ranked and ranked[-1][1].cells[measure].value == council.cells[measure].value
            ranked.append((ranked[-1][0] if same else position, council))
        ranked.extend((None, c) for c in self.councils if c.cells[measure].value is None)
        return ranked


@dataclass(frozen=True, slots=True)
class RegionalDashboard:
    region_name: str
    slug: str
    threshold: int
    years: tuple[int, ...]
    by_year: Mapping[int, RegionalYear]

    @property
    def latest(self) -> RegionalYear | None:
        return self.by_year[self.years[-1]] if self.years else None

    def series(self, measure: str) -> list[tuple[str, list[Cell]]]:
        """The region (published and from returns) and England over the years, for a trend chart."""
        lines: list[tuple[str, list[Cell]]] = []
        picks = (
            (f"{self.region_name} (published)", "region_published"),
            (f"{self.region_name} (accepted returns)", "region_returns"),
            ("England", "england"),
        )
        for label, attribute in picks:
            cells = [(getattr(self.by_year[y], attribute) or {}).get(measure, _MISSING) for y in self.years]
            if any(c.value is not None for c in cells):
                lines.append((label, cells))
        return lines

    def council_series(self, measure: str) -> list[tuple[str, str, list[Cell]]]:
        """Each council's figure for every year (code, name, cells), in the latest year's order."""
        order: dict[str, str] = {}
        for year in reversed(self.years):
            for council in self.by_year[year].councils:
                order.setdefault(council.la_code, council.la_name)
        return [
            (
                code,
                name,
                [
                    next((c.cells[measure] for c in self.by_year[y].councils if c.la_code == code), _MISSING)
                    for y in self.years
                ],
            )
            for code, name in order.items()
        ]

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        rows: list[dict[str, Any]] = []
        for year in self.years:
            entry = self.by_year[year]
            for council in entry.councils:
                rows.append(
                    {
                        "time_period": year,
                        "old_la_code": council.la_code,
                        "la_name": council.la_name,
                        "source": council.source,
                        **{m: council.cells[m].json() for m in MEASURE_COLUMNS},
                    }
                )
            for label, cells, source in (
                (self.region_name, entry.region_published, SOURCE_PUBLISHED),
                (
                    f"{self.region_name} ({entry.returns_count} councils' returns)",
                    entry.region_returns,
                    SOURCE_RETURNS,
                ),
                ("England", entry.england, SOURCE_PUBLISHED),
            ):
                if cells is not None:
                    rows.append(
                        {
                            "time_period": year,
                            "old_la_code": None,
                            "la_name": label,
                            "source": source,
                            **{m: cells[m].json() for m in MEASURE_COLUMNS},
                        }
                    )
        return {"Councils by year": rows}

    def to_json(self) -> dict[str, Any]:
        def cells_json(cells: Mapping[str, Cell] | None) -> dict[str, Any] | None:
            return {m: c.json() for m, c in cells.items()} if cells is not None else None

        return {
            "region_name": self.region_name,
            "slug": self.slug,
            "suppression_threshold": self.threshold,
            "years": [
                {
                    "time_period": year,
                    "councils": [
                        {
                            "old_la_code": c.la_code,
                            "la_name": c.la_name,
                            "source": c.source,
                            "measures": cells_json(c.cells),
                        }
                        for c in self.by_year[year].councils
                    ],
                    "region_published": cells_json(self.by_year[year].region_published),
                    "region_accepted_returns": cells_json(self.by_year[year].region_returns),
                    "region_accepted_returns_councils": self.by_year[year].returns_count,
                    "england": cells_json(self.by_year[year].england),
                }
                for year in self.years
            ],
        }


def _published_rows(
    region: Region,
) -> tuple[dict[tuple[int, str], dict[str, Any]], dict[int, dict[str, Any]], dict[int, dict[str, Any]]]:
    """Published LA rows of the region by (year, code), its regional rows and England's, by year."""
    indicators = load_indicators()
    names = LONDON_SUB_REGIONS if region.name == LONDON else (region.name,)
    councils: dict[tuple[int, str], dict[str, Any]] = {}
    regional: dict[int, dict[str, Any]] = {}
    national: dict[int, dict[str, Any]] = {}
    for row in indicators.iter_rows(named=True):
        level = row["geographic_level"]
        if level == "Local authority" and row["region_name"] in names:
            councils[(row["time_period"], row["old_la_code"])] = row
        elif level == "Regional" and row["region_name"] == region.name:
            regional[row["time_period"]] = row
        elif level == "National":
            national[row["time_period"]] = row
    return councils, regional, national


@lru_cache(maxsize=32)
def _published_region_cells(
    region: Region,
) -> tuple[dict[tuple[int, str], dict[str, Cell]], dict[int, dict[str, Cell]], dict[int, dict[str, Cell]]]:
    """:func:`_published_rows` as cells (computed once per region: the data is static)."""
    councils, regional, national = _published_rows(region)

    def cells(rows: Mapping[Any, Mapping[str, Any]]) -> dict[Any, dict[str, Cell]]:
        return {key: _row_cells(row) for key, row in rows.items()}

    return cells(councils), cells(regional), cells(national)


def _row_cells(row: Mapping[str, Any]) -> dict[str, Cell]:
    return {m: published_cell(m, row[m], row[f"{m}{SYMBOL_SUFFIX}"]) for m in MEASURE_COLUMNS}


def regional_dashboard(
    region: Region,
    own: pl.DataFrame,
    *,
    rule: DisclosureRule | None = None,
    names: Mapping[str, str] | None = None,
) -> RegionalDashboard:
    """Every member council of ``region`` side by side for every year, suppressed.

    ``own`` holds the measures of the councils' accepted returns (any subset of councils and
    years); a council-year without one shows the published statistics instead, labelled so.
    """
    rule = rule or DisclosureRule()
    published, regional_rows, national_rows = _published_region_cells(region)
    codes = [c.old_la_code for c in region.councils]
    # A joint return is published as one row; its members upload their own returns.
    members = {code: split_joint(code) for code in codes}
    own_codes = [member for code in codes for member in members[code]]
    member_frame = own.filter(pl.col(KEY_COLUMNS[1]).is_in(own_codes)) if own.height else own
    disclosed = (
        regional_view(member_frame, dict.fromkeys(own_codes, region.name), rule=rule)
        if member_frame.height
        else []
    )
    own_cells = {
        (row.time_period, row.old_la_code): row.cells
        for row in disclosed
        if row.geographic_level == LOCAL_AUTHORITY
    }
    aggregate = {row.time_period: row.cells for row in disclosed if row.geographic_level == REGIONAL}
    names = {c.old_la_code: c.la_name for c in region.councils} | dict(names or {})
    names |= {m: names.get(m, m) for code in codes for m in members[code]}
    years = tuple(sorted({y for y, _ in published} | {y for y, _ in own_cells}))
    by_year: dict[int, RegionalYear] = {}
    for year in years:
        councils: list[RegionalCouncil] = []
        for code in codes:
            returned = [m for m in members[code] if (year, m) in own_cells]
            if returned:
                councils.extend(
                    RegionalCouncil(m, names[m], SOURCE_RETURNS, own_cells[(year, m)]) for m in returned
                )
            elif (year, code) in published:
                councils.append(RegionalCouncil(code, names[code], SOURCE_PUBLISHED, published[(year, code)]))
        by_year[year] = RegionalYear(
            year=year,
            councils=tuple(councils),
            region_published=regional_rows.get(year),
            region_returns=aggregate.get(year),
            returns_count=sum(1 for y, _ in own_cells if y == year),
            england=national_rows.get(year),
        )
    return RegionalDashboard(region.name, region.slug, rule.threshold, years, by_year)
