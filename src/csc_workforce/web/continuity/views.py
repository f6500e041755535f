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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from csc_workforce.analytics.continuity_outlook import Projection
from csc_workforce.core.continuity.changes import CAUSE_LABELS, ChangeCause
from csc_workforce.core.continuity.model import NATIONAL_SHARE_THREE_OR_MORE, SW_REASONS
from csc_workforce.core.continuity.stability import BUCKETS
from csc_workforce.reporting.continuity_charts import BUCKET_LABELS, distribution_svg, trend_svg
from csc_workforce.reporting.continuity_export import council_xlsx, region_xlsx
from csc_workforce.reporting.continuity_projection import projection_view
from csc_workforce.web import policy
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.continuity import reports, services, tasks
from csc_workforce.web.continuity.forms import TablesUploadForm
from csc_workforce.web.fragments import FragmentCache
from csc_workforce.web.jobs.services import back_to_page, start_job_page

VIEW_CHILDREN = "continuity_view_children"
UPLOAD_TABLES = "continuity_upload"
REFUSE_TABLES = "continuity_refuse"
EXPORT_COUNCIL = tasks.EXPORT_COUNCIL
VIEW_REGION = "continuity_view_region"
EXPORT_REGION = tasks.EXPORT_REGION
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHILD_ROWS_SHOWN = 500
# The pages' figures, rendered once per kept report and projection (or region's figures) and year.
FIGURES = FragmentCache(maxsize=32)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
    state = services.current(council)
    upload, report = state.upload, state.report
    years = sorted(report.years) if report is not None else []
    year = reports.chosen_year(request.GET.get("year", ""), years)
    context: dict[str, Any] = {
        "council": council,
        "form": form,
        "refused": refused,
        "upload": upload,
        "years": years,
        "year": year,
        "may_upload": policy.can_upload(request.user, council),
    }
    if report is not None and year is not None:
        summary = services.year_summary(report, year)
        projection = services.children_changing(council, state=state)
        children_shown = min(len(report.years[year].stability.children), CHILD_ROWS_SHOWN)
        context |= {
            "summary": summary,
            "notes": [n for n in report.notes if n.startswith(f"{year}:")],
            "figures": FIGURES.render(
                "continuity/_council_figures.html",
                (report, projection),
                (year, council.la_code, council.name),
                lambda: _council_figures(council, report, year, summary, projection),
            ),
        }
        record_event(
            request, VIEW_CHILDREN, council, upload=upload.pk if upload else None, year=year,
            children=children_shown,
        )  # fmt: skip
    return render(request, "continuity/council.html", context, status=status)


def _council_figures(
    council: Any, report: Any, year: int, summary: dict[str, Any], projection: Projection
) -> dict[str, Any]:
    result = report.years[year].stability
    children = services.child_rows(report, year)
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
        "council": council,
        "year": year,
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
        "projection": projection_view(projection),
    }


@login_required
@require_GET
def council_export(request: HttpRequest, la_code: str) -> HttpResponse:
    council = policy.workers_council_for(request, la_code)
    export = reports.council_export(council)
    if export is None:
        return HttpResponseBadRequest("no SSDA903 tables have been uploaded", content_type="text/plain")
    record_event(request, EXPORT_COUNCIL, council, format="xlsx", years=len(export.years))
    return _download(council_xlsx(export.years, export.projection), export.filename(council, "xlsx"), XLSX)


@login_required
@require_GET
def council_pdf_moved(request: HttpRequest, la_code: str) -> HttpResponse:
    """The old in-request PDF address: the PDF is now a background job started from the page."""
    council = policy.workers_council_for(request, la_code)
    return back_to_page("continuity:council", council.la_code, {})


@login_required
@require_POST
def prepare_council_pdf(request: HttpRequest, la_code: str) -> HttpResponse:
    """Build the council's continuity PDF in the background; the job's page offers it when ready."""
    council = policy.workers_council_for(request, la_code)
    title = f"Continuity report for {council.name}"
    return start_job_page(
        request, tasks.build_council_pdf, kind=tasks.COUNCIL_PDF, title=title, council=council
    )


@login_required
@require_GET
def region_page(request: HttpRequest, slug: str) -> HttpResponse:
    region = policy.region_for(request, slug)
    context = reports.region_context(region, request.GET.get("year", ""))
    record_event(
        request, VIEW_REGION, region=region.slug, year=context["year"], councils=len(context["table"])
    )
    figures, year = context["figures"], context["year"]
    context["figures_html"] = FIGURES.render(
        "continuity/_region_figures.html", (figures,), (year,), lambda: {"year": year, "figures": figures}
    )
    return render(request, "continuity/region.html", context)


@login_required
@require_GET
def region_export(request: HttpRequest, slug: str) -> HttpResponse:
    region = policy.region_for(request, slug)
    context = reports.region_context(region, request.GET.get("year", ""))
    year = context["year"]
    if year is None:
        return HttpResponseBadRequest(
            "no member council has uploaded SSDA903 tables", content_type="text/plain"
        )
    record_event(request, EXPORT_REGION, region=region.slug, format="xlsx", year=year)
    return _download(region_xlsx(year, context["table"]), reports.region_filename(region, year, "xlsx"), XLSX)


@login_required
@require_GET
def region_pdf_moved(request: HttpRequest, slug: str) -> HttpResponse:
    """The old in-request PDF address: back to the page (same year), which offers the job."""
    region = policy.region_for(request, slug)
    year = request.GET.get("year", "")
    return back_to_page("continuity:region", region.slug, {"year": year} if year else {})


@login_required
@require_POST
def prepare_region_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """Build the region's continuity PDF for the year shown in the background. Which years have
    figures is the job's to find (it reads every member's tables): the job says if there are none."""
    region = policy.region_for(request, slug)
    year = request.POST.get("year", "")[:4]
    title, params = f"Continuity report for {region.name}", {"year": year} if year.isdigit() else {}
    if params:
        title += f", year ending 31 March {year}"
    return start_job_page(
        request, tasks.build_region_pdf, kind=tasks.REGION_PDF, title=title, region=region, params=params
    )
