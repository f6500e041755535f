"""The continuity downloads, built once for the pages' Excel and the background PDF jobs
(``continuity/tasks.py``): the council's years and projection, and the region's table and scatters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import mark_safe

from csc_workforce.analytics.continuity import CouncilContinuity
from csc_workforce.core.continuity.model import NATIONAL_SHARE_THREE_OR_MORE
from csc_workforce.core.continuity.stability import BUCKETS
from csc_workforce.reporting.continuity_charts import Point, distribution_svg, scatter_svg, trend_svg
from csc_workforce.reporting.continuity_export import council_pdf, region_pdf
from csc_workforce.web.continuity import services
from csc_workforce.web.dashboards.views import disclosure_rule
from csc_workforce.web.fragments import DerivedCache
from csc_workforce.web.orgs.models import Council, Region


def chosen_year(requested: str, years: list[int]) -> int | None:
    """The year asked for (``?year=``) if there are figures for it, else the latest."""
    if requested.isdigit() and int(requested) in years:
        return int(requested)
    return years[-1] if years else None


@dataclass(frozen=True)
class CouncilExport:
    report: Any
    years: list[dict[str, Any]]
    projection: Any

    def filename(self, council: Council, file_format: str) -> str:
        return f"continuity-{council.la_code}.{file_format}"


def council_export(council: Council) -> CouncilExport | None:
    """Every year's summary and the projection; None before the council uploads its tables."""
    _, report = services.council_report(council)
    if report is None or not report.years:
        return None
    years = [services.year_summary(report, y) for y in sorted(report.years)]
    return CouncilExport(report, years, services.children_changing(council))


def council_export_pdf(council: Council, export: CouncilExport) -> bytes:
    latest = export.years[-1]
    charts = [distribution_svg(latest["with_social_workers"], latest["year"]),
              trend_svg(export.report.trend(), NATIONAL_SHARE_THREE_OR_MORE)]  # fmt: skip
    return council_pdf(council.name, export.years, charts, export.projection)


def region_filename(region: Region, year: int, file_format: str) -> str:
    return f"continuity-{region.slug}-{year}.{file_format}"


@dataclass(frozen=True)
class RegionFigures:
    """The region's suppressed table for one year (as exported and as displayed) and its scatters."""

    table: list[dict[str, str]]
    display: list[tuple[str, list[str]]]
    scatters: list[tuple[str, Any, list[Point], str]]


NO_REGION_FIGURES = RegionFigures([], [], [])
# Built once per kept set of rows (``services.member_rows``), by identity, as the dashboards' figures.
_REGION_FIGURES: DerivedCache[RegionFigures] = DerivedCache(maxsize=32)


def _region_figures(rows: tuple[CouncilContinuity, ...]) -> RegionFigures:
    table = [
        {
            "council": row.name,
            **{
                name: row.cells[name].text()
                for name in (*BUCKETS, "children_looked_after", "share_three_or_more")
            },
            "turnover_rate": row.turnover_rate.text(),
            "agency_rate": row.agency_rate.text(),
        }
        for row in rows
    ]
    scatters = []
    for label, attribute in (
        ("Turnover rate (FTE, %)", "turnover_rate"),
        ("Agency rate (FTE, %)", "agency_rate"),
    ):
        points = [
            Point(
                row.name, float(getattr(row, attribute).value), float(row.cells["share_three_or_more"].value)
            )
            for row in rows
            if getattr(row, attribute).value is not None
            and row.cells["share_three_or_more"].value is not None
        ]
        title = f"{label} against children with 3 or more social workers"
        chart = mark_safe(scatter_svg(title, label, "% with 3 or more", points))  # noqa: S308 - escaped
        scatters.append((title, chart, points, label))
    shown = ("children_looked_after", *BUCKETS, "share_three_or_more", "turnover_rate", "agency_rate")
    display = [(row["council"], [row[name] for name in shown]) for row in table]
    return RegionFigures(table, display, scatters)


def region_context(region: Region, requested_year: str) -> dict[str, Any]:
    """The region's suppressed table for the chosen year and its two scatters, computed once per
    set of member uploads, current returns and disclosure threshold."""
    members = services.region_members(region)
    years = list(services.member_years(members))
    year = chosen_year(requested_year, years)
    figures = NO_REGION_FIGURES
    if year is not None:
        rows = services.member_rows(members, year, disclosure_rule().threshold)
        figures = _REGION_FIGURES.get((rows,), (), lambda: _region_figures(rows))
    return {
        "region": region,
        "years": years,
        "year": year,
        "figures": figures,
        "table": figures.table,
        "display": figures.display,
        "scatters": figures.scatters,
    }


def compute_ahead(region: Region, progress: Callable[[int, int], None] | None = None) -> int:
    """Every member council's report and next-year projection, and the region's figures for its
    latest year, computed (and so kept in this process) before anyone asks: the demo does it before
    it serves. ``progress(done, total)`` after each council; returns how many councils' were."""
    councils = [c for c in region.councils.order_by("name") if services.current_upload(c) is not None]
    for done, council in enumerate(councils, start=1):
        services.children_changing(council)
        if progress is not None:
            progress(done, len(councils))
    region_context(region, "")
    return len(councils)


def region_export_pdf(region: Region, context: dict[str, Any]) -> bytes:
    charts = [str(chart) for _, chart, _, _ in context["scatters"]]
    return region_pdf(region.name, context["year"], context["table"], charts)
