"""Council and regional dashboard view models: sources, comparison, suppression, ranking."""

from __future__ import annotations

import itertools
import json

import polars as pl
import pytest

from csc_workforce.analytics.council import measures_for_returns
from csc_workforce.analytics.dashboard import (
    HEADLINE_MEASURES,
    SOURCE_PUBLISHED,
    SOURCE_RETURNS,
    council_breakdown,
    council_dashboard,
    measures_frame,
    published_cell,
    regional_dashboard,
)
from csc_workforce.core.disclosure import SUPPRESSED, UNAVAILABLE, Cell, DisclosureRule
from csc_workforce.core.measures_formulas import MEASURE_COLUMNS
from csc_workforce.ingest.published import SYMBOL_SUFFIX, find_region, load_indicators
from tests.unit.measures.builders import agency, census, employed

ESSEX = "881"


def staff(count: int, *, leavers: int = 0, year: int = 2024, prefix: str = "SW1") -> list:
    records = [employed(i, f"{prefix}{i:05d}") for i in range(1, count + 1)]
    records += [
        employed(count + i, f"{prefix}9{i:04d}", RoleEndDate=f"{year}-06-30", ReasonLeave="1")
        for i in range(1, leavers + 1)
    ]
    return records


@pytest.fixture(scope="module")
def essex_returns():
    return [
        census(staff(40, leavers=4, year=2023), year=2023, lea=ESSEX),
        census([*staff(50, leavers=10, year=2024), agency(99, "SW777777")], year=2024, lea=ESSEX),
    ]


def published_row(level: str, year: int, **where: str) -> dict:
    frame = load_indicators().filter((pl.col("geographic_level") == level) & (pl.col("time_period") == year))
    for column, value in where.items():
        frame = frame.filter(pl.col(column) == value)
    assert frame.height == 1
    return frame.row(0, named=True)


def test_headlines_come_from_the_accepted_returns_with_the_change_from_last_year(essex_returns):
    board = council_dashboard(ESSEX, measures_for_returns(essex_returns))
    assert board.own_years == (2023, 2024)
    headlines = {h.measure: h for h in board.headlines}
    assert list(headlines) == list(HEADLINE_MEASURES)
    in_post = headlines["inpost_fte"]
    assert (in_post.year, in_post.source) == (2024, SOURCE_RETURNS)
    assert in_post.current == Cell(50.0) and in_post.previous == Cell(40.0)
    assert in_post.change == 10.0
    # 10 leavers over 50 in post against 4 over 40.
    assert headlines["turnover_rate_fte"].current == Cell(20.0)
    assert headlines["turnover_rate_fte"].change == 10.0


def test_comparison_sets_the_return_beside_the_published_figures(essex_returns):
    board = council_dashboard(ESSEX, measures_for_returns(essex_returns))
    assert board.la_name == "Essex" and board.region_name == "East of England"
    assert board.comparison_year == 2024  # the latest year with both a return and a publication
    rows = {row.measure: row for row in board.comparison}
    assert list(rows) == list(MEASURE_COLUMNS)
    own = published_row("Local authority", 2024, old_la_code=ESSEX)
    region = published_row("Regional", 2024, region_name="East of England")
    england = published_row("National", 2024)
    for measure in ("turnover_rate_fte", "inpost_headcount", "caseload_fte"):
        row = rows[measure]
        assert row.council_published == published_cell(
            measure, own[measure], own[f"{measure}{SYMBOL_SUFFIX}"]
        )
        assert row.region == published_cell(measure, region[measure], None)
        assert row.england == published_cell(measure, england[measure], None)
        assert row.neighbour_count == len(board.neighbours)
    assert rows["inpost_headcount"].council == Cell(50.0)
    assert 2017 in board.years and 2025 in board.years


def test_trend_lines_cover_every_year_and_gap_where_there_is_no_return(essex_returns):
    board = council_dashboard(ESSEX, measures_for_returns(essex_returns))
    trend = next(t for t in board.trends if t.measure == "turnover_rate_fte")
    kinds = [line.kind for line in trend.lines]
    assert kinds == ["council", "council_published", "region", "england", "neighbours"]
    council = dict(zip(trend.years, trend.lines[0].values, strict=True))
    assert council[2024] == 20.0 and council[2022] is None
    assert all(v is not None for v in trend.lines[3].values)  # England is published every year
    counts = next(t for t in board.trends if t.measure == "inpost_fte")
    assert [line.kind for line in counts.lines] == ["council", "council_published"]


def test_a_council_without_returns_shows_published_figures_and_says_so():
    board = council_dashboard(ESSEX, measures_for_returns([]))
    assert board.own_years == ()
    assert {h.source for h in board.headlines} == {SOURCE_PUBLISHED}
    assert board.headlines[0].year == 2025
    assert any("no accepted return" in note for note in board.notes)
    assert next(line.kind for line in board.trends[0].lines) == "council_published"


def test_a_council_with_no_published_row_still_shows_its_returns():
    frame = measures_for_returns([census(staff(12), year=2024, lea="999")])
    board = council_dashboard("999", frame, la_name="Testshire")
    assert board.la_name == "Testshire" and board.comparison == ()
    assert board.own[2024]["inpost_headcount"] == Cell(12.0)
    assert any("no row in the bundled published statistics" in note for note in board.notes)


def test_small_numbers_are_suppressed_only_for_viewers_outside_the_council():
    frame = measures_for_returns([census(staff(3), year=2024, lea=ESSEX)])
    own_view = council_dashboard(ESSEX, frame)
    outside_view = council_dashboard(ESSEX, frame, rule=DisclosureRule())
    assert own_view.own[2024]["inpost_headcount"] == Cell(3.0)
    assert outside_view.own[2024]["inpost_headcount"] == Cell(None, SUPPRESSED)
    assert outside_view.own[2024]["absence_rate_fte"].symbol == SUPPRESSED


def test_tables_and_json_carry_every_figure(essex_returns):
    board = council_dashboard(ESSEX, measures_for_returns(essex_returns))
    tables = board.tables()
    assert set(tables) == {"Measures by year", "Comparison", "Trends"}
    by_year = [row for row in tables["Measures by year"] if row["source"] == SOURCE_RETURNS]
    assert [row["inpost_headcount"] for row in by_year] == [40, 50]
    data = json.loads(json.dumps(board.to_json()))
    assert data["accepted_returns"][1]["measures"]["turnover_rate_fte"] == 20
    assert data["comparison"]["time_period"] == 2024


def test_breakdown_by_role_adds_up_and_is_suppressed_for_outsiders():
    returns = [
        census(
            [*staff(20), employed(30, "SW300000", OrgRole="3"), employed(31, "SW300001", OrgRole="3")],
            year=2024,
            lea=ESSEX,
        )
    ]
    own = council_breakdown(returns, "role")
    counts = {label: cells["inpost_headcount"].value for label, cells in own.rows}
    assert sum(v or 0 for v in counts.values()) == 22
    assert own.year == 2024 and own.by == "role"
    outside = council_breakdown(returns, "orgrole", rule=DisclosureRule())
    shown = {label: cells["inpost_headcount"] for label, cells in outside.rows}
    small = [label for label, value in counts.items() if value == 2]
    assert small and all(shown[label].symbol == SUPPRESSED for label in small)
    # secondary suppression: the one remaining category could reveal the small one from the total
    assert all(cell.symbol == SUPPRESSED for cell in shown.values() if cell.value not in (None, 0))
    with pytest.raises(ValueError, match="unknown breakdown"):
        council_breakdown(returns, "shoe size")
    assert council_breakdown([], "role").rows == ()


def test_regional_dashboard_mixes_returns_and_published_rows_with_labels(essex_returns):
    region = find_region("east-of-england")
    outside = measures_for_returns([census(staff(30), year=2024, lea="301")])  # Barking, London
    frame = pl.concat([measures_for_returns(essex_returns), outside])
    board = regional_dashboard(region, frame)
    year = board.by_year[2024]
    sources = {c.la_code: c.source for c in year.councils}
    assert len(sources) == len(region.councils) == 11
    assert sources[ESSEX] == SOURCE_RETURNS
    assert {s for code, s in sources.items() if code != ESSEX} == {SOURCE_PUBLISHED}
    assert "301" not in sources  # another region's return never appears
    essex = next(c for c in year.councils if c.la_code == ESSEX)
    assert essex.cells["inpost_headcount"] == Cell(50.0)
    assert year.returns_count == 1 and year.region_returns["inpost_headcount"] == Cell(50.0)
    published = published_row("Regional", 2024, region_name="East of England")
    assert year.region_published["turnover_rate_fte"] == published_cell(
        "turnover_rate_fte", published["turnover_rate_fte"], None
    )
    json.dumps(board.to_json())
    assert len(board.tables()["Councils by year"]) == sum(
        len(y.councils) + 3 for y in board.by_year.values()
    ) - sum(1 for y in board.by_year.values() if y.region_returns is None)


def test_council_series_follow_each_council_over_the_years(essex_returns):
    board = regional_dashboard(find_region("east-of-england"), measures_for_returns(essex_returns))
    series = {code: (name, cells) for code, name, cells in board.council_series("inpost_headcount")}
    assert len(series) == 11
    name, cells = series[ESSEX]
    by_year = dict(zip(board.years, cells, strict=True))
    assert name == "Essex" and by_year[2024] == Cell(50.0) and by_year[2023] == Cell(40.0)
    published = published_row("Local authority", 2022, old_la_code=ESSEX)
    assert by_year[2022] == published_cell("inpost_headcount", published["inpost_headcount"], None)


def test_regional_dashboard_suppresses_small_returns():
    frame = measures_for_returns([census(staff(4, leavers=1), year=2024, lea=ESSEX)])
    year = regional_dashboard(find_region("east-of-england"), frame).by_year[2024]
    essex = next(c for c in year.councils if c.la_code == ESSEX)
    assert essex.cells["inpost_headcount"].symbol == SUPPRESSED
    assert essex.cells["turnover_rate_fte"].symbol == SUPPRESSED


def test_ranking_puts_highest_first_shares_ties_and_lists_missing_last():
    region = find_region("east-of-england")
    board = regional_dashboard(region, measures_for_returns([]))
    year = board.latest
    ranked = year.ranked("turnover_rate_fte")
    values = [
        c.cells["turnover_rate_fte"].value
        for _, c in ranked
        if c.cells["turnover_rate_fte"].value is not None
    ]
    assert values == sorted(values, reverse=True)
    ranks = [r for r, _ in ranked]
    assert ranks[0] == 1
    for (r1, c1), (r2, c2) in itertools.pairwise(ranked):
        if r1 is not None and r2 is not None:
            v1, v2 = c1.cells["turnover_rate_fte"].value, c2.cells["turnover_rate_fte"].value
            assert (r1 == r2) == (v1 == v2)
    lowest = year.ranked("turnover_rate_fte", descending=False)
    assert lowest[0][1].cells["turnover_rate_fte"].value == min(values)


def test_measures_frame_round_trips_stored_snapshots(essex_returns):
    frame = measures_for_returns(essex_returns)
    rebuilt = measures_frame(frame.to_dicts())
    assert rebuilt.height == 2
    for measure in MEASURE_COLUMNS:
        assert rebuilt[measure].to_list() == [
            None if v is None else float(v) for v in frame[measure].to_list()
        ]
    assert measures_frame([]).height == 0
    partial = measures_frame([{"time_period": 2024, "old_la_code": ESSEX, "inpost_fte": 3.0}])
    assert partial["vacancy_fte"].to_list() == [None]
    board = council_dashboard(ESSEX, partial)
    assert board.own[2024]["vacancy_fte"] == Cell(None, UNAVAILABLE)


def test_members_of_a_joint_return_appear_with_their_own_returns():
    london = find_region("london")
    assert "314 / 318" in {c.old_la_code for c in london.councils}
    frame = measures_for_returns([census(staff(30), year=2024, lea="314")])
    year = regional_dashboard(london, frame, names={"314": "Kingston upon Thames"}).by_year[2024]
    codes = {c.la_code: c for c in year.councils}
    assert codes["314"].source == SOURCE_RETURNS and codes["314"].la_name == "Kingston upon Thames"
    assert "314 / 318" not in codes  # the joint published row gives way to the member's return
    assert codes["301"].source == SOURCE_PUBLISHED
    earlier = regional_dashboard(london, frame).by_year[2023]
    assert "314 / 318" in {c.la_code for c in earlier.councils}
