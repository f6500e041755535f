"""The agency app's background job: the region's compliance report as a PDF. Each download is
audited as the in-request export was (``agency_export_region``)."""

from __future__ import annotations

from typing import Final

from django_tasks import task

from csc_workforce.reporting.agency_report import report_pdf_bytes
from csc_workforce.web.agency import reports
from csc_workforce.web.jobs.models import Job
from csc_workforce.web.jobs.services import (
    JobError,
    JobFile,
    audit_download_as,
    job_region,
    perform,
    report_progress,
)

REGION_PDF: Final = "agency_region_pdf"
EXPORT_REGION: Final = "agency_export_region"


@task()
def build_region_pdf(job_id: str) -> str:
    def work(job: Job) -> JobFile:
        region = job_region(job)
        report_progress(job, "Checking every member council's engagements against the caps")
        period = {key: str(job.params[key]) for key in ("from", "to") if job.params.get(key)}
        built = reports.region_report(region, period)
        if built["period_error"]:
            raise JobError(built["period_error"])
        report = built["report"]
        report_progress(job, "Drawing the chart and writing the PDF")
        pdf = report_pdf_bytes(report, engagement_rows=False)
        audit_download_as(
            job, EXPORT_REGION, region=region.slug, format="pdf", engagements=report.engagements
        )
        return JobFile(reports.region_filename(region, report, "pdf"), "application/pdf", pdf)

    return perform(job_id, work)
