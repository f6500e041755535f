"""The region's compliance report for a period, built once for the region page, its Excel
download and the background PDF job (``agency/tasks.py``)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any

from csc_workforce.reporting.agency_report import ComplianceReport
from csc_workforce.web.agency import pages, services
from csc_workforce.web.fragments import DerivedCache
from csc_workforce.web.orgs.models import Region

logger = logging.getLogger(__name__)

# Reports kept beside the kept check they come from (web/fragments.py), per period, disclosure
# threshold and day (the report says when it was made).
REPORTS: DerivedCache[ComplianceReport] = DerivedCache(maxsize=16)


def region_report(region: Region, query: Mapping[str, Any]) -> dict[str, Any]:
    """The report for the period asked for (``from``/``to``, default the register's span); a
    period that cannot be read is named in ``period_error`` and the default is used."""
    registers, check = services.region_check(region)
    today = date.today()
    start, end = services.default_period(check.engagements, today)
    period_error = None
    try:
        start, end = pages.requested_period(query, (start, end))
    except pages.PeriodError as error:
        period_error = str(error)
    rule = services.disclosure_rule()
    report = REPORTS.get(
        (check,),
        (region.name, start, end, rule.threshold, today),
        lambda: services.compliance_report(check, region, start, end, rule),
    )
    return {
        "registers": registers,
        "missing": registers.missing,
        "check": check,
        "report": report,
        "period": (start, end),
        "period_error": period_error,
    }


def region_filename(region: Region, report: Any, file_format: str) -> str:
    return f"agency-compliance-{region.slug}-{report.period_start}-to-{report.period_end}.{file_format}"


def warm_region_report(region: Region) -> None:
    """Check the region and build its report for the default period now, after an upload changed
    what they rest on, so that the region's lead is not the one who waits (best effort: on any
    failure the page builds them on its first view, as before; per process, like what is kept)."""
    try:
        region_report(region, {})
    except Exception:  # the page builds it on first view instead
        logger.warning("agency report of region %s not built after an upload", region.slug, exc_info=True)
