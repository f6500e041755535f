"""Dashboard data from the database: accepted returns' measures snapshots and, for breakdowns,
the returns themselves. Read-only; every caller has passed ``csc_workforce.web.policy`` first."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from csc_workforce.analytics.dashboard import (
    Breakdown,
    CouncilDashboard,
    RegionalDashboard,
    council_breakdown,
    council_dashboard,
    measures_frame,
    regional_dashboard,
)
from csc_workforce.core.disclosure import DisclosureRule
from csc_workforce.ingest.published import find_region
from csc_workforce.web.orgs.models import Council, Region
from csc_workforce.web.returns.models import AcceptedReturn
from csc_workforce.web.returns.services import census_of, current_accepted


def _snapshot(accepted: AcceptedReturn) -> dict[str, object]:
    # The snapshot is the council-measures row computed at acceptance; the key columns come from
    # the accepted return itself so a snapshot can never speak for another council or year.
    return {**accepted.measures, "time_period": accepted.year, "old_la_code": accepted.council.la_code}


def council_frame(council: Council) -> pl.DataFrame:
    return measures_frame(_snapshot(accepted) for accepted in current_accepted(council))


def region_frame(region: Region) -> pl.DataFrame:
    """Measures of every member council's current returns (one query)."""
    latest: dict[tuple[int, int], AcceptedReturn] = {}
    rows = (
        AcceptedReturn.objects.filter(council__region=region)
        .select_related("council")
        .order_by("council_id", "year", "-version")
        .only("year", "version", "measures", "council__la_code")
    )
    for accepted in rows:
        latest.setdefault((accepted.council_id, accepted.year), accepted)
    return measures_frame(_snapshot(accepted) for accepted in latest.values())


def council_view(council: Council, *, year: int | None = None) -> CouncilDashboard:
    """The council's own dashboard: its users (and administrators) see every figure unsuppressed."""
    return council_dashboard(
        council.la_code,
        council_frame(council),
        la_name=council.name,
        region_name=council.region.name,
        year=year,
    )


@lru_cache(maxsize=256)
def _breakdown(keys: tuple[tuple[int, str], ...], by: str, year: int | None) -> Breakdown:
    # Accepted returns never change, so (id, digest) pairs identify the data for good.
    accepted = AcceptedReturn.objects.filter(pk__in=[pk for pk, _ in keys]).defer("content")
    returns = [census_of(item) for item in sorted(accepted, key=lambda item: item.year)]
    return council_breakdown(returns, by, year)


def breakdown_view(council: Council, by: str, year: int | None) -> Breakdown:
    keys = tuple((accepted.pk, accepted.sha256) for accepted in current_accepted(council))
    return _breakdown(keys, by, year)


def region_view(region: Region, rule: DisclosureRule | None = None) -> RegionalDashboard:
    """Every member council side by side, small numbers suppressed (whoever is looking)."""
    published = find_region(region.slug)
    names = {council.la_code: council.name for council in region.councils.all()}
    return regional_dashboard(published, region_frame(region), rule=rule, names=names)
