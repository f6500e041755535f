"""The retention pages' figures, computed once per set of accepted returns and stored
(``StoredRetention``), so the pages, their downloads and the PDF job read them instead of fitting
the survival models in the request (issue 17: no long work in a request).

The background job that runs after a return is accepted (the regional recompute,
``web.forecasts.tasks``) and the demo's set-up compute them ahead; a page computes them only when
they are missing. Each stored row is found by a key digesting everything its figures rest on, and
by its council (or region) and grouping too, so it can never serve another council's or an older
return's figures; a new acceptance, HR build or threshold is a new key. Read-only for callers that
have passed ``csc_workforce.web.policy``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any, Final

from django.db import IntegrityError, transaction

from csc_workforce import __version__
from csc_workforce.analytics.retention_regional import RegionalRetention
from csc_workforce.core.disclosure import DisclosureRule
from csc_workforce.web.dashboards.services import region_keys
from csc_workforce.web.dashboards.views import disclosure_rule
from csc_workforce.web.fragments import DerivedCache
from csc_workforce.web.orgs.models import Council, Region
from csc_workforce.web.returns.services import current_identities
from csc_workforce.web.staying import reports, services
from csc_workforce.web.staying.models import StoredRetention
from csc_workforce.web.staying.reports import CouncilFigures
from csc_workforce.web.staying.teams import teams_digest

# Part of every key: bump it when what is stored, or how it is computed, changes.
STORE_FORMAT: Final = 1


def _key(*parts: object) -> str:
    text = json.dumps([STORE_FORMAT, __version__, *parts], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _read(key: str, **scope: Any) -> Any:
    text = StoredRetention.objects.filter(key=key, **scope).values_list("figures", flat=True).first()
    return None if text is None else json.loads(text)


def _store(key: str, figures: Any, **scope: Any) -> None:
    """Keep ``figures`` as the scope's only row (the older rows' returns are no longer current)."""
    text = json.dumps(figures)
    try:
        with transaction.atomic():
            StoredRetention.objects.filter(**scope).exclude(key=key).delete()
            StoredRetention.objects.update_or_create(key=key, defaults={**scope, "figures": text})
    except IntegrityError:  # another process stored the same key first: the same figures
        pass


# --- A council's page ---------------------------------------------------------------------------


def _council_key(council: Council, keys: services.ReturnKeys, by: str, rule: DisclosureRule) -> str:
    return _key(
        "council",
        council.pk,
        council.la_code,
        council.name,  # in the charts' titles
        by,
        rule.threshold,
        keys,
        teams_digest(council),
        services.has_team_column(council),
    )


def _compute_council(
    council: Council, keys: services.ReturnKeys, groupings: Iterable[str], rule: DisclosureRule
) -> dict[str, CouncilFigures]:
    """The figures for each grouping from one spell history, full report and team table."""
    computed: dict[str, CouncilFigures] = {}
    teams = None
    for by in groupings:
        report, by_report = services.reports_of(keys, by)
        if teams is None:
            teams = services.council_teams(council, report, rule)
        figures = reports.council_figures(council, report, by_report, teams, rule)
        _store(_council_key(council, keys, by, rule), figures.to_json(), council=council, grouping=by)
        computed[by] = figures
    return computed


# Figures read (or computed) before, by their key: the key digests everything they rest on, so
# the same key always means the same figures, and a page view skips the read and the decoding.
_KEPT: Final[DerivedCache[CouncilFigures]] = DerivedCache(maxsize=64)


def council_figures(council: Council, by: str) -> CouncilFigures | None:
    """The council's retention figures by ``by``: stored ones when current, else computed now (and
    stored); None when the council has no accepted return."""
    found = council_figures_keyed(council, by)
    return None if found is None else found[1]


def council_figures_keyed(council: Council, by: str) -> tuple[str, CouncilFigures] | None:
    """:func:`council_figures` with the key they are stored under (what a rendering of them may be
    kept by)."""
    accepted = current_identities(council)
    if not accepted:
        return None
    rule = disclosure_rule()
    keys = services.return_keys(accepted, council.la_code)
    key = _council_key(council, keys, by, rule)

    def read_or_compute() -> CouncilFigures:
        stored = _read(key, council=council, grouping=by)
        if stored is not None:
            return CouncilFigures.from_json(stored)
        return _compute_council(council, keys, [by], rule)[by]

    return key, _KEPT.get((), (key,), read_or_compute)


def precompute_council(council: Council, rule: DisclosureRule) -> int:
    """Compute and store every grouping's figures that are not stored yet; how many were."""
    keys = services.return_keys(current_identities(council), council.la_code)
    missing = [
        by
        for by in services.GROUPINGS
        if not StoredRetention.objects.filter(
            key=_council_key(council, keys, by, rule), council=council, grouping=by
        ).exists()
    ]
    return len(_compute_council(council, keys, missing, rule)) if missing else 0


# --- A region's page ----------------------------------------------------------------------------


def _region_key(
    region: Region, keys: services.ReturnKeys, names: dict[str, str], rule: DisclosureRule
) -> str:
    return _key("region", region.pk, region.slug, sorted(names.items()), rule.threshold, keys)


def region_rows(region: Region, rule: DisclosureRule) -> tuple[RegionalRetention, ...]:
    """Every member council with accepted returns side by side (small groups suppressed): stored
    rows when current, else computed now (and stored)."""
    keys = region_keys(region)
    if not keys:
        return ()
    names = services.region_names(region)
    key = _region_key(region, keys, names, rule)
    stored = _read(key, region=region)
    if stored is not None:
        return tuple(RegionalRetention(**row) for row in stored)
    rows = services.compute_region_rows(keys, names, rule)
    _store(key, [asdict(row) for row in rows], region=region)
    return rows


def precompute_region(region: Region, progress: Callable[[str], None] | None = None) -> int:
    """Store every missing figure of the region's retention page and its member councils' pages
    (the background job after an acceptance, and the demo); how many council pages were computed."""
    rule = disclosure_rule()
    with_returns = {key[1] for key in region_keys(region)}
    computed = 0
    for council in Council.objects.filter(region=region, la_code__in=with_returns).order_by("name"):
        if progress is not None:
            progress(f"Retention figures for {council.name}")
        computed += precompute_council(council, rule)
    if progress is not None:
        progress(f"Retention figures for {region.name}")
    region_rows(region, rule)
    return computed
