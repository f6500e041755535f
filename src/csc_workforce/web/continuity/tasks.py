"""The continuity app's background jobs: the council's and the region's continuity PDFs. Each
download is audited as the in-request export was (``continuity_export``, ``continuity_export_region``)."""

from __future__ import annotations

from typing import Final

from django_tasks import task

from csc_workforce.web.continuity import reports
from csc_workforce.web.jobs.models import Job
from csc_workforce.web.jobs.services import (
    JobError,
    JobFile,
    audit_download_as,
    job_council,
    job_region,
    perform,
    report_progress,
)

COUNCIL_PDF: Final = "continuity_pdf"
REGION_PDF: Final = "continuity_region_pdf"
EXPORT_COUNCIL: Final = "continuity_export"
EXPORT_REGION: Final = "continuity_export_region"
PDF: Final = "application/pdf"


@task()
def build_council_pdf(job_id: str) -> str:
    def work(job: Job) -> JobFile:
        council = job_council(job)
        report_progress(job, "Measuring every year's continuity and the projection")
        export = reports.council_export(council)
        if export is None:
            raise JobError("No SSDA903 tables have been uploaded")
        report_progress(job, "Drawing the charts and writing the PDF")
        pdf = reports.council_export_pdf(council, export)
        audit_download_as(job, EXPORT_COUNCIL, format="pdf", years=len(export.years))
        return JobFile(export.filename(council, "pdf"), PDF, pdf)

    return perform(job_id, work)


@task()
def build_region_pdf(job_id: str) -> str:
    def work(job: Job) -> JobFile:
        region = job_region(job)
        report_progress(job, "Comparing the member councils")
        asked = str(job.params.get("year", ""))
        context = reports.region_context(region, asked)
        year = context["year"]
        if year is None:
            raise JobError("No member council has uploaded SSDA903 tables")
        if asked and asked != str(year):
            raise JobError(f"No member council has figures for the year ending 31 March {asked}")
        report_progress(job, "Drawing the charts and writing the PDF")
        pdf = reports.region_export_pdf(region, context)
        audit_download_as(job, EXPORT_REGION, region=region.slug, format="pdf", year=year)
        return JobFile(reports.region_filename(region, year, "pdf"), PDF, pdf)

    return perform(job_id, work)
