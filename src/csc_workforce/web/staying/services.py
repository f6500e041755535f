"""Retention reports from the accepted census returns in the database. Read-only; every caller has
passed ``csc_workforce.web.policy`` first. Reports are cached by the identity of the returns they
rest on (an accepted return never changes; a new acceptance is a new identity)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from csc_workforce.analytics.retention import RetentionReport, retention_report, spell_history
from csc_workforce.analytics.retention_regional import RegionalRetention, regional_retention
from csc_workforce.analytics.retention_teams import TeamRetention, team_retention
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.disclosure import DisclosureRule
from csc_workforce.web.dashboards.services import region_current
from csc_workforce.web.hrbuild.models import STAFF
from csc_workforce.web.hrbuild.services import saved_mapping
from csc_workforce.web.orgs.models import Council, Region
from csc_workforce.web.returns.models import AcceptedReturn
from csc_workforce.web.returns.services import census_of, current_accepted
from csc_workforce.web.staying.teams import teams_by_year

GROUPINGS = ("start_origin", "role", "age_band")
ReturnKeys = tuple[tuple[int, str], ...]


def _keys(accepted: list[AcceptedReturn]) -> ReturnKeys:
    return tuple(sorted((a.pk, a.sha256) for a in accepted))


def _returns(keys: ReturnKeys) -> list[CensusReturn]:
    rows = AcceptedReturn.objects.filter(pk__in=[pk for pk, _ in keys]).select_related("council")
    return [census_of(accepted) for accepted in rows.order_by("council_id", "year")]


@lru_cache(maxsize=32)
def _council_reports(keys: ReturnKeys, by: str) -> tuple[RetentionReport, RetentionReport]:
    history = spell_history(_returns(keys))
    return retention_report(history), retention_report(history, by, detail=False)


def council_reports(council: Council, by: str) -> tuple[RetentionReport, RetentionReport] | None:
    """The council's report and its survival by ``by``; None when it has no accepted return."""
    accepted = current_accepted(council)
    if not accepted:
        return None
    return _council_reports(_keys(accepted), by)


@lru_cache(maxsize=16)
def _region_rows(keys: ReturnKeys, slug: str, threshold: int) -> tuple[RegionalRetention, ...]:
    names = dict(Council.objects.filter(region__slug=slug).values_list("la_code", "name"))
    history = spell_history(_returns(keys))
    return tuple(regional_retention(history, names, DisclosureRule(threshold)))


def region_rows(region: Region, rule: DisclosureRule) -> tuple[RegionalRetention, ...]:
    """Every member council with accepted returns, side by side, small groups suppressed."""
    accepted = region_current(region)
    if not accepted:
        return ()
    return _region_rows(_keys(accepted), region.slug, rule.threshold)


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


def council_teams(council: Council, report: RetentionReport, rule: DisclosureRule) -> TeamFigures:
    """The council's spells by the teams its HR builds recorded (joined by SWE number)."""
    teams = teams_by_year(council)
    rows = tuple(team_retention(report.history, teams, rule)) if teams else ()
    if rows:
        return TeamFigures(rows)
    mapping = saved_mapping(council, STAFF)
    return TeamFigures((), NO_TEAMS_YET if mapping is not None and mapping.team_column else NO_TEAM_COLUMN)
