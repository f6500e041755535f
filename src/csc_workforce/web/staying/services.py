"""Retention reports from the accepted census returns in the database. Read-only; every caller has
passed ``csc_workforce.web.policy`` first. Reports are cached by the identity of the returns they
rest on (an accepted return never changes; a new acceptance is a new identity)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from csc_workforce.analytics.retention import RetentionReport, retention_report, spell_history
from csc_workforce.analytics.retention_regional import RegionalRetention, regional_retention
from csc_workforce.analytics.retention_teams import TeamRetention, team_retention
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.disclosure import DisclosureRule
from csc_workforce.core.retention import SpellHistory
from csc_workforce.web.dashboards.services import ReturnKey
from csc_workforce.web.dashboards.services import _keys as dashboard_keys
from csc_workforce.web.hrbuild.models import STAFF
from csc_workforce.web.hrbuild.services import saved_mapping
from csc_workforce.web.orgs.models import Council, Region
from csc_workforce.web.returns.models import AcceptedReturn
from csc_workforce.web.returns.services import ReturnIdentity, census_of
from csc_workforce.web.staying.teams import teams_by_year

GROUPINGS = ("start_origin", "role", "age_band")
ReturnKeys = tuple[ReturnKey, ...]


def return_keys(accepted: Sequence[ReturnIdentity], la_code: str) -> ReturnKeys:
    """One council's returns' identity (id, council, year, version, digest), as the dashboards
    key theirs (a region's: ``dashboards.services.region_keys``)."""
    return dashboard_keys(accepted, la_code)


def _returns(keys: ReturnKeys) -> list[CensusReturn]:
    rows = AcceptedReturn.objects.filter(pk__in=[key[0] for key in keys]).select_related("council")
    return [census_of(accepted) for accepted in rows.order_by("council_id", "year")]


@lru_cache(maxsize=8)
def _history(keys: ReturnKeys) -> SpellHistory:
    return spell_history(_returns(keys))


@lru_cache(maxsize=8)
def _full_report(keys: ReturnKeys) -> RetentionReport:
    return retention_report(_history(keys))


@lru_cache(maxsize=32)
def _grouped_report(keys: ReturnKeys, by: str) -> RetentionReport:
    # The page shows the grouping's survival only; destinations come from the full report.
    return retention_report(_history(keys), by, detail=False, destinations=False)


def reports_of(keys: ReturnKeys, by: str) -> tuple[RetentionReport, RetentionReport]:
    """The full report of the returns and their survival by ``by`` (one spell history for both)."""
    return _full_report(keys), _grouped_report(keys, by)


def region_names(region: Region) -> dict[str, str]:
    return dict(Council.objects.filter(region=region).values_list("la_code", "name"))


@lru_cache(maxsize=16)
def _region_rows(
    keys: ReturnKeys, names: tuple[tuple[str, str], ...], threshold: int
) -> tuple[RegionalRetention, ...]:
    return tuple(regional_retention(spell_history(_returns(keys)), dict(names), DisclosureRule(threshold)))


def compute_region_rows(
    keys: ReturnKeys, names: dict[str, str], rule: DisclosureRule
) -> tuple[RegionalRetention, ...]:
    """Every member council with accepted returns, side by side, small groups suppressed."""
    if not keys:
        return ()
    return _region_rows(keys, tuple(sorted(names.items())), rule.threshold)


NO_TEAM_COLUMN = (
    "The council's saved HR extract mapping has no team column, so there are no figures by team. "
    "Choose the team column when the return is next built from the HR extract."
)
NO_TEAMS_YET = "No one in the accepted census returns has a team from an HR extract yet."


@dataclass(frozen=True, slots=True)
class TeamFigures:
    """Retention by team, small teams suppressed; or, when there are none, why (``note``)."""

    rows: tuple[TeamRetention, ...]
    note: str = ""


def has_team_column(council: Council) -> bool:
    """Whether the council's saved staff HR mapping names a team column."""
    mapping = saved_mapping(council, STAFF)
    return mapping is not None and bool(mapping.team_column)


def council_teams(council: Council, report: RetentionReport, rule: DisclosureRule) -> TeamFigures:
    """The council's spells by the teams its HR builds recorded (joined by SWE number)."""
    teams = teams_by_year(council)
    rows = tuple(team_retention(report.history, teams, rule)) if teams else ()
    if rows:
        return TeamFigures(rows)
    return TeamFigures((), NO_TEAMS_YET if has_team_column(council) else NO_TEAM_COLUMN)
