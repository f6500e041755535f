"""The staff-sharing background jobs: the regional lead's loan proposals (forecasts of every
member council and the region's plan take several seconds, too long for a request) and the
partnership board's PDF (its download audited as ``export_sharing_region``, as the GET's is)."""

from __future__ import annotations

from typing import Final

from django_tasks import task

from csc_workforce.reporting.tables_pdf import tables_pdf_bytes
from csc_workforce.web.jobs.models import Job
from csc_workforce.web.jobs.services import (
    JobError,
    JobFile,
    audit_download_as,
    job_region,
    perform,
    report_progress,
)
from csc_workforce.web.orgs.models import Region
from csc_workforce.web.sharing import services

PROPOSE_LOANS: Final = "sharing_proposals"
REGION_PDF: Final = "sharing_region_pdf"
EXPORT_REGION: Final = "export_sharing_region"


def region_pdf(region: Region) -> bytes:
    """The partnership board's copy: ledger, proposals and agreements."""
    tables = services.workbook_tables(region, services.latest_run(region))
    return tables_pdf_bytes(f"Staff sharing – {region.name}", tables)


def region_filename(region: Region, fmt: str) -> str:
    return f"sharing-{region.slug}.{fmt}"


@task()
def build_region_pdf(job_id: str) -> str:
    def work(job: Job) -> JobFile:
        region = job_region(job)
        report_progress(job, "Writing the ledger, proposals and agreements as a PDF")
        pdf = region_pdf(region)
        audit_download_as(job, EXPORT_REGION, region=region.slug, format="pdf")
        return JobFile(region_filename(region, "pdf"), "application/pdf", pdf)

    return perform(job_id, work)


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
