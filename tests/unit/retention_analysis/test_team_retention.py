"""Retention by team: a spell's team, each team's figures, and suppression of small teams."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from csc_workforce.analytics.retention import group_survival, spells_table
from csc_workforce.analytics.retention_teams import ALL_TEAMS, NO_TEAM, spell_team, team_retention
from csc_workforce.core.disclosure import SUPPRESSED, DisclosureRule
from csc_workforce.core.hr.extract import HrExtract, HrRow
from csc_workforce.core.hr.mapping import MappingError, mapping_document, mapping_from_document
from csc_workforce.core.hr.teams import worker_teams
from csc_workforce.core.retention import Spell, SpellHistory

START = date(2020, 10, 1)


def spell(swe: str, days: int, *, left: bool) -> Spell:
    return Spell(
        la_code="999",
        swe=swe,
        start=START,
        entered=START,
        end=START + timedelta(days=days),
        left=left,
        first_year=2021,
    )


def test_a_spell_takes_its_last_years_team_else_the_nearest_later_else_earlier() -> None:
    gone_2022 = spell("SW1", 400, left=True)  # ends November 2021: collection year 2022
    teams = {2021: {"SW1": "Early"}, 2023: {"SW1": "Later"}, 2024: {"SW1": "Latest"}}
    assert spell_team(gone_2022, teams) == "Later"
    assert spell_team(gone_2022, {**teams, 2022: {"SW1": "Own year"}}) == "Own year"
    assert spell_team(gone_2022, {2021: {"SW1": "Early"}}) == "Early"
    assert spell_team(gone_2022, {2022: {"SW9": "Other"}}) == NO_TEAM


def _history() -> tuple[SpellHistory, dict[int, dict[str, str]]]:
    spells, teams = [], {}
    # Team A: 8 people, half leave within a year; team B: 6 people, none leave; team C: 2 people.
    for index in range(8):
        spells.append(spell(f"A{index}", 200 if index % 2 else 1000, left=bool(index % 2)))
        teams[f"A{index}"] = "A"
    for index in range(6):
        spells.append(spell(f"B{index}", 1000, left=False))
        teams[f"B{index}"] = "B"
    for index in range(2):
        spells.append(spell(f"C{index}", 500, left=True))
        teams[f"C{index}"] = "C"
    spells.append(spell("N0", 900, left=False))  # no team recorded
    return SpellHistory(spells=tuple(spells)), {2024: teams}


def test_small_teams_are_suppressed_and_one_more_so_none_comes_back_by_subtraction() -> None:
    history, teams = _history()
    rows = team_retention(history, teams, DisclosureRule(5))
    assert [row.team for row in rows] == ["A", "B", "C", NO_TEAM, ALL_TEAMS]
    by_team = {row.team: row for row in rows}
    # C (2 people) is small; "No team recorded" (1 spell) is small too and is the smallest part.
    assert set(by_team["C"].cells()[1:]) == {SUPPRESSED}
    assert set(by_team[NO_TEAM].cells()[1:]) == {SUPPRESSED}
    assert by_team["A"].people == 8 and by_team["B"].people == 6
    assert by_team[ALL_TEAMS].spells == 17


def test_a_single_small_team_takes_the_next_smallest_with_it() -> None:
    history, teams = _history()
    teams[2024]["N0"] = "A"  # everyone has a team: only C is small
    rows = {row.team: row for row in team_retention(history, teams, DisclosureRule(5))}
    assert rows["C"].people == SUPPRESSED
    assert rows["B"].people == SUPPRESSED  # the smallest shown team, or C = total - A - B
    assert rows["A"].people == 9


def test_team_figures_are_the_council_pages_estimates() -> None:
    history, teams = _history()
    rows = {row.team: row for row in team_retention(history, teams, DisclosureRule(1))}
    table = spells_table([s for s in history.spells if s.swe.startswith("A")])
    expected = group_survival(table, "A")
    assert rows["A"].one_year == pytest.approx(expected.survival[0].estimate)
    assert rows["A"].one_year == pytest.approx(0.5)  # 4 of 8 left at 200 days
    assert rows["A"].two_years == pytest.approx(0.5)
    assert rows["B"].one_year == pytest.approx(1.0)
    assert rows["A"].leavers == 4


def test_no_teams_give_no_rows() -> None:
    history, _ = _history()
    assert team_retention(history, {}, DisclosureRule(5)) == []


DOCUMENT = {
    "version": 1,
    "columns": {"SWENo": "SWE", "OrgRole": "Job"},
    "team_column": "Team",
}


def test_the_mapping_names_a_team_column_and_round_trips() -> None:
    mapping = mapping_from_document(DOCUMENT)
    assert mapping.team_column == "Team" and "Team" in mapping.used_headings
    assert mapping_document(mapping)["team_column"] == "Team"
    assert "team_column" not in mapping_document(mapping_from_document({**DOCUMENT, "team_column": None}))
    with pytest.raises(MappingError, match="team_column"):
        mapping_from_document({**DOCUMENT, "team_column": "Job"})


def test_worker_teams_are_keyed_by_the_cleaned_swe_number() -> None:
    extract = HrExtract(
        source="hr.xlsx",
        headings=("SWE", "Job", "Team"),
        rows=(
            HrRow(5, {"SWE": "sw 104532", "Team": "  Assessment   North "}),
            HrRow(6, {"SWE": "SW104533", "Team": ""}),
            HrRow(7, {"SWE": "", "Team": "Child Protection"}),
        ),
        heading_row=4,
        dropped_columns=0,
    )
    assert worker_teams(extract, mapping_from_document(DOCUMENT)) == {"SW104532": "Assessment North"}
    assert worker_teams(extract, mapping_from_document({**DOCUMENT, "team_column": None})) == {}
