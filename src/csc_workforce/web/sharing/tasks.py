"""The staff-sharing background job: the regional lead's loan proposals (forecasts of every
member council and the region's plan take several seconds, too long for a request)."""

from __future__ import annotations

from typing import Final

from django_tasks import task

from csc_workforce.web.jobs.models import Job
from csc_workforce.web.jobs.services import JobError, perform, report_progress
from csc_workforce.web.sharing import services

PROPOSE_LOANS: Final = "sharing_proposals"


@task()
def propose_loans(job_id: str) -> str:
    def work(job: Job) -> None:
        if job.region is None or job.started_by is None:
            raise JobError("This job names no region or no regional lead")
        params = job.params
        run = services.propose(
            job.started_by,
            job.region,
            int(params["horizon"]),
            float(params["prudence"]),
            services.pairs_from_json(params.get("neighbours")),
            progress=lambda text: report_progress(job, text),
        )
        job.params = {**params, "run": run.pk}

    return perform(job_id, work)
