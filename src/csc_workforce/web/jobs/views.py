"""The job's page (refreshes itself until the job ends; no script needed) and the audited
download of the file it made. Who may see a job: ``services.job_for`` through ``web.policy``."""

from __future__ import annotations

from typing import Final
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from csc_workforce.web.audit.services import record_event
from csc_workforce.web.jobs import services

REFRESH_SECONDS: Final = 2


@login_required
@require_GET
@never_cache
def job_status(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = services.job_for(request, str(job_id))
    state = services.job_state(job)
    finished = state in (services.JobState.DONE, services.JobState.FAILED)
    context = {
        "job": job,
        "state": state.value,
        "done": state is services.JobState.DONE,
        "failed": state is services.JobState.FAILED,
        "refresh_seconds": None if finished else REFRESH_SECONDS,
        "has_file": bool(job.result_name) and state is services.JobState.DONE,
    }
    return render(request, "jobs/status.html", context)


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = services.job_for(request, str(job_id))
    if services.job_state(job) is not services.JobState.DONE or not job.result_name or job.result is None:
        raise Http404("This job has no file to download")
    record_event(
        request,
        services.DOWNLOAD_JOB_RESULT,
        job.council,
        job=str(job.pk),
        kind=job.kind,
        file=job.result_name,
        **({"region": job.region.slug} if job.region is not None else {}),
    )
    if (export := services.download_audit(job)) is not None:
        action, detail = export
        record_event(request, action, job.council, **detail)
    response = HttpResponse(bytes(job.result), content_type=job.result_type)
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    return response
