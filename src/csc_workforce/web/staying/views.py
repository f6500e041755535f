"""The council retention page (step charts with their tables, cohorts, destinations, reasons,
hazard ratios) and the region's side-by-side page; Excel and PDF of each. Access through
``web.policy``; every view and download is audited (counts and settings only, never a person)."""

from __future__ import annotations

from typing import Final

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_POST

from csc_workforce.analytics.retention_regional import RegionalRetention
from csc_workforce.reporting.retention import (
    GROUPING_LABELS,
    regional_chart,
    regional_table,
    tables_xlsx,
)
from csc_workforce.web import policy
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.dashboards.views import disclosure_rule
from csc_workforce.web.fragments import FragmentCache
from csc_workforce.web.jobs.services import back_to_page, start_job, start_job_page
from csc_workforce.web.orgs.models import Region
from csc_workforce.web.staying import figures, reports, services, tasks
from csc_workforce.web.staying.reports import CouncilFigures

VIEW_RETENTION: Final = "view_retention"
# A council page's rendered tables, by the key of the stored figures they show.
TABLES: Final = FragmentCache(maxsize=64)
EXPORT_RETENTION: Final = tasks.EXPORT_RETENTION
VIEW_REGION_RETENTION: Final = "view_region_retention"
EXPORT_REGION_RETENTION: Final = tasks.EXPORT_REGION_RETENTION
EXPORT_TYPES: Final = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _grouping(request: HttpRequest) -> str:
    sent = request.POST if request.method == "POST" else request.GET
    by = sent.get("by") or services.GROUPINGS[0]
    return by if by in services.GROUPINGS else services.GROUPINGS[0]


def _download(data: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@login_required
@require_GET
def council_retention(request: HttpRequest, la_code: str) -> HttpResponse:
    council = policy.council_for(request, la_code)
    by = _grouping(request)
    keyed = figures.council_figures_keyed(council, by)
    context: dict[str, object] = {
        "council": council,
        "by": by,
        "grouping_choices": [(name, GROUPING_LABELS[name]) for name in services.GROUPINGS],
    }
    found = None
    if keyed is not None:
        key, found = keyed
        context |= {
            "intro": found.intro,
            "charts": found.charts,
            "has_tables": bool(found.tables),
            "tables_html": _tables_html(key, found),
            "team_note": found.team_note,
        }
    teams = found.teams if found is not None else 0
    record_event(request, VIEW_RETENTION, council, grouping=by, **tasks.team_detail(teams))
    return render(request, "staying/council.html", context)


def _tables_html(key: str, found: CouncilFigures) -> SafeString:
    """The tables as rendered before from the same stored figures (``key`` digests them)."""
    return TABLES.render(
        "staying/_tables.html",
        (),
        (key,),
        lambda: {"tables": [(table, table.display_rows()) for table in found.tables]},
    )


@login_required
@require_GET
def council_export(request: HttpRequest, la_code: str, fmt: str) -> HttpResponse:
    council = policy.council_for(request, la_code)
    if fmt not in EXPORT_TYPES:
        raise Http404("Downloads are .xlsx or .pdf")
    by = _grouping(request)
    if fmt == "pdf":  # seconds of work: the page prepares it as a job (prepare_council_pdf)
        return back_to_page("staying:council", council.la_code, {"by": by})
    found = figures.council_figures(council, by)
    if found is None:
        raise Http404("This council has no accepted census return yet")
    data = reports.figures_xlsx(found)
    teams = tasks.team_detail(found.teams)
    record_event(request, EXPORT_RETENTION, council, format=fmt, grouping=by, **teams)
    return _download(data, fmt, f"retention-{council.la_code}")


@login_required
@require_POST
def prepare_council_pdf(request: HttpRequest, la_code: str) -> HttpResponse:
    """Build the retention report's PDF in the background; the job's page offers it when ready."""
    council = policy.council_for(request, la_code)
    by = _grouping(request)
    job = start_job(
        request,
        tasks.build_retention_pdf,
        kind=tasks.RETENTION_PDF,
        title=f"Retention report for {council.name} (by {GROUPING_LABELS[by].lower()})",
        council=council,
        params={"by": by},
    )
    return redirect("jobs:status", job_id=job.pk)


def _region_parts(request: HttpRequest, slug: str) -> tuple[Region, tuple[RegionalRetention, ...], int]:
    region = policy.region_dashboard_for(request, slug)
    return (region, *_region_rows(region))


def _region_rows(region: Region) -> tuple[tuple[RegionalRetention, ...], int]:
    rule = disclosure_rule()
    return figures.region_rows(region, rule), rule.threshold


def _highlight(request: HttpRequest) -> str | None:
    membership = policy.membership_of(request.user)
    return membership.council.la_code if membership is not None and membership.council is not None else None


@login_required
@require_GET
def region_retention(request: HttpRequest, slug: str) -> HttpResponse:
    region, rows, threshold = _region_parts(request, slug)
    table = regional_table(rows, threshold)
    context = {
        "region": region,
        "table": table,
        "display_rows": table.display_rows(),
        "smallest_shown": threshold,
        "chart": regional_chart(rows, region.name, _highlight(request)) if rows else "",
    }
    record_event(request, VIEW_REGION_RETENTION, None, region=slug, councils=max(len(rows) - 1, 0))
    return render(request, "staying/region.html", context)


@login_required
@require_GET
def region_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    region = policy.region_dashboard_for(request, slug)
    if fmt not in EXPORT_TYPES:
        raise Http404("Downloads are .xlsx or .pdf")
    if fmt == "pdf":  # drawn with its chart: the page prepares it as a job (prepare_region_pdf)
        return back_to_page("staying:region", region.slug, {})
    rows, threshold = _region_rows(region)
    data = tables_xlsx([regional_table(rows, threshold)])
    record_event(request, EXPORT_REGION_RETENTION, None, region=slug, format=fmt)
    return _download(data, fmt, f"retention-{slug}")


@login_required
@require_POST
def prepare_region_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """Build the regional retention table and chart as a PDF in the background."""
    region = policy.region_dashboard_for(request, slug)
    title = f"Retention by council for {region.name}"
    return start_job_page(request, tasks.build_region_pdf, kind=tasks.REGION_PDF, title=title, region=region)
