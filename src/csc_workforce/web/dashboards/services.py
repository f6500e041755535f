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


def region_current(region: Region) -> list[AcceptedReturn]:
    """Every member council's current returns (one query; the bytes are not loaded)."""
    latest: dict[tuple[int, int], AcceptedReturn] = {}
    rows = (
        AcceptedReturn.objects.filter(council__region=region)
        .select_related("council")
        .order_by("council_id", "year", "-version")
        .only("year", "version", "council__la_code")
    )
    for accepted in rows:
        latest.setdefault((accepted.council_id, accepted.year), accepted)
    return list(latest.values())


def _frame(accepted_ids: tuple[int, ...]) -> pl.DataFrame:
    rows = AcceptedReturn.objects.filter(pk__in=accepted_ids).select_related("council").defer("content")
    return measures_frame(_snapshot(accepted) for accepted in rows)


# View models are cached by the ids of the accepted returns they rest on: an accepted return never
# changes and a new acceptance changes the ids, so a cached model is never stale.
@lru_cache(maxsize=128)
def _council_view(
    la_code: str, name: str, region_name: str, accepted_ids: tuple[int, ...], year: int | None
) -> CouncilDashboard:
    return council_dashboard(la_code, _frame(accepted_ids), la_name=name, region_name=region_name, year=year)


def council_view(council: Council, *, year: int | None = None) -> CouncilDashboard:
    """The council's own dashboard: its users (and administrators) see every figure unsuppressed."""
    ids = tuple(accepted.pk for accepted in current_accepted(council))
    return _council_view(council.la_code, council.name, council.region.name, ids, year)


@lru_cache(maxsize=256)
def _breakdown(keys: tuple[tuple[int, str], ...], by: str, year: int | None) -> Breakdown:
    # Accepted returns never change, so (id, digest) pairs identify the data for good.
    accepted = AcceptedReturn.objects.filter(pk__in=[pk for pk, _ in keys]).defer("content")
    returns = [census_of(item) for item in sorted(accepted, key=lambda item: item.year)]
    return council_breakdown(returns, by, year)


def breakdown_view(council: Council, by: str, year: int | None) -> Breakdown:
    keys = tuple((accepted.pk, accepted.sha256) for accepted in current_accepted(council))
    return _breakdown(keys, by, year)


@lru_cache(maxsize=32)
def _region_view(slug: str, accepted_ids: tuple[int, ...], threshold: int) -> RegionalDashboard:
    rows = AcceptedReturn.objects.filter(pk__in=accepted_ids).select_related("council").defer("content")
    frame = measures_frame(_snapshot(accepted) for accepted in rows)
    names = dict(Council.objects.filter(region__slug=slug).values_list("la_code", "name"))
    return regional_dashboard(find_region(slug), frame, rule=DisclosureRule(threshold), names=names)


def region_view(region: Region, rule: DisclosureRule) -> RegionalDashboard:
    """Every member council side by side, small numbers suppressed (whoever is looking)."""
    ids = tuple(sorted(accepted.pk for accepted in region_current(region)))
    return _region_view(region.slug, ids, rule.threshold)
