"""Continuity pages. Access through ``web.policy`` only; every view of child-level rows audited.

- ``/councils/<la>/continuity/``: the council's distribution, share with 3+, trend, reasons and
  link to workforce churn, child-level rows (pseudonyms only), upload; Excel and PDF downloads
  (the council's own users and administrators).
- ``/region/<slug>/continuity/``: councils side by side, suppressed, with the scatter of turnover
  and agency rate against the share with 3+ (regional lead and administrators; no child rows).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from csc_workforce.core.continuity.changes import CAUSE_LABELS, ChangeCause
from csc_workforce.core.continuity.model import NATIONAL_SHARE_THREE_OR_MORE, SW_REASONS
from csc_workforce.core.continuity.stability import BUCKETS
from csc_workforce.reporting.continuity_charts import (
    BUCKET_LABELS,
    Point,
    distribution_svg,
    scatter_svg,
    trend_svg,
)
from csc_workforce.reporting.continuity_export import council_pdf, council_xlsx, region_pdf, region_xlsx
from csc_workforce.reporting.continuity_projection import projection_view
from csc_workforce.web import policy
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.continuity import services
from csc_workforce.web.continuity.forms import TablesUploadForm
from csc_workforce.web.dashboards.views import disclosure_rule

VIEW_CHILDREN = "continuity_view_children"
UPLOAD_TABLES = "continuity_upload"
REFUSE_TABLES = "continuity_refuse"
EXPORT_COUNCIL = "continuity_export"
VIEW_REGION = "continuity_view_region"
EXPORT_REGION = "continuity_export_region"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHILD_ROWS_SHOWN = 500


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _chosen_year(request: HttpRequest, years: list[int]) -> int | None:
    text = request.GET.get("year", "")
    if text.isdigit() and int(text) in years:
        return int(text)
    return years[-1] if years else None


def _file(form: TablesUploadForm, name: str) -> tuple[bytes, str] | None:
    upload = form.cleaned_data.get(name)
    return (upload.read(), upload.name) if upload else None


@login_required
@require_http_methods(["GET", "POST"])
def council_page(request: HttpRequest, la_code: str) -> HttpResponse:
    # Child-level rows: the council's own users only (the same scope as worker rows).
    council = policy.workers_council_for(request, la_code)
    form = TablesUploadForm()
    refused: services.TablesRefusedError | None = None
    status = 200
    if request.method == "POST":
        council = policy.upload_council_for(request, la_code)
        form = TablesUploadForm(request.POST, request.FILES)
        if form.is_valid():
            episodes, workers = _file(form, "episodes"), _file(form, "social_workers")
            assert episodes is not None and workers is not None
            try:
                stored = services.import_tables(
                    council, episodes, workers, _file(form, "header"), request.user
                )
            except services.TablesRefusedError as error:
                refused, status = error, 400
                record_event(
                    request, REFUSE_TABLES, council, filename=error.filename, problems=len(error.problems)
                )
            else:
                record_event(request, UPLOAD_TABLES, council, upload=stored.pk, children=stored.children)
                messages.success(request, f"SSDA903 tables imported: {stored.children} children.")
                return redirect("continuity:council", la_code=council.la_code)
        else:
            status = 400
    upload, report = services.council_report(council)
    years = sorted(report.years) if report is not None else []
    year = _chosen_year(request, years)
    context: dict[str, Any] = {
        "council": council,
        "form": form,
        "refused": refused,
        "upload": upload,
        "years": years,
        "year": year,
        "may_upload": policy.can_upload(request.user, council),
        "bucket_labels": BUCKET_LABELS,
    }
    if report is not None and year is not None:
        context |= _council_figures(council, report, year)
        record_event(
            request, VIEW_CHILDREN, council, upload=upload.pk if upload else None, year=year,
            children=len(context["children"]),
        )  # fmt: skip
    return render(request, "continuity/council.html", context, status=status)


def _council_figures(council: Any, report: Any, year: int) -> dict[str, Any]:
    summary = services.year_summary(report, year)
    result = report.years[year].stability
    children = services.child_rows(council, year)
    trend = report.trend()
    breakdowns = {
        "Age at 31 March": result.breakdown("age_band"),
        "Legal status": result.breakdown("legal_status"),
    }
    if result.sex_given:
        breakdowns["Sex"] = result.breakdown("sex")
    changes = None
    if "changes" in summary:
        changes = [(CAUSE_LABELS[c], summary["changes"][c.value]) for c in ChangeCause]
    return {
        "summary": summary,
        "distribution": [(BUCKET_LABELS[b], summary["with_social_workers"][b]) for b in BUCKETS],
        "distribution_chart": mark_safe(distribution_svg(summary["with_social_workers"], year)),  # noqa: S308 - escaped
        "trend": [(y, share, NATIONAL_SHARE_THREE_OR_MORE.get(y)) for y, share in trend],
        "trend_chart": mark_safe(trend_svg(trend, NATIONAL_SHARE_THREE_OR_MORE)),  # noqa: S308 - escaped
        "reasons": [(code, SW_REASONS.get(code, ""), n) for code, n in summary["reasons"].items()],
        "changes": changes,
        "breakdowns": breakdowns,
        "buckets": BUCKETS,
        "children": children[:CHILD_ROWS_SHOWN],
        "children_total": len(children),
        "notes": [n for n in report.notes if n.startswith(f"{year}:")],
        "projection": projection_view(services.children_changing(council)),
    }


@login_required
@require_GET
def council_export(request: HttpRequest, la_code: str, file_format: str) -> HttpResponse:
    council = policy.workers_council_for(request, la_code)
    _, report = services.council_report(council)
    if report is None or not report.years:
        return HttpResponseBadRequest("no SSDA903 tables have been uploaded", content_type="text/plain")
    years = [services.year_summary(report, y) for y in sorted(report.years)]
    projection = services.children_changing(council)
    record_event(request, EXPORT_COUNCIL, council, format=file_format, years=len(years))
    name = f"continuity-{council.la_code}.{file_format}"
    if file_format == "pdf":
        latest = years[-1]
        charts = [distribution_svg(latest["with_social_workers"], latest["year"]),
                  trend_svg(report.trend(), NATIONAL_SHARE_THREE_OR_MORE)]  # fmt: skip
        return _download(council_pdf(council.name, years, charts, projection), name, "application/pdf")
    return _download(council_xlsx(years, projection), name, XLSX)


def _region_context(request: HttpRequest, region: Any) -> dict[str, Any]:
    years = services.region_years(region)
    year = _chosen_year(request, years)
    rows = services.region_rows(region, year, disclosure_rule()) if year is not None else []
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
    return {
        "region": region,
        "years": years,
        "year": year,
        "table": table,
        "display": display,
        "scatters": scatters,
    }


@login_required
@require_GET
def region_page(request: HttpRequest, slug: str) -> HttpResponse:
    region = policy.region_for(request, slug)
    context = _region_context(request, region)
    record_event(
        request, VIEW_REGION, region=region.slug, year=context["year"], councils=len(context["table"])
    )
    return render(request, "continuity/region.html", context)


@login_required
@require_GET
def region_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    region = policy.region_for(request, slug)
    context = _region_context(request, region)
    year = context["year"]
    if year is None:
        return HttpResponseBadRequest(
            "no member council has uploaded SSDA903 tables", content_type="text/plain"
        )
    record_event(request, EXPORT_REGION, region=region.slug, format=file_format, year=year)
    name = f"continuity-{region.slug}-{year}.{file_format}"
    if file_format == "pdf":
        charts = [str(chart) for _, chart, _, _ in context["scatters"]]
        return _download(region_pdf(region.name, year, context["table"], charts), name, "application/pdf")
    return _download(region_xlsx(year, context["table"]), name, XLSX)
