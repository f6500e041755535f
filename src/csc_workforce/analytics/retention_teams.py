"""Retention by team, where the council's HR extract carries one (docs/retention-analysis.md).

A spell takes the team the HR extract of its last collection year gives its SWE number (else the
nearest later year's, else the nearest earlier); spells of workers no extract names form "No team
recorded". Each team's figures are those of the council page (``group_survival``: Kaplan–Meier
with late entry). Teams of 1 to threshold-1 people are suppressed, and further teams (smallest
first) so that none comes back by subtracting the shown teams from the council's total, which the
page shows (``core.disclosure.protect_table``, the one implementation).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import pandas as pd

from csc_workforce.analytics.retention import group_survival, spells_table
from csc_workforce.core.continuity.changes import census_year_of
from csc_workforce.core.disclosure import SUPPRESSED, DisclosureRule, primary_suppressed, protect_table
from csc_workforce.core.retention import Spell, SpellHistory

NO_TEAM: Final = "No team recorded"
ALL_TEAMS: Final = "All staff"
TeamsByYear = Mapping[int, Mapping[str, str]]  # collection year -> SWE number -> team

Figure = int | float | str | None


@dataclass(frozen=True, slots=True)
class TeamRetention:
    """One team's row: counts, share still in post at 1 and 2 years, median; ``c`` when suppressed."""

    team: str
    people: Figure
    spells: Figure
    leavers: Figure
    one_year: Figure
    two_years: Figure
    median_years: Figure

    def cells(self) -> list[Figure]:
        return [
            self.team,
            self.people,
            self.spells,
            self.leavers,
            self.one_year,
            self.two_years,
            self.median_years,
        ]


def spell_team(spell: Spell, teams: TeamsByYear) -> str:
    """The team of a spell: its last year's extract's, else the nearest later, else nearest earlier."""
    last = census_year_of(spell.end)
    years = [year for year, people in teams.items() if spell.swe in people]
    if not years:
        return NO_TEAM
    chosen = min(years, key=lambda year: (year < last, abs(year - last)))
    return teams[chosen][spell.swe]


def _row(team: str, table: pd.DataFrame) -> TeamRetention:
    group = group_survival(table, team, destinations=False)  # a team's row shows none
    by_years = {point.years: point.estimate for point in group.survival}
    median: Figure = group.median_years if group.median_years is not None else "not reached"
    return TeamRetention(
        team, group.people, group.spells, group.leavers, by_years.get(1), by_years.get(2), median
    )


def _suppressed(row: TeamRetention) -> TeamRetention:
    return TeamRetention(row.team, *([SUPPRESSED] * 6))


def team_retention(history: SpellHistory, teams: TeamsByYear, rule: DisclosureRule) -> list[TeamRetention]:
    """A row per team (sorted; "No team recorded" last), then every spell's row ("All staff").

    Empty when no spell has a team.
    """
    table = spells_table(history.spells)
    if table.empty:
        return []
    table["team"] = [spell_team(spell, teams) for spell in history.spells]
    named = sorted(t for t in table["team"].unique() if t != NO_TEAM)
    if not named:
        return []
    order: Sequence[str] = [*named, *([NO_TEAM] if (table["team"] == NO_TEAM).any() else [])]
    rows = [_row(team, table[table["team"] == team]) for team in order]
    people = [float(row.people or 0) for row in rows]
    spells = [float(row.spells or 0) for row in rows]
    # Atoms are the teams' spells; the last cell is the council's total, shown beside them.
    cells = [frozenset({i}) for i in range(len(rows))] + [frozenset(range(len(rows)))]
    hidden = protect_table(cells, [*spells, sum(spells)], primary_suppressed(people, rule), fixed={len(rows)})
    shown = [_suppressed(row) if i in hidden else row for i, row in enumerate(rows)]
    return [*shown, _row(ALL_TEAMS, table)]
