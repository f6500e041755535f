"""Dashboard data from the database: accepted returns' measures snapshots and, for breakdowns,
the returns themselves. Read-only; every caller has passed ``csc_workforce.web.policy`` first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
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
from csc_workforce.core.census.years import default_year_among
from csc_workforce.core.disclosure import DisclosureRule
from csc_workforce.ingest.published import find_region
from csc_workforce.web.orgs.models import Council, Region
from csc_workforce.web.returns.models import AcceptedReturn
from csc_workforce.web.returns.services import ReturnIdentity, census_of, current_identities, current_versions


def _snapshot(accepted: AcceptedReturn) -> dict[str, object]:
    # The snapshot is the council-measures row computed at acceptance; the key columns come from
    # the accepted return itself so a snapshot can never speak for another council or year.
    return {**accepted.measures, "time_period": accepted.year, "old_la_code": accepted.council.la_code}


# View models are cached by the identity of the accepted returns they rest on (id, council, year,
# version and digest of the bytes): an accepted return never changes and a new acceptance is a new
# identity, so a cached model is never stale.
ReturnKey = tuple[int, str, int, int, str]


def _keys(accepted: Sequence[ReturnIdentity], la_code: str) -> tuple[ReturnKey, ...]:
    """The keys of one council's returns."""
    return tuple(sorted((a.pk, la_code, a.year, a.version, a.sha256) for a in accepted))


def _frame(keys: tuple[ReturnKey, ...]) -> pl.DataFrame:
    rows = AcceptedReturn.objects.filter(pk__in=[key[0] for key in keys]).select_related("council")
    return measures_frame(_snapshot(accepted) for accepted in rows.defer("content"))


@lru_cache(maxsize=128)
def _council_view(
    la_code: str, name: str, region_name: str, keys: tuple[ReturnKey, ...], year: int | None
) -> CouncilDashboard:
    return council_dashboard(la_code, _frame(keys), la_name=name, region_name=region_name, year=year)


def council_view(council: Council, *, year: int | None = None) -> CouncilDashboard:
    """The council's own dashboard: its users (and administrators) see every figure unsuppressed."""
    return _council_board(council, current_identities(council), year)


def _council_board(council: Council, accepted: list[ReturnIdentity], year: int | None) -> CouncilDashboard:
    keys = _keys(accepted, council.la_code)
    return _council_view(council.la_code, council.name, council.region.name, keys, year)


@lru_cache(maxsize=256)
def _breakdown(key: ReturnKey, by: str, years: tuple[int, ...]) -> Breakdown:
    accepted = AcceptedReturn.objects.defer("content").get(pk=key[0])
    return replace(council_breakdown([census_of(accepted)], by, key[2]), years=years)


def council_page(council: Council, by: str, year: int | None) -> tuple[CouncilDashboard, Breakdown]:
    """The council's dashboard and one breakdown, from one read of its current returns."""
    accepted = current_identities(council)
    return _council_board(council, accepted, year), _breakdown_view(council, accepted, by, year)


def _breakdown_view(council: Council, accepted: list[ReturnIdentity], by: str, year: int | None) -> Breakdown:
    """One breakdown of one year's current return (default: the current collection year, else the
    latest before it); only that return is read."""
    current = {a.year: a for a in accepted}
    chosen_year = year if year in current else default_year_among(current)
    if chosen_year is None:
        return council_breakdown([], by)
    chosen = current[chosen_year]
    return _breakdown(_keys([chosen], council.la_code)[0], by, tuple(sorted(current)))


@lru_cache(maxsize=32)
def _region_view(slug: str, keys: tuple[ReturnKey, ...], threshold: int) -> RegionalDashboard:
    names = dict(Council.objects.filter(region__slug=slug).values_list("la_code", "name"))
    return regional_dashboard(find_region(slug), _frame(keys), rule=DisclosureRule(threshold), names=names)


def region_keys(region: Region) -> tuple[ReturnKey, ...]:
    """The identities of every member council's current returns, as :func:`_keys` gives them
    (read as plain rows: no model objects are built, the dearest part of the query)."""
    rows = (
        current_versions()
        .filter(council__region=region)
        .values_list("pk", "council__la_code", "year", "version", "sha256")
    )
    return tuple(sorted(rows))


def region_view(region: Region, rule: DisclosureRule) -> RegionalDashboard:
    """Every member council side by side, small numbers suppressed (whoever is looking)."""
    return _region_view(region.slug, region_keys(region), rule.threshold)
