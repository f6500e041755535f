"""The retention app's background jobs: the council's retention report and the region's table
and chart, each as a PDF (the region's download audited as the in-request export was)."""

from __future__ import annotations

from typing import Any, Final

from django_tasks import task

from csc_workforce.reporting.retention import regional_chart, regional_table, tables_pdf
from csc_workforce.web.dashboards.views import disclosure_rule
from csc_workforce.web.jobs.models import Job
from csc_workforce.web.jobs.services import (
    JobError,
    JobFile,
    audit_download_as,
    job_region,
    perform,
    report_progress,
)
from csc_workforce.web.staying import figures, reports, services

RETENTION_PDF: Final = "retention_pdf"
REGION_PDF: Final = "retention_region_pdf"
EXPORT_REGION_RETENTION: Final = "export_region_retention"
# Each download of a job's PDF is audited also as the in-request export was.
EXPORT_RETENTION: Final = "export_retention"


def team_detail(teams: int) -> dict[str, Any]:
    """The audit detail of retention by team: how many teams were shown (never who is in them)."""
    return {"teams": teams} if teams else {}


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
        audit_download_as(job, EXPORT_RETENTION, format="pdf", grouping=by, **team_detail(found.teams))
        return JobFile(reports.council_pdf_filename(council), "application/pdf", pdf)

    return perform(job_id, work)


@task()
def build_region_pdf(job_id: str) -> str:
    def work(job: Job) -> JobFile:
        region = job_region(job)
        rule = disclosure_rule()
        report_progress(job, "Estimating how long social workers stay in each council")
        rows = figures.region_rows(region, rule)
        report_progress(job, "Writing the PDF")
        title = f"{region.name}: retention of social workers by council"
        chart = regional_chart(rows, region.name, None) if rows else ""
        pdf = tables_pdf(title, [], [regional_table(rows, rule.threshold)], [chart])
        audit_download_as(job, EXPORT_REGION_RETENTION, region=region.slug, format="pdf")
        return JobFile(f"retention-{region.slug}.pdf", "application/pdf", pdf)

    return perform(job_id, work)
