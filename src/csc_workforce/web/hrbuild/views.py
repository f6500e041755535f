"""The "Build the return from HR data" journey: upload, review the mapping on one page, build.

Every page needs the council's upload permission (``policy.upload_council_for``); uploads,
mapping saves and builds are audited.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from csc_workforce.core.hr.build import HrBuildError
from csc_workforce.core.hr.mapping import HrMapping, MappingError, mapping_from_document
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.hr_mapping import document_yaml
from csc_workforce.web import policy
from csc_workforce.web.audit.models import Action
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.hrbuild import services
from csc_workforce.web.hrbuild.forms import StartForm, last_month_end
from csc_workforce.web.hrbuild.models import (
    AGENCY,
    SOURCE_KINDS,
    STAFF,
    HrDraft,
    HrSampleFile,
)
from csc_workforce.web.hrbuild.review import SourceReview, la_rows, posted_document, source_review

AUDIT_MAPPING_SAVE = "hr_mapping_save"
AUDIT_HR_UPLOAD = "hr_upload"


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, la_code: str) -> HttpResponse:
    council = policy.upload_council_for(request, la_code)
    form = StartForm(
        request.POST or None, request.FILES or None, initial={"as_of": last_month_end(date.today())}
    )
    error = None
    if request.method == "POST" and form.is_valid():
        staff = form.cleaned_data["staff"]
        files = [services.UploadedExtract(STAFF, staff.name, staff.read())]
        if form.cleaned_data["agency"]:
            agency = form.cleaned_data["agency"]
            files.append(services.UploadedExtract(AGENCY, agency.name, agency.read()))
        try:
            draft = services.create_draft(
                council, request.user, form.cleaned_data["year"], form.cleaned_data["as_of"], files
            )
        except UnreadableFileError as refused:
            error = str(refused)
        else:
            record_event(
                request, AUDIT_HR_UPLOAD, council, draft=draft.pk, files=[upload.filename for upload in files]
            )
            return redirect("hrbuild:review", la_code=council.la_code, pk=draft.pk)
    context = {
        "council": council,
        "form": form,
        "request_error": error,
        "saved": [services.latest_mapping(council, kind) for kind in SOURCE_KINDS],
        "samples": HrSampleFile.objects.defer("content"),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "hrbuild/start.html", context, status=status)


def _audit_build(request: HttpRequest, council: object, outcome: services.BuildOutcome) -> None:
    for version in outcome.saved:
        record_event(request, AUDIT_MAPPING_SAVE, council, kind=version.kind, version=version.version)  # type: ignore[arg-type]
    submission = outcome.submission
    record_event(
        request,
        Action.UPLOAD,
        council,  # type: ignore[arg-type]
        submission=submission.pk,
        filename=submission.filename,
        status=submission.status,
        errors=submission.error_count,
        queries=submission.query_count,
        source="hr",
    )


def _reviews(draft: HrDraft, documents: dict[str, dict[str, object]] | None) -> list[SourceReview]:
    reviews = []
    for kind, extract in services.draft_extracts(draft):
        saved = services.latest_mapping(draft.council, kind)
        base: HrMapping | None
        if documents is not None:
            base = mapping_from_document(documents[kind])
        else:
            base = mapping_from_document(saved.document) if saved is not None else None
        reviews.append(
            source_review(
                kind,
                SOURCE_KINDS[kind],
                extract,
                draft.year,
                base=base,
                saved_version=saved.version if saved else None,
            )
        )
    return reviews


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, la_code: str, pk: int) -> HttpResponse:
    council = policy.upload_council_for(request, la_code)
    draft = get_object_or_404(HrDraft, pk=pk, council=council)
    problems: list[str] = []
    chosen: dict[str, dict[str, object]] | None = None  # the user's choices, once they make mappings
    if request.method == "POST":
        extracts = services.draft_extracts(draft)
        kinds = [kind for kind, _ in extracts]
        documents = {
            kind: posted_document(kind, request.POST, extract, draft.year, la_level=kind == STAFF)
            for kind, extract in extracts
        }
        try:
            for kind in kinds:
                mapping_from_document(documents[kind])
        except MappingError as error:
            problems.append(f"{services.mapping_name(kind)}: {error}")
        else:
            chosen = documents
        if chosen is not None and request.POST.get("action") == "build":
            try:
                outcome = services.build_from_draft(draft, chosen, request.user)
            except (MappingError, HrBuildError) as error:
                problems.extend(str(error).splitlines())
            else:
                _audit_build(request, council, outcome)
                return redirect("returns:submission", la_code=council.la_code, pk=outcome.submission.pk)
    reviews = _reviews(draft, chosen)
    staff_base: HrMapping | None
    if chosen is not None:
        staff_base = mapping_from_document(chosen[STAFF])
    else:
        staff_base = services.saved_mapping(council, STAFF)
    context = {
        "council": council,
        "draft": draft,
        "reviews": reviews,
        "la_rows": la_rows(draft.year, staff_base),
        "problems": problems,
        "new_values": sum(r.new_values for r in reviews),
    }
    return render(request, "hrbuild/review.html", context, status=400 if problems else 200)


@login_required
@require_GET
def mapping_file(request: HttpRequest, la_code: str, kind: str) -> HttpResponse:
    council = policy.upload_council_for(request, la_code)
    if kind not in SOURCE_KINDS:
        raise Http404("No such mapping")
    latest = services.latest_mapping(council, kind)
    if latest is None:
        raise Http404("No saved mapping")
    response = HttpResponse(document_yaml(latest.document), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{council.la_code}_{kind}_mapping_v{latest.version}.yaml"'
    )
    return response


@login_required
@require_GET
def sample_file(request: HttpRequest, name: str) -> HttpResponse:
    sample = get_object_or_404(HrSampleFile, name=name)
    kind = (
        "text/csv"
        if name.endswith(".csv")
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(bytes(sample.content), content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{sample.name}"'
    return response
