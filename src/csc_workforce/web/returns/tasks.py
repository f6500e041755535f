"""The returns app's background job: checking a large census upload (over
``CSCW_INLINE_CHECK_BYTES``) in the worker, so the request that brought it only stores it.

The upload is held as a "checking" :class:`Submission` whose bytes stay only until the check ends;
the worker then checks it with the same code as an inline upload (``services.finish_check``) and
the submission's page becomes its report. A check that raises, or whose job failed (its worker
died), leaves the upload unreadable with no bytes.
"""

from __future__ import annotations

from typing import Final

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django_tasks import task

from csc_workforce.web.audit.models import Action
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.jobs.models import Job
from csc_workforce.web.jobs.services import JobState, job_state, perform, report_progress, start_job
from csc_workforce.web.orgs.models import Council
from csc_workforce.web.returns import services
from csc_workforce.web.returns.models import Submission, SubmissionStatus

UPLOAD_CHECK: Final = "upload_check"
# The system's own audit actor for the outcome of a check (record_event without a request).
WORKER_ACTOR: Final = "jobs worker"
CHECK_STOPPED_MESSAGE: Final = (
    "The check stopped before it finished, and nothing was kept. Upload the file again; "
    "if this happens again, tell your administrator"
)


@task()
def check_large_upload(job_id: str) -> str:
    def work(job: Job) -> None:
        submission_id = int(job.params["submission"])
        try:
            submission = services.finish_check(
                submission_id, progress=lambda text: report_progress(job, text)
            )
        except Exception:
            services.abandon_check(submission_id, CHECK_STOPPED_MESSAGE)
            _audit_outcome(job, Submission.objects.select_related("council").get(pk=submission_id))
            raise
        _audit_outcome(job, submission)

    return perform(job_id, work)


def _audit_outcome(job: Job, submission: Submission) -> None:
    record_event(
        None,
        Action.UPLOAD_CHECKED,
        submission.council,
        username=WORKER_ACTOR,
        submission=submission.pk,
        job=str(job.pk),
        status=submission.status,
        errors=submission.error_count,
        queries=submission.query_count,
    )


def check_in_background(request: HttpRequest, council: Council, data: bytes, filename: str) -> Submission:
    """Hold a large upload as "checking" and queue its check (the job's start is audited)."""
    with transaction.atomic():
        submission = services.hold_for_checking(council, data, filename, request.user)
        job = start_job(
            request,
            check_large_upload,
            kind=UPLOAD_CHECK,
            title=f"Checking {submission.filename}",
            council=council,
            params={"submission": submission.pk},
            next_url=reverse("returns:submission", args=[council.la_code, submission.pk]),
        )
        submission.check_job = job
        submission.save(update_fields=["check_job"])
    return submission


def check_state(submission: Submission) -> JobState | None:
    """The state of a "checking" submission's job (None for any other submission). A check whose
    job has ended without settling it (its worker died) is settled here: unreadable, no bytes."""
    if submission.status != SubmissionStatus.CHECKING:
        return None
    job = submission.check_job
    state = job_state(job) if job is not None else JobState.FAILED
    if state in {JobState.DONE, JobState.FAILED}:
        services.abandon_check(submission.pk, CHECK_STOPPED_MESSAGE)
        submission.refresh_from_db()  # settled here, or just now by the worker: read its outcome
        return None
    return state
