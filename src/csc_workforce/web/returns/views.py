"""Upload, report, accept, history; and the council's own workers page (every view audited)."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from csc_workforce.core.census.registry import YEARS
from csc_workforce.core.census.years import default_collection_year
from csc_workforce.export.census_xlsx import write_blank_template
from csc_workforce.export.census_xml import census_xml_bytes
from csc_workforce.reporting.excel import SheetTable, tables_xlsx_bytes
from csc_workforce.web import policy
from csc_workforce.web.audit.models import Action
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.jobs.views import REFRESH_SECONDS
from csc_workforce.web.orgs.models import Council
from csc_workforce.web.returns import services, tasks
from csc_workforce.web.returns.forms import UploadForm
from csc_workforce.web.returns.models import AcceptedReturn, Submission, WorkerRecord
from csc_workforce.web.returns.report import (
    FILTERS,
    Report,
    explanation_key,
    report_csv,
    report_of,
    report_xlsx,
)
from csc_workforce.web.returns.templatetags.census_codes import label_for
from csc_workforce.web.returns.worker_rows import CODED_COLUMNS, ROW_FIELDS, WORKER_COLUMNS, worker_rows_html

WORKERS_PER_PAGE = 100
ISSUES_PER_PAGE = 200


# Room for the multipart framing and the CSRF field around the file itself.
_REQUEST_OVERHEAD = 64 * 1024


def _declared_length(request: HttpRequest) -> int:
    text = str(request.META.get("CONTENT_LENGTH") or "0")
    return int(text) if text.isdigit() else 0


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, la_code: str) -> HttpResponse:
    council = policy.upload_council_for(request, la_code)
    limit = settings.CSCW_MAX_UPLOAD_BYTES
    if request.method == "POST" and _declared_length(request) > limit + _REQUEST_OVERHEAD:
        # Refused before the body is read, so a huge upload never reaches memory or disk.
        context = {
            "council": council,
            "form": UploadForm(),
            "request_error": f"The file is over the {limit:,} byte upload limit; nothing was stored",
        }
        return render(request, "returns/upload.html", context, status=413)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        data = uploaded.read()
        if services.checks_in_background(data, uploaded.name):
            # A large file is only stored here; the worker checks it and the page follows the job.
            submission = tasks.check_in_background(request, council, data, uploaded.name)
        else:
            submission = services.check_upload(council, data, uploaded.name, request.user)
        record_event(
            request,
            Action.UPLOAD,
            council,
            submission=submission.pk,
            filename=submission.filename,
            status=submission.status,
            # Being checked: the counts come with the outcome (``upload_checked``, by the worker).
            **(
                {"job": str(submission.check_job_id)}
                if submission.check_job_id
                else {"errors": submission.error_count, "queries": submission.query_count}
            ),
        )
        return redirect("returns:submission", la_code=council.la_code, pk=submission.pk)
    status = 400 if request.method == "POST" else 200
    context = {"council": council, "form": form, "template_year": default_collection_year()}
    return render(request, "returns/upload.html", context, status=status)


@login_required
@require_http_methods(["GET"])
@never_cache
def submission_detail(request: HttpRequest, la_code: str, pk: int) -> HttpResponse:
    council = policy.upload_council_for(request, la_code)
    submission = get_object_or_404(_with_check_job(Submission.objects.all()), pk=pk, council=council)
    if (state := tasks.check_state(submission)) is not None:
        # No report yet, so nothing person-level to audit; the page refreshes until the check ends.
        context = {
            "council": council,
            "submission": submission,
            "checking": True,
            "job": submission.check_job,
            "check_state": state.value,
            "refresh_seconds": REFRESH_SECONDS,
        }
        return render(request, "returns/submission.html", context)
    accepted = AcceptedReturn.objects.filter(submission=submission).defer("content").first()
    report = report_of(submission.issues, accepted.explanations if accepted else None)
    download = request.GET.get("download", "")
    if download in {"xlsx", "csv"}:
        record_event(request, Action.VIEW_SUBMISSION, council, submission=submission.pk, download=download)
        return _report_download(council, submission, report, download)
    record_event(request, Action.VIEW_SUBMISSION, council, submission=submission.pk)
    show = request.GET.get("show", "all")
    show = show if show in FILTERS else "all"
    page = Paginator(report.shown(show), ISSUES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "council": council,
        "submission": submission,
        "report": report,
        "summary": [
            (row, report.explanation(row.code, row.field), report.jump(row, ISSUES_PER_PAGE))
            for row in report.summary
        ],
        "show": show,
        "page": page,
        "page_rows": report.anchored(page),
        "filters": [("all", "All"), ("errors", "Errors"), ("queries", "Queries")],
        "accepted": accepted,
        "not_stored": submission.issue_count - len(submission.issues),
        "check_stopped": submission.message == tasks.CHECK_STOPPED_MESSAGE,
    }
    return render(request, "returns/submission.html", context)


def _with_check_job(submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    """Submissions with the job checking them (if any), without anyone's bytes."""
    return submissions.select_related("check_job").defer("content", "check_job__result")


def _report_download(council: Council, submission: Submission, report: Report, kind: str) -> HttpResponse:
    name = f"csww-report-{council.la_code}-{submission.year or 'unknown'}-{submission.pk}"
    if kind == "csv":
        response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    notes = [
        f"{council.name} ({council.la_code}): validation report of {submission.filename}, "
        f"uploaded {submission.uploaded_at:%d %B %Y %H:%M}.",
        f"{submission.error_count} errors, {submission.query_count} queries.",
        "Explanations: the text to paste into DfE COLLECT for each query.",
        "Personal data (SWE numbers): handle under your council's policy.",
    ]
    response = HttpResponse(
        report_xlsx(report, notes),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, la_code: str, pk: int) -> HttpResponse:
    """GET: the check page (what changes, old and new); POST: accept, with a reason if warned."""
    council = policy.upload_council_for(request, la_code)
    submission = get_object_or_404(Submission, pk=pk, council=council)
    if not submission.can_be_accepted:
        messages.error(
            request, f"{submission.filename}: cannot be accepted ({submission.get_status_display()})"
        )
        return redirect("returns:submission", la_code=council.la_code, pk=submission.pk)
    report = report_of(submission.issues)
    if request.method == "POST":
        explanations = {
            explanation_key(row.code, row.field): request.POST.get(f"explain-{row.anchor}", "")
            for row in report.query_rows()
        }
        try:
            accepted = services.accept_submission(
                submission, request.user, reason=request.POST.get("reason", ""), explanations=explanations
            )
        except services.AcceptBusyError as error:
            return _busy(request, council, error)
        except services.ReturnRefusedError as error:
            messages.error(request, str(error))
            return redirect("returns:accept", la_code=council.la_code, pk=submission.pk)
        return _accepted(request, council, submission, accepted)
    check = services.acceptance_check(submission)
    context = {"council": council, "submission": submission, "check": check, "queries": report.query_rows()}
    return render(request, "returns/accept.html", context)


@login_required
@require_POST
def restore(request: HttpRequest, la_code: str, pk: int) -> HttpResponse:
    """Make an earlier version current again: a new version with its bytes (audited)."""
    council = policy.upload_council_for(request, la_code)
    earlier = get_object_or_404(AcceptedReturn.objects.defer("content"), pk=pk, council=council)
    try:
        accepted = services.restore_version(earlier, request.user)
    except services.AcceptBusyError as error:
        return _busy(request, council, error)
    except services.ReturnRefusedError as error:
        messages.error(request, str(error))
        return redirect("returns:submissions", la_code=council.la_code)
    return _accepted(request, council, accepted.submission, accepted, restored_from=earlier.version)


def _busy(request: HttpRequest, council: Council, error: services.AcceptBusyError) -> HttpResponse:
    """Someone else is accepting a return: say so and ask to try again (409), never a 500."""
    context = {"council": council, "submission": error.submission, "message": str(error)}
    return render(request, "accept_busy.html", context, status=409)


def _accepted(
    request: HttpRequest,
    council: Council,
    submission: Submission,
    accepted: AcceptedReturn,
    *,
    restored_from: int | None = None,
) -> HttpResponse:
    record_event(
        request,
        Action.ACCEPT,
        council,
        submission=submission.pk,
        year=accepted.year,
        version=accepted.version,
        reason=bool(accepted.reason),
        explanations=len(accepted.explanations),
        restored_from=restored_from,
    )
    messages.success(
        request, f"{council.name}'s {accepted.year} return is accepted (version {accepted.version})."
    )
    return redirect("dashboards:council", la_code=council.la_code)


@login_required
@require_http_methods(["GET"])
def submissions(request: HttpRequest, la_code: str) -> HttpResponse:
    council = policy.council_for(request, la_code)
    accepted = (
        AcceptedReturn.objects.filter(council=council)
        .select_related("accepted_by", "submission__uploaded_by", "restored_from")
        .defer("content", "submission__content", "submission__issues", "restored_from__content")
        .order_by("-year", "-version")
    )
    current = {item.pk for item in services.current_accepted(council)}
    recent = list(_with_check_job(Submission.objects.filter(council=council)).defer("issues")[:20])
    for item in recent:
        tasks.check_state(item)  # a check whose job ended without settling it is shown as stopped
    context = {
        "council": council,
        "accepted": accepted,
        "current_ids": current,
        "recent": recent,
        "may_upload": policy.can_upload(request.user, council),
        "may_download": policy.can_see_workers(request.user, council),
    }
    return render(request, "returns/submissions.html", context)


def _current_workers(
    council_returns: list[AcceptedReturn], year: int | None
) -> tuple[AcceptedReturn | None, int | None]:
    by_year = {item.year: item for item in council_returns}
    chosen = year if year in by_year else (max(by_year) if by_year else None)
    return (by_year[chosen] if chosen is not None else None), chosen


def _year_parameter(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and len(text) == 4 else None


@login_required
@require_http_methods(["GET"])
def workers(request: HttpRequest, la_code: str) -> HttpResponse:
    council = policy.workers_council_for(request, la_code)
    current = services.current_accepted(council)
    accepted, year = _current_workers(current, _year_parameter(request))
    rows = (
        WorkerRecord.objects.filter(accepted_return=accepted).order_by("record").values_list(*ROW_FIELDS)
        if accepted
        else WorkerRecord.objects.none().values_list(*ROW_FIELDS)
    )
    page = Paginator(rows, WORKERS_PER_PAGE).get_page(request.GET.get("page"))
    record_event(
        request,
        Action.VIEW_WORKERS,
        council,
        year=year,
        version=accepted.version if accepted else None,
        rows=len(page.object_list),
        page=page.number,
    )
    context = {
        "council": council,
        "accepted": accepted,
        "year": year,
        "years": [item.year for item in current],
        "page": page,
        "rows_html": worker_rows_html(page.object_list),
        "columns": WORKER_COLUMNS,
    }
    return render(request, "returns/workers.html", context)


@login_required
@require_http_methods(["GET"])
def workers_export(request: HttpRequest, la_code: str) -> HttpResponse:
    council = policy.workers_council_for(request, la_code)
    accepted, year = _current_workers(services.current_accepted(council), _year_parameter(request))
    rows = (
        list(WorkerRecord.objects.filter(accepted_return=accepted).order_by("record").values(*ROW_FIELDS))
        if accepted
        else []
    )
    record_event(
        request,
        Action.EXPORT_WORKERS,
        council,
        year=year,
        version=accepted.version if accepted else None,
        rows=len(rows),
    )
    for row in rows:
        for column, item in CODED_COLUMNS.items():
            row[column] = label_for(item, row[column])
    table = SheetTable(
        columns=list(ROW_FIELDS),
        rows=[list(row.values()) for row in rows],
        headings={"record": "Record", **dict(WORKER_COLUMNS)},
        notes=[f"{council.name}: census return {year}. Personal data: handle under your council's policy."],
    )
    body = tables_xlsx_bytes({"Workers": table})
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="workers-{council.la_code}-{year or "none"}.xlsx"'
    )
    return response


@login_required
@require_http_methods(["GET"])
def download_xml(request: HttpRequest, la_code: str, pk: int) -> HttpResponse:
    """An accepted return as census XML for DfE (from the template or the original XML), audited."""
    council = policy.workers_council_for(request, la_code)
    accepted = get_object_or_404(AcceptedReturn.objects.defer("content"), pk=pk, council=council)
    if accepted.pruned_at is not None:
        return HttpResponse(
            f"The {accepted.year} return, version {accepted.version}, was removed on "
            f"{accepted.pruned_at:%d %B %Y} under the retention policy; its figures are kept.",
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    body = census_xml_bytes(services.census_of(accepted))
    record_event(
        request, Action.EXPORT_WORKERS, council, year=accepted.year, version=accepted.version, format="xml"
    )
    response = HttpResponse(body, content_type="application/xml")
    filename = f"csww-{council.la_code}-{accepted.year}-v{accepted.version}.xml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET"])
def blank_template(request: HttpRequest, la_code: str) -> HttpResponse:
    """An empty XLSX template for the council and a census year (``?year=``, default the current one)."""
    council = policy.upload_council_for(request, la_code)
    year = _year_parameter(request)
    if year not in YEARS:
        year = default_collection_year()
    buffer = io.BytesIO()
    write_blank_template(year, council.la_code, buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="csww-template-{council.la_code}-{year}.xlsx"'
    return response
