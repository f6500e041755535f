"""The forecasts app's background jobs: the board pack PDF, and the regional forecast pages
recomputed after a council's census return is accepted or its forecast settings change (and other
apps' pages resting on the same returns, e.g. the retention figures)."""

from __future__ import annotations

from typing import Any, Final

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_save
from django.http import QueryDict
from django_tasks import task

from csc_workforce.web.forecasts import reports, services
from csc_workforce.web.forecasts.models import ForecastSettings
from csc_workforce.web.forecasts.region import REGION_MONTHS, precompute_region
from csc_workforce.web.jobs.models import Job
from csc_workforce.web.jobs.services import (
    JobError,
    JobFile,
    audit_download_as,
    perform,
    report_progress,
    start_job,
    waiting_job,
)
from csc_workforce.web.orgs.models import Region
from csc_workforce.web.returns.models import AcceptedReturn

BOARD_PACK: Final = "board_pack"
FORECAST_PDF: Final = "forecast_pdf"
# Each download of a job's PDF is audited also as the in-request export was.
EXPORT_FORECAST: Final = "export_forecast"
EXPORT_BOARD_PACK: Final = "export_board_pack"
REGION_FORECASTS: Final = "region_forecasts"


@task()
def build_board_pack(job_id: str) -> str:
    def work(job: Job) -> JobFile:
        council = job.council
        if council is None:
            raise JobError("This job names no council")
        report_progress(job, "Forecasting the council's workforce and its saved scenarios")
        try:
            pack = reports.board_pack(council)
        except reports.BoardPackError as exc:
            raise JobError(str(exc)) from None
        audit_download_as(job, EXPORT_BOARD_PACK, scenarios=pack.scenarios)
        return JobFile(reports.board_pack_filename(council), "application/pdf", pack.pdf)

    return perform(job_id, work)


@task()
def build_forecast_pdf(job_id: str) -> str:
    def work(job: Job) -> JobFile:
        council = job.council
        if council is None:
            raise JobError("This job names no council")
        report_progress(job, "Forecasting the baseline and the scenarios, then writing the PDF")
        try:
            name, pdf, scenarios = reports.forecast_pdf(council, QueryDict(str(job.params.get("query", ""))))
        except (services.NoForecastError, ValueError) as exc:
            raise JobError(f"No forecast report: {exc}") from None
        audit_download_as(job, EXPORT_FORECAST, format="pdf", scenarios=scenarios)
        return JobFile(name, "application/pdf", pdf)

    return perform(job_id, work)


@task()
def precompute_region_forecasts(job_id: str) -> str:
    def work(job: Job) -> None:
        if job.region is None:
            raise JobError("This job names no region")

        def progress(done: int) -> None:
            report_progress(job, f"Forecast {done} of {len(REGION_MONTHS)} horizons")

        precompute_region(job.region, progress=progress)
        # Other pages resting on the same accepted returns are computed ahead here too: an app's
        # ``precompute_region(region, progress)`` (the retention figures, ``web.staying``).
        for config in apps.get_app_configs():
            hook = getattr(config, "precompute_region", None)
            if callable(hook):
                hook(job.region, lambda text: report_progress(job, text))

    return perform(job_id, work)


def queue_region_forecasts(region: Region) -> Job:
    """Recompute the region's forecast pages in the background, unless a recompute is already
    waiting (it will read the newest returns and settings when it starts)."""
    waiting = waiting_job(REGION_FORECASTS, region)
    if waiting is not None:
        return waiting
    return start_job(
        None,
        precompute_region_forecasts,
        kind=REGION_FORECASTS,
        title=f"Regional forecast for {region.name}",
        region=region,
    )


def _queue_after_commit(region_id: int | None) -> None:
    if region_id is None:
        return

    def queue() -> None:
        region = Region.objects.filter(pk=region_id).first()
        if region is not None:
            queue_region_forecasts(region)

    transaction.on_commit(queue)


def return_accepted(sender: Any, instance: AcceptedReturn, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        _queue_after_commit(instance.council.region_id)


def settings_changed(sender: Any, instance: ForecastSettings, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _queue_after_commit(instance.council.region_id)


def connect_signals() -> None:
    post_save.connect(return_accepted, sender=AcceptedReturn, dispatch_uid="forecasts.return_accepted")
    post_save.connect(settings_changed, sender=ForecastSettings, dispatch_uid="forecasts.settings_changed")
