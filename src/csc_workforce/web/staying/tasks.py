"""The retention app's background job: the council's retention report as a PDF."""

from __future__ import annotations

from typing import Final

from django_tasks import task

from csc_workforce.web.jobs.models import Job
from csc_workforce.web.jobs.services import JobError, JobFile, perform, report_progress
from csc_workforce.web.staying import figures, reports, services

RETENTION_PDF: Final = "retention_pdf"


@task()
def build_retention_pdf(job_id: str) -> str:
    def work(job: Job) -> JobFile:
        council = job.council
        if council is None:
            raise JobError("This job names no council")
        by = str(job.params.get("by", services.GROUPINGS[0]))
        if by not in services.GROUPINGS:
            raise JobError(f"The retention report cannot be grouped by {by!r}")
        report_progress(job, "Estimating how long social workers stay")
        found = figures.council_figures(council, by)
        if found is None:
            raise JobError("This council has no accepted census return yet")
        report_progress(job, "Writing the PDF")
        pdf = reports.figures_pdf(council, found)
        return JobFile(reports.council_pdf_filename(council), "application/pdf", pdf)

    return perform(job_id, work)
