"""Starting background jobs, running them in the worker, and reading their status.

A page calls :func:`start_job` with one of the apps' django-tasks tasks (``<app>/tasks.py``); the
task calls :func:`perform` with the work to do, which records progress, the file made or a short
reason for a failure on the :class:`~csc_workforce.web.jobs.models.Job`. Status comes from
django-tasks' own result, so a job whose worker died shows as failed, not as running for ever.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_tasks.base import Task, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from csc_workforce.web import policy
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.jobs.models import Job
from csc_workforce.web.orgs.models import Council, Region

logger = logging.getLogger(__name__)

START_JOB: Final = "start_job"
DOWNLOAD_JOB_RESULT: Final = "download_job_result"
# A job's file that an app also offered in the request keeps that export's audit action on download.
DOWNLOAD_AUDIT: Final = "download_audit"
FAILED_MESSAGE: Final = "The job stopped with an unexpected error; try again, or tell your administrator"


class JobError(Exception):
    """A failure the user can act on; its message is shown on the job's page."""


@dataclass(frozen=True)
class JobFile:
    name: str
    content_type: str
    data: bytes


class JobState(Enum):
    WAITING = "Waiting to start"
    RUNNING = "Running"
    DONE = "Done"
    FAILED = "Failed"


_STATES: Final = {
    TaskResultStatus.READY: JobState.WAITING,
    TaskResultStatus.RUNNING: JobState.RUNNING,
    TaskResultStatus.SUCCESSFUL: JobState.DONE,
    TaskResultStatus.FAILED: JobState.FAILED,
}


def start_job(
    request: HttpRequest | None,
    task: Task[Any, Any],
    *,
    kind: str,
    title: str,
    council: Council | None = None,
    region: Region | None = None,
    params: dict[str, Any] | None = None,
    next_url: str = "",
) -> Job:
    """Record the job, queue ``task(job_id)`` for the worker and audit who asked for it
    (``request`` None: the system, e.g. a recompute after a return is accepted)."""
    user = getattr(request, "user", None)
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            title=title[:200],
            council=council,
            region=region,
            started_by=user if user is not None and user.is_authenticated else None,
            params=params or {},
            next_url=next_url,
        )
        job.task_id = str(task.enqueue(str(job.pk)).id)
        job.save(update_fields=["task_id"])
        if request is not None:  # a person asked; the system's own recomputes are not audited
            record_event(
                request,
                START_JOB,
                council,
                job=str(job.pk),
                kind=kind,
                **({"region": region.slug} if region is not None else {}),
            )
    return job


def start_job_page(request: HttpRequest, task: Task[Any, Any], **job: Any) -> HttpResponseRedirect:
    """Start the job (:func:`start_job`) and send the person to its page."""
    started = start_job(request, task, **job)
    return redirect("jobs:status", job_id=started.pk)


def back_to_page(url_name: str, key: str, query: dict[str, str]) -> HttpResponseRedirect:
    """Where an old in-request download address now leads: the page (``url_name`` for the
    council or region ``key``, same query) whose button starts the job."""
    return redirect(reverse(url_name, args=[key]) + (f"?{urlencode(query)}" if query else ""))


def job_council(job: Job) -> Council:
    if job.council is None:
        raise JobError("This job names no council")
    return job.council


def job_region(job: Job) -> Region:
    if job.region is None:
        raise JobError("This job names no region")
    return job.region


def waiting_job(kind: str, region: Region) -> Job | None:
    """A job of ``kind`` for ``region`` that the worker has not begun: it will read the newest data
    when it starts, so another is not needed."""
    return Job.objects.filter(kind=kind, region=region, started_at__isnull=True).exclude(task_id="").first()


def unfinished_job(kind: str, region: Region) -> Job | None:
    """The newest job of ``kind`` for ``region`` that has not finished (waiting or running)."""
    return Job.objects.filter(kind=kind, region=region, finished_at__isnull=True).exclude(task_id="").first()


def perform(job_id: str, work: Callable[[Job], JobFile | None]) -> str:
    """Run ``work`` for the job (in the worker): mark it started, keep the file it makes, and on a
    failure keep a reason the user can read before letting django-tasks mark the task failed."""
    job = Job.objects.select_related("council", "region", "started_by").get(pk=job_id)
    job.started_at = timezone.now()
    job.save(update_fields=["started_at"])
    try:
        made = work(job)
    except JobError as error:
        _finish(job, error=str(error))
        raise
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, error=FAILED_MESSAGE)
        raise
    if made is not None:
        job.result_name, job.result_type, job.result = made.name, made.content_type, made.data
    job.progress = ""
    _finish(job)
    return str(job.pk)


def _finish(job: Job, error: str = "") -> None:
    job.error = error[:300]
    job.finished_at = timezone.now()
    job.save()


def report_progress(job: Job, text: str) -> None:
    """What the job is doing now, shown on its page at the next refresh."""
    job.progress = text[:200]
    Job.objects.filter(pk=job.pk).update(progress=job.progress)


def audit_download_as(job: Job, action: str, **detail: Any) -> None:
    """Audit each download of the job's file also as ``action`` with ``detail`` (the app's own
    export event, so the audit trail reads the same as when the file was made in the request)."""
    job.params = {**job.params, DOWNLOAD_AUDIT: {"action": action, "detail": detail}}


def download_audit(job: Job) -> tuple[str, dict[str, Any]] | None:
    """The app's export event recorded with each download (:func:`audit_download_as`), if any."""
    audit = job.params.get(DOWNLOAD_AUDIT)
    if not isinstance(audit, dict):
        return None
    return str(audit["action"]), dict(audit["detail"])


def job_state(job: Job) -> JobState:
    """The job's state from django-tasks' result (failed when the result has gone)."""
    if not job.task_id:
        return JobState.FAILED
    try:
        result = job_task_result(job)
    except TaskResultDoesNotExist:
        return JobState.DONE if job.finished_at and not job.error else JobState.FAILED
    return _STATES[TaskResultStatus(result.status)]


def job_task_result(job: Job) -> Any:
    from django_tasks import default_task_backend  # noqa: PLC0415 - the backend is set up lazily

    return default_task_backend.get_result(job.task_id)


def can_see_job(user: Any, job: Job) -> bool:
    """A council's job: whoever may see the council's pages; a region's: whoever may see the
    region's pages (``web.policy``). A job for neither is the administrators'."""
    if job.council is not None:
        return policy.can_see_council(user, job.council)
    if job.region is not None:
        return policy.can_see_region(user, job.region)
    return policy.is_admin(user)


def job_for(request: HttpRequest, job_id: str) -> Job:
    """The job if the user may see it; 404 otherwise, so another council's jobs cannot be probed."""
    job = Job.objects.select_related("council", "region", "started_by").filter(pk=job_id).first()
    if job is None or not can_see_job(request.user, job):
        raise Http404("No such job")
    return job
