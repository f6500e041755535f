"""Retention figures as tables (page, Excel and PDF from the same rows) and step charts (SVG).

Every table is a :class:`FigureTable`: typed columns (a share, years, a count, a ratio or text),
so the page and PDF write "84.2%" where the workbook keeps 0.842 with a percent format.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from csc_workforce.analytics.retention import GroupSurvival, RetentionReport
from csc_workforce.analytics.retention_regional import RegionalRetention
from csc_workforce.analytics.retention_teams import TeamRetention
from csc_workforce.reporting.charts import (
    DASHES,
    GOVUK_BLACK,
    GOVUK_DARK_GREY,
    SERIES_COLOURS,
    Bar,
    ChartText,
    LinearScale,
    Plot,
    chart_id,
    esc,
    ranked_bar_chart,
    svg_document,
    y_axis,
)
from csc_workforce.reporting.excel import SheetTable, sheet_name, tables_xlsx_bytes
from csc_workforce.reporting.pdf import html_to_pdf

Cell = str | int | float | None
SHARE: Final = "share"
YEARS: Final = "years"
COUNT: Final = "count"
RATIO: Final = "ratio"
TEXT: Final = "text"
_EXCEL_FORMATS: Final = {SHARE: "0.0%", YEARS: "0.0", COUNT: "#,##0", RATIO: "0.00"}
CHART_YEARS: Final = 10.0
MAX_CHART_GROUPS: Final = 6
DESTINATION_LABELS: Final = {
    "other_council": "Another council",
    "agency": "Agency work",
    "out_of_social_work": "Out of social work",
    "other_or_unknown": "Other or not known",
}
ORIGIN_LABELS: Final = {
    "newly_qualified": "Newly qualified",
    "other_council": "Another council",
    "agency": "Agency work",
    "other_or_unknown": "Other or not known",
}
GROUPING_LABELS: Final = {
    None: "All staff",
    "role": "Role at start",
    "start_origin": "Where they came from",
    "age_band": "Age at start",
    "council": "Council",
}
ESTIMATORS_NOTE: Final = (
    "Share still in post: Kaplan–Meier with late entry (lifelines), 95% interval (exponential "
    "Greenwood). Destinations: Aalen–Johansen cumulative incidence with late entry. Service is "
    "days from the spell's first RoleStartDate / 365.25."
)


@dataclass(frozen=True, slots=True)
class FigureTable:
    key: str
    title: str
    headings: Sequence[str]
    kinds: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    notes: Sequence[str] = field(default_factory=tuple)

    def display_rows(self) -> list[list[str]]:
        return [
            [format_cell(value, kind) for value, kind in zip(row, self.kinds, strict=True)]
            for row in self.rows
        ]


def format_cell(value: Cell, kind: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if kind == SHARE:
        return f"{100 * value:.1f}%"
    if kind == YEARS:
        return f"{value:.1f}"
    if kind == RATIO:
        return f"{value:.2f}"
    if kind == COUNT:
        return f"{int(value):,}"
    return str(value)


def group_label(by: str | None, value: str) -> str:
    return ORIGIN_LABELS.get(value, value) if by == "start_origin" else value


# --- Tables ------------------------------------------------------------------------------------


def survival_table(groups: Sequence[GroupSurvival], by: str | None, key: str = "survival") -> FigureTable:
    headings = [GROUPING_LABELS.get(by, by or ""), "People", "Spells", "Leavers"]
    kinds = [TEXT, COUNT, COUNT, COUNT]
    for years in (1, 2, 3, 5):
        headings += [
            f"In post after {years} year{'s' if years > 1 else ''}",
            "95% lower",
            "95% upper",
            "At risk",
        ]
        kinds += [SHARE, SHARE, SHARE, COUNT]
    headings.append("Median service (years)")
    kinds.append(YEARS)
    rows = []
    for group in groups:
        row: list[Cell] = [group_label(by, group.group), group.people, group.spells, group.leavers]
        for point in group.survival:
            row += [point.estimate, point.lower, point.upper, point.at_risk]
        row.append(group.median_years if group.median_years is not None else "not reached")
        rows.append(row)
    return FigureTable(
        key, "Share still in post by length of service", headings, kinds, rows, (ESTIMATORS_NOTE,)
    )


def destinations_table(groups: Sequence[GroupSurvival], by: str | None) -> FigureTable:
    headings = [GROUPING_LABELS.get(by, by or ""), "Destination", "Left within 1 year", "Left within 2 years"]
    rows: list[list[Cell]] = []
    for group in groups:
        values: dict[str, dict[int, float | None]] = {}
        for point in group.destinations:
            values.setdefault(point.destination, {})[point.years] = point.cumulative
        rows.extend(
            [group_label(by, group.group), DESTINATION_LABELS[name], years.get(1), years.get(2)]
            for name, years in values.items()
        )
    return FigureTable(
        "destinations",
        "Where leavers went: cumulative share of spells (Aalen–Johansen)",
        headings,
        [TEXT, TEXT, SHARE, SHARE],
        rows,
        ("From LeaverDestination: another council (code 1), agency (3), out of social work (5, 6), "
         "other or not known (2, 4, 7, 8, 9 or missing).",),
    )  # fmt: skip


def cohorts_table(report: RetentionReport) -> FigureTable:
    rows: list[list[Cell]] = [
        [str(c.year), c.starters, c.followed[1], c.share(1), c.followed[2], c.share(2)]
        for c in report.cohorts
    ]
    return FigureTable(
        "cohorts",
        "Newly qualified starters: share still in post one and two years after starting",
        ["Started in census year", "Starters", "Followed 1 year", "Still in post after 1 year",
         "Followed 2 years", "Still in post after 2 years"],
        [TEXT, COUNT, COUNT, SHARE, COUNT, SHARE],
        rows,
        ("Starters are spells beginning in the year with StartOrigin 1 (newly qualified). A share counts "
         "only starters the returns follow that long: later starters are not yet known.",),
    )  # fmt: skip


def reasons_table(report: RetentionReport) -> FigureTable:
    rows: list[list[Cell]] = [[str(r["year"]), r["reason"], r["leavers"]] for r in report.reasons]
    return FigureTable(
        "reasons", "Why people left, by census year of leaving",
        ["Census year", "Reason (ReasonLeave)", "Leavers"], [TEXT, TEXT, COUNT], rows,
    )  # fmt: skip


def hazards_table(report: RetentionReport) -> FigureTable:
    model = report.hazards
    rows: list[list[Cell]] = (
        [[h.covariate, h.ratio, h.lower, h.upper, h.p_value] for h in model.ratios] if model else []
    )
    notes = [
        "Associations, not causes: a hazard ratio above 1 means the group left sooner on average than "
        "the reference group, all else in the model equal. Cox proportional hazards with late entry "
        "(lifelines), covariates from each spell's first record. No individual risk score is shown.",
    ]
    if model is not None:
        notes.append(model.note)
    return FigureTable(
        "hazard_ratios", "What goes with leaving: hazard ratios (associations)",
        ["Covariate", "Hazard ratio", "95% lower", "95% upper", "p"], [TEXT, RATIO, RATIO, RATIO, RATIO],
        rows, tuple(notes),
    )  # fmt: skip


def service_hazards_table(report: RetentionReport) -> FigureTable:
    rows: list[list[Cell]] = [
        [h.label, h.leavers, h.years_at_risk, h.rate_per_year, h.annual_probability]
        for h in report.service_hazards
    ]
    return FigureTable(
        "service_hazards", "Leaving rate by length of service (for the forecast)",
        ["Service", "Leavers", "Years at risk", "Leavers per year at risk", "Chance of leaving in a year"],
        [TEXT, COUNT, YEARS, RATIO, SHARE], rows,
        ("Occurrence over exposure in each band of service; late entrants count from when observed.",),
    )  # fmt: skip


def council_tables(report: RetentionReport, by_report: RetentionReport | None = None) -> list[FigureTable]:
    """Every table of the council page, in page order (``by_report``: the chosen grouping)."""
    tables = [survival_table([report.overall], None)]
    if by_report is not None and by_report.by is not None:
        tables.append(survival_table(by_report.groups, by_report.by, key="survival_by"))
    tables += [
        destinations_table([report.overall], None),
        cohorts_table(report),
        reasons_table(report),
        hazards_table(report),
        service_hazards_table(report),
    ]
    return tables


# --- Charts ------------------------------------------------------------------------------------


def _step_points(curve: Sequence[tuple[float, float, float, float]], x: LinearScale, y: LinearScale) -> str:
    points: list[str] = []
    previous: float | None = None
    for time, estimate, _, _ in curve:
        if time > CHART_YEARS:
            break
        if previous is not None:
            points.append(f"{x(time):.1f},{y(previous):.1f}")
        points.append(f"{x(time):.1f},{y(estimate):.1f}")
        previous = estimate
    if previous is not None:
        last = min(CHART_YEARS, curve[-1][0]) if curve else 0.0
        points.append(f"{x(last):.1f},{y(previous):.1f}")
    return " ".join(points)


def survival_chart(groups: Sequence[GroupSurvival], by: str | None, title: str) -> str:
    """Kaplan–Meier step curves (up to six groups) over the first ten years of service."""
    shown = [g for g in groups if g.curve][:MAX_CHART_GROUPS]
    if not shown:
        return ""
    plot = Plot(700, 320, bottom=60 + 22 * math.ceil(len(shown) / 2))
    ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
    y = plot.value_scale(ticks)
    x = LinearScale(0.0, CHART_YEARS, plot.x0, plot.x1)
    body = y_axis(plot, ticks, lambda v: f"{100 * v:.0f}%", "Still in post")
    for year in range(int(CHART_YEARS) + 1):
        body.append(
            f'<text x="{x(year):.1f}" y="{plot.y0 + 16:.1f}" text-anchor="middle" fill="{GOVUK_BLACK}" '
            f'aria-hidden="true">{year}</text>'
        )
    body.append(
        f'<text x="{(plot.x0 + plot.x1) / 2:.1f}" y="{plot.y0 + 34:.1f}" text-anchor="middle" '
        f'fill="{GOVUK_DARK_GREY}" aria-hidden="true">Years of service</text>'
    )
    descriptions = []
    for index, group in enumerate(shown):
        colour, dash = SERIES_COLOURS[index % len(SERIES_COLOURS)], DASHES[index % len(DASHES)]
        label = group_label(by, group.group)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<g class="app-chart__series" data-series="{esc(label)}">'
            f'<polyline points="{_step_points(group.curve, x, y)}" '
            f'fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr} aria-hidden="true"/></g>'
        )
        column, row = index % 2, index // 2
        lx = plot.x0 + column * (plot.x1 - plot.x0) / 2
        ly = plot.y0 + 56 + row * 22
        body.append(
            f'<g aria-hidden="true"><line x1="{lx:.1f}" y1="{ly - 4:.1f}" '
            f'x2="{lx + 24:.1f}" y2="{ly - 4:.1f}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/><text x="{lx + 30:.1f}" y="{ly:.1f}" '
            f'fill="{GOVUK_BLACK}">{esc(label)}</text></g>'
        )
        figures = "; ".join(
            f"{p.years} years {format_cell(p.estimate, SHARE)}"
            for p in group.survival
            if p.estimate is not None
        )
        descriptions.append(f"{label}: {figures}.")
    summary = "Share of spells still in post by years of service. " + " ".join(descriptions)
    return svg_document(title, summary, body, width=plot.width, height=plot.height, ident=chart_id(title))


# --- Downloads ---------------------------------------------------------------------------------


def _sheet(table: FigureTable) -> SheetTable:
    columns = [f"{index}:{heading}" for index, heading in enumerate(table.headings)]
    return SheetTable(
        columns=columns,
        rows=[list(row) for row in table.rows],
        headings=dict(zip(columns, table.headings, strict=True)),
        number_formats={
            c: _EXCEL_FORMATS[k] for c, k in zip(columns, table.kinds, strict=True) if k in _EXCEL_FORMATS
        },
        notes=tuple(table.notes),
    )


def tables_xlsx(tables: Sequence[FigureTable], notes: Sequence[str] = ()) -> bytes:
    """One sheet per table; ``notes`` go under the first."""
    sheets: dict[str, SheetTable] = {}
    for index, table in enumerate(tables):
        sheet = _sheet(table)
        if index == 0 and notes:
            sheet = SheetTable(
                sheet.columns, sheet.rows, sheet.headings, sheet.number_formats, (*notes, *sheet.notes)
            )
        sheets[sheet_name(table.title, list(sheets))] = sheet
    return tables_xlsx_bytes(sheets)


_CSS: Final = """
@page { size: A4 landscape; margin: 14mm 12mm; }
body { font-family: arial, sans-serif; font-size: 9pt; color: #0b0c0c; }
h1 { font-size: 16pt; margin: 0 0 3mm; } h2 { font-size: 12pt; margin: 5mm 0 2mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 3mm; font-size: 7.5pt; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 0.8mm 1.2mm; text-align: right; }
th:first-child, td:first-child { text-align: left; }
figure { margin: 0 0 3mm; page-break-inside: avoid; } svg { width: 100%; height: auto; }
.note { font-size: 7.5pt; color: #505a5f; }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def tables_html(
    title: str, intro: Sequence[str], tables: Sequence[FigureTable], charts: Sequence[str]
) -> str:
    parts = [
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{_CSS}</style></head><body><h1>{_e(title)}</h1>",
        *(f"<p>{_e(line)}</p>" for line in intro),
        *(f"<figure>{svg}</figure>" for svg in charts if svg),
    ]
    for table in tables:
        head = "".join(f'<th scope="col">{_e(h)}</th>' for h in table.headings)
        body = "".join(
            "<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in table.display_rows()
        )
        parts.append(
            f"<h2>{_e(table.title)}</h2><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )
        parts.extend(f'<p class="note">{_e(note)}</p>' for note in table.notes)
    parts.append("</body></html>")
    return "".join(parts)


def tables_pdf(
    title: str, intro: Sequence[str], tables: Sequence[FigureTable], charts: Sequence[str]
) -> bytes:
    return html_to_pdf(tables_html(title, intro, tables, charts))


# --- Teams ------------------------------------------------------------------------------------


def team_table(rows: Sequence[TeamRetention], threshold: int) -> FigureTable:
    """Retention by team (the HR extract's team column), small teams suppressed."""
    return FigureTable(
        "teams",
        "Retention by team (from the HR extract)",
        ["Team", "People", "Spells", "Leavers", "In post after 1 year", "In post after 2 years",
         "Median service (years)"],
        [TEXT, COUNT, COUNT, COUNT, SHARE, SHARE, YEARS],
        [row.cells() for row in rows],
        (f"c: suppressed, a team of 1 to {threshold - 1} people, or a further team so that none can be "
         "worked out from the council's total. A spell's team is the one the HR extract of its last "
         "year gives. Kaplan–Meier estimates with late entry.",),
    )  # fmt: skip


# --- The region --------------------------------------------------------------------------------


def regional_table(rows: Sequence[RegionalRetention], threshold: int) -> FigureTable:
    return FigureTable(
        "region",
        "Councils side by side: retention of starters and newly qualified starters",
        ["Council", "Starters", "Starters in post after 1 year", "Starters in post after 2 years",
         "Newly qualified starters", "Newly qualified in post after 1 year",
         "Newly qualified in post after 2 years", "Median service (years)"],
        [TEXT, COUNT, SHARE, SHARE, COUNT, SHARE, SHARE, YEARS],
        [row.cells() for row in rows],
        (f"c: suppressed, a group of 1 to {threshold - 1} spells. –: no one in the group, or no one "
         "followed that long. Starters: spells that began in the observed years; newly qualified: "
         "StartOrigin 1. Kaplan–Meier estimates with late entry; the median covers every spell.",),
    )  # fmt: skip


def regional_chart(rows: Sequence[RegionalRetention], region_name: str, highlight: str | None) -> str:
    """Councils ranked by the share of newly qualified starters still in post after one year."""
    bars = [
        Bar(
            row.name,
            100 * row.newly_qualified_1y if isinstance(row.newly_qualified_1y, float) else None,
            highlight=row.la_code == highlight,
            note=row.newly_qualified_1y if isinstance(row.newly_qualified_1y, str) else "no one followed",
        )
        for row in rows
        if row.la_code
    ]
    text = ChartText(
        f"{region_name}: newly qualified starters still in post after one year",
        value_label="%",
        summary="Councils ranked by the share of their newly qualified starters still in post a year on.",
        fmt=lambda v: f"{v:.0f}%",
    )
    return ranked_bar_chart(text, bars)
