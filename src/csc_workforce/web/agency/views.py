"""Agency pages. Access through ``web.policy`` only; every view and export of engagement data audited.

- ``/councils/<la>/agency/``: the council's register (upload), every engagement's findings, spend
  by role with the premium over permanent cost, and the quarterly return (council users only).
- ``/region/<slug>/agency/``: the region's compliance report, per council and per agency, with
  Excel and PDF downloads and the caps upload (regional lead and administrators; no engagement
  rows and no worker identities).
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from csc_workforce.analytics.agency import engagement_costs, spend_by_council_role, spend_trend
from csc_workforce.core.agency.model import Severity
from csc_workforce.reporting.agency_quarterly import (
    parse_quarter,
    quarterly_csv,
    quarterly_rows,
    quarterly_sheet,
)
from csc_workforce.reporting.agency_report import (
    compliance_columns,
    trend_svg,
    write_report_xlsx,
)
from csc_workforce.reporting.excel import tables_xlsx_bytes
from csc_workforce.web import policy
from csc_workforce.web.agency import pages, reports, services, tasks
from csc_workforce.web.agency.forms import RegisterUploadForm, TermsUploadForm
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.fragments import FragmentCache
from csc_workforce.web.jobs.services import back_to_page, start_job_page

VIEW_ENGAGEMENTS = "agency_view_engagements"
UPLOAD_REGISTER = "agency_upload_register"
REFUSE_REGISTER = "agency_refuse_register"
EXPORT_QUARTERLY = "agency_export_quarterly"
VIEW_REGION = "agency_view_region"
EXPORT_REGION = tasks.EXPORT_REGION
UPLOAD_TERMS = "agency_upload_terms"
REFUSE_TERMS = "agency_refuse_terms"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SPEND_COLUMNS = (
    "role",
    "engagements",
    "hours",
    "total_cost",
    "agency_hourly_cost",
    "permanent_hourly_cost",
    "premium_rate",
    "premium_cost",
)
_TREND_COLUMNS = ("quarter", "engagements", "hours", "total_cost")
_REGION_SPEND_COLUMNS = ("la_name", *_SPEND_COLUMNS)
_NOTES_SHOWN = 12
_COST_COLUMNS = ("engagements", "total_cost", "excess_cost")
# The pages' tables and charts, rendered once per kept check or report and display choice.
FIGURES = FragmentCache(maxsize=32)


def _counts_only(columns: list[str], label: str) -> list[str]:
    """The compliance columns without costs (shown in their own table, so both fit the page)."""
    return [label, *(c for c in columns if c not in {"la_code", label} and not c.endswith("_cost"))]


def _compliance_tables(frame: Any, label: str, by: str) -> tuple[pages.Table, pages.Table]:
    """A compliance frame's counts and its costs, as two tables (so both fit the page)."""
    return (
        pages.frame_table(
            frame, _counts_only(compliance_columns(frame), label), f"Breaches and approved exceptions by {by}"
        ),
        pages.frame_table(frame, (label, *_COST_COLUMNS), f"Agency cost by {by}"),
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _counts(check: services.AgencyCheck | None) -> dict[str, int]:
    if check is None:
        return {}
    breaches = sum(1 for f in check.checked.findings if f.severity is Severity.BREACH)
    return {
        "engagements": len(check.engagements),
        "judged": check.checked.result.judged,
        "not_judged": check.checked.result.not_judged,
        "breaches": breaches,
        "exceptions": len(check.checked.findings) - breaches,
        "with_findings": len({f.engagement_id for f in check.checked.findings}),
    }


def _notes(check: services.AgencyCheck) -> list[str]:
    notes = [*check.checked.warnings, *check.checked.result.notes]
    if len(notes) > _NOTES_SHOWN:
        notes = [*notes[:_NOTES_SHOWN], f"… and {len(notes) - _NOTES_SHOWN} more notes"]
    return notes


# --- a council's page -------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def council_page(request: HttpRequest, la_code: str) -> HttpResponse:
    # Engagement rows are the council's own worker-level data: the same people as the workers page.
    council = policy.workers_council_for(request, la_code)
    form = RegisterUploadForm()
    refused: services.FileRefusedError | None = None
    status = 200
    if request.method == "POST":
        council = policy.upload_council_for(request, la_code)
        form = RegisterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                stored = services.import_register(council, upload.read(), upload.name, request.user)
            except services.FileRefusedError as error:
                refused, status = error, 400
                record_event(
                    request, REFUSE_REGISTER, council, filename=error.filename, problems=len(error.problems)
                )
            else:
                record_event(
                    request,
                    UPLOAD_REGISTER,
                    council,
                    register=stored.pk,
                    filename=stored.filename,
                    engagements=stored.engagement_count,
                )
                messages.success(
                    request,
                    f"{stored.filename}: {stored.engagement_count} engagements imported and checked.",
                )
                reports.warm_region_report(council.region)
                return redirect("agency:council", la_code=council.la_code)
        else:
            status = 400
    register, check = services.council_check(council)
    context: dict[str, Any] = {
        "council": council,
        "form": form,
        "refused": refused,
        "register": register,
        "check": check,
        "counts": _counts(check),
        "may_upload": policy.can_upload(request.user, council),
    }
    if check is not None:
        context |= _council_findings(request, council, check)
    record_event(
        request,
        VIEW_ENGAGEMENTS,
        council,
        register=register.pk if register else None,
        engagements=len(check.engagements) if check else 0,
    )
    return render(request, "agency/council.html", context, status=status)


def _council_findings(request: HttpRequest, council: Any, check: services.AgencyCheck) -> dict[str, Any]:
    today = date.today()
    start, end = services.default_period(check.engagements, today)
    period_error = None
    try:
        start, end = pages.requested_period(request.GET, (start, end))
    except pages.PeriodError as error:
        period_error = str(error)

    def figures() -> dict[str, Any]:
        costs = engagement_costs(check.engagements, start, end)
        spend = spend_by_council_role(check.engagements, start, end, check.permanent_costs, costs=costs)
        trend = spend_trend(check.engagements, start, end, costs=costs)
        rows = pages.engagement_rows(check.engagements, check.checked.findings)
        return {
            "rows_with_findings": [row for row in rows if row.findings],
            "rows": rows,
            "period": (start, end),
            "period_error": period_error,
            "spend": pages.frame_table(spend, _SPEND_COLUMNS, "Agency spend by role in the period"),
            "trend": pages.frame_table(trend, _TREND_COLUMNS, "Agency cost per quarter"),
            "trend_chart": mark_safe(trend_svg(trend)),  # noqa: S308 - built here, every text escaped
        }

    return {
        "figures": FIGURES.render(
            "agency/_council_figures.html", (check,), (council.la_code, start, end, period_error), figures
        ),
        "notes": _notes(check),
        "quarters": pages.quarter_choices(check.engagements, today),
        "default_quarter": pages.previous_quarter(today),
    }


@login_required
@require_GET
def quarterly_return(request: HttpRequest, la_code: str) -> HttpResponse:
    council = policy.workers_council_for(request, la_code)
    file_format = request.GET.get("format", "csv")
    try:
        year, quarter = parse_quarter(request.GET.get("quarter", ""))
    except ValueError as error:
        return HttpResponseBadRequest(f"quarter: {error}", content_type="text/plain")
    if file_format not in {"csv", "xlsx"}:
        return HttpResponseBadRequest("format: expected csv or xlsx", content_type="text/plain")
    register, check = services.council_check(council)
    if check is None:
        return HttpResponseBadRequest("no engagement register has been uploaded", content_type="text/plain")
    rows = quarterly_rows(
        check.engagements,
        check.checked.findings,
        check.caps,
        region=council.region.name,
        year=year,
        quarter=quarter,
        la_code=council.la_code,
    )
    record_event(
        request,
        EXPORT_QUARTERLY,
        council,
        register=register.pk if register else None,
        quarter=f"{year}-Q{quarter}",
        format=file_format,
        rows=len(rows),
    )
    name = f"agency-return-{council.la_code}-{year}-Q{quarter}.{file_format}"
    if file_format == "xlsx":
        return _download(tables_xlsx_bytes({"Quarterly return": quarterly_sheet(rows)}), name, XLSX)
    return _download(quarterly_csv(rows).encode("utf-8"), name, "text/csv; charset=utf-8")


# --- the region's report ------------------------------------------------------------------------------
@login_required
@require_GET
def region_page(request: HttpRequest, slug: str) -> HttpResponse:
    region = policy.region_for(request, slug)
    built = reports.region_report(region, request.GET)
    report = built["report"]

    def figures() -> dict[str, Any]:
        by_council, cost_by_council = _compliance_tables(report.by_council, "la_name", "council")
        by_agency, cost_by_agency = _compliance_tables(report.by_agency, "agency", "agency")
        return {
            "by_council": by_council,
            "cost_by_council": cost_by_council,
            "by_agency": by_agency,
            "cost_by_agency": cost_by_agency,
            "spend": pages.frame_table(
                report.spend, _REGION_SPEND_COLUMNS, "Agency spend by council and role"
            ),
            "trend": pages.frame_table(
                report.trend, _TREND_COLUMNS, "Agency cost per quarter across the region"
            ),
            "trend_chart": mark_safe(trend_svg(report.trend)),  # noqa: S308 - built here, every text escaped
            "notes": report.notes[:_NOTES_SHOWN],
        }

    context = {
        **built,
        "region": region,
        "figures": FIGURES.render("agency/_region_figures.html", (report,), (region.slug,), figures),
        "terms": built["check"].terms,
    }
    record_event(
        request,
        VIEW_REGION,
        region=region.slug,
        councils=len(built["registers"].current),
        engagements=report.engagements,
    )
    return render(request, "agency/region.html", context)


@login_required
@require_GET
def region_export(request: HttpRequest, slug: str) -> HttpResponse:
    region = policy.region_for(request, slug)
    built = reports.region_report(region, request.GET)
    if built["period_error"]:
        return HttpResponseBadRequest(built["period_error"], content_type="text/plain")
    report = built["report"]
    record_event(request, EXPORT_REGION, region=region.slug, format="xlsx", engagements=report.engagements)
    buffer = io.BytesIO()
    write_report_xlsx(report, buffer, engagement_rows=False)
    return _download(buffer.getvalue(), reports.region_filename(region, report, "xlsx"), XLSX)


def _period_query(query: Any) -> dict[str, str]:
    return {key: str(query[key]).strip()[:10] for key in ("from", "to") if query.get(key)}


@login_required
@require_GET
def region_pdf_moved(request: HttpRequest, slug: str) -> HttpResponse:
    """The old in-request PDF address: back to the page (same period), which offers the job."""
    region = policy.region_for(request, slug)
    return back_to_page("agency:region", region.slug, _period_query(request.GET))


@login_required
@require_POST
def prepare_region_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """Build the region's compliance PDF for the period shown, in the background (a bad period
    is named on the job's page)."""
    region = policy.region_for(request, slug)
    title, period = f"Agency compliance report for {region.name}", _period_query(request.POST)
    return start_job_page(
        request, tasks.build_region_pdf, kind=tasks.REGION_PDF, title=title, region=region, params=period
    )


@login_required
@require_http_methods(["GET", "POST"])
def region_terms(request: HttpRequest, slug: str) -> HttpResponse:
    region = policy.region_for(request, slug)
    form = TermsUploadForm()
    refused: services.FileRefusedError | None = None
    status = 200
    if request.method == "POST":
        form = TermsUploadForm(request.POST, request.FILES)
        if form.is_valid():
            caps = form.cleaned_data["caps"]
            costs = form.cleaned_data.get("permanent_costs")
            try:
                terms = services.import_terms(
                    region,
                    (caps.read(), caps.name),
                    (costs.read(), costs.name) if costs else None,
                    form.cleaned_data.get("cooling_off_months"),
                    request.user,
                )
            except services.FileRefusedError as error:
                refused, status = error, 400
                record_event(request, REFUSE_TERMS, region=region.slug, problems=len(error.problems))
            else:
                record_event(
                    request,
                    UPLOAD_TERMS,
                    region=region.slug,
                    caps=terms.cap_count,
                    cooling_off_months=terms.cooling_off_months,
                    permanent_costs=bool(terms.costs_filename),
                )
                messages.success(
                    request, f"{terms.caps_filename}: {terms.cap_count} price caps are now in force."
                )
                reports.warm_region_report(region)
                return redirect("agency:region", slug=region.slug)
        else:
            status = 400
    context = {"region": region, "form": form, "refused": refused, "terms": services.current_terms(region)}
    return render(request, "agency/terms.html", context, status=status)
