"""The pure continuity formulas: DfE's measure, the cause of each change, pseudonyms."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_workforce.core.continuity.changes import (
    ChangeCause,
    WorkerStatus,
    cause_of,
    census_year_of,
    link_changes,
)
from csc_workforce.core.continuity.model import CareEpisode, SocialWorkerEpisode, child_pseudonym
from csc_workforce.core.continuity.stability import age_band, share_three_or_more, stability, years_covered


def sw(child: str, sw_id: str, start: date, end: date | None, reason: str | None = "FCONTA"):
    return SocialWorkerEpisode(child, sw_id, start, end, reason)


def test_a_to_b_to_a_counts_two_and_episodes_outside_the_year_do_not_count():
    care = [CareEpisode("x", date(2020, 1, 1), None, "C2")]
    episodes = [
        sw("x", "SW0", date(2020, 1, 1), date(2024, 3, 31)),  # ends the day before the year
        sw("x", "SW1", date(2024, 3, 31), date(2024, 6, 1)),
        sw("x", "SW2", date(2024, 6, 1), date(2024, 9, 1)),
        sw("x", "SW1", date(2024, 9, 1), date(2025, 3, 31)),
        sw("x", "SW3", date(2025, 4, 1), None),  # begins the day after the year
    ]
    result = stability(2025, care, episodes)
    assert result.with_social_workers == {"0": 0, "1": 0, "2": 1, "3+": 0}


def test_short_breaks_and_leavers_are_not_looked_after_on_31_march():
    care = [
        CareEpisode("v3", date(2024, 5, 1), None, "V3"),
        CareEpisode("v4", date(2024, 5, 1), None, "V4"),
        CareEpisode("left", date(2024, 5, 1), date(2025, 3, 31), "C2"),
        CareEpisode("stays", date(2024, 5, 1), date(2025, 4, 1), "C2"),
    ]
    result = stability(2025, care, [])
    assert [c.child for c in result.children] == ["stays"]
    assert result.with_social_workers["0"] == 1
    assert result.share_three_or_more == 0.0


def test_share_is_rounded_half_up_to_one_place():
    assert share_three_or_more({"1": 7, "3+": 1}) == 12.5
    assert share_three_or_more({"1": 5, "2": 2, "3+": 1, "0": 0}) == 12.5
    assert share_three_or_more({"1": 2, "3+": 1}) == 33.3
    assert share_three_or_more({}) is None


def test_age_band_from_the_month_of_birth_alone():
    on = date(2025, 3, 31)
    assert age_band(date(2024, 4, 1), on) == "Under 1"
    assert age_band(date(2024, 3, 1), on) == "1 to 4"  # first birthday in March 2025
    assert age_band(date(2009, 3, 1), on) == "16 and over"
    assert age_band(date(2009, 4, 1), on) == "10 to 15"
    assert age_band(None, on) == "Not known"


def test_breakdowns_add_up_to_the_distribution():
    care = [CareEpisode(str(i), date(2024, 1, 1), None, "C2" if i % 2 else "V2") for i in range(6)]
    episodes = [sw(str(i), f"SW{j}", date(2024, 5, j + 1), None) for i in range(6) for j in range(i % 4)]
    result = stability(2025, care, episodes)
    for name in ("age_band", "sex", "legal_status"):
        totals = {b: sum(row[b] for row in result.breakdown(name).values()) for b in ("0", "1", "2", "3+")}
        assert totals == result.with_social_workers


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["SW1", "SW2", "SW3", "SW4"]), st.integers(0, 500)), max_size=12))
def test_count_is_distinct_workers_overlapping_the_year(allocations):
    start = date(2024, 1, 1)
    care = [CareEpisode("x", start, None, "C2")]
    episodes = [
        sw("x", swe, start + timedelta(days=d), start + timedelta(days=d + 30)) for swe, d in allocations
    ]
    first, last = date(2024, 4, 1), date(2025, 3, 31)
    expected = len({e.sw_id for e in episodes if e.start <= last and e.end >= first})
    assert stability(2025, care, episodes).children[0].social_workers == expected


def test_cause_precedence_and_the_60_day_window():
    end = date(2024, 7, 20)
    episode = sw("x", "SW1", date(2024, 1, 1), end)
    both = WorkerStatus(leaving_dates=(end + timedelta(days=60),), agency=True, absent=True, in_post=True)
    assert cause_of(episode, {2024: {"SW1": both}}) is ChangeCause.LEFT_COUNCIL
    late = WorkerStatus(leaving_dates=(end + timedelta(days=61),), agency=True, absent=True)
    assert cause_of(episode, {2024: {"SW1": late}}) is ChangeCause.AGENCY
    assert cause_of(episode, {2024: {"SW1": WorkerStatus(absent=True, in_post=True)}}) is ChangeCause.ABSENT
    assert cause_of(episode, {2024: {"SW1": WorkerStatus(in_post=True)}}) is ChangeCause.STILL_IN_POST
    assert cause_of(episode, {2024: {}}) is ChangeCause.NOT_IN_CENSUS
    assert cause_of(episode, {}) is ChangeCause.NOT_IN_CENSUS


def test_a_leaver_after_30_september_is_found_in_the_next_census():
    episode = sw("x", "SW1", date(2024, 1, 1), date(2024, 9, 20))
    census = {2024: {"SW1": WorkerStatus(in_post=True)}, 2025: {"SW1": WorkerStatus((date(2024, 10, 15),))}}
    assert census_year_of(date(2024, 9, 20)) == 2024
    assert census_year_of(date(2024, 10, 1)) == 2025
    assert cause_of(episode, census) is ChangeCause.LEFT_COUNCIL


def test_changes_add_up_and_children_per_leaver():
    care = [CareEpisode(c, date(2024, 1, 1), None, "C2") for c in "abc"]
    episodes = [sw(c, "SW1", date(2024, 1, 1), date(2024, 6, 1)) for c in "abc"]
    episodes += [sw(c, "SW2", date(2024, 6, 1), None) for c in "abc"]
    census = {2024: {"SW1": WorkerStatus((date(2024, 6, 30),))}, 2025: {"SW2": WorkerStatus(agency=True)}}
    link = link_changes(2025, care, episodes, census)
    assert link.changes == 3 == sum(link.counts.values())
    assert link.counts["left_council"] == 3
    assert link.children_per_leaver == {"SW1": 3}
    assert link.mean_children_per_leaver == 3.0
    assert link.agency_share_of_episodes == 50.0


def test_pseudonyms_are_stable_within_a_council_and_differ_between_councils():
    assert child_pseudonym("A123", b"council-800") == child_pseudonym(" a123 ", b"council-800")
    assert child_pseudonym("A123", b"council-800") != child_pseudonym("A123", b"council-801")
    assert "A123" not in child_pseudonym("A123", b"council-800")


def test_years_covered_ignore_a_few_records_dated_just_after_31_march():
    episodes = [sw("x", "SW1", date(2023, 6, 1), date(2025, 3, 1)), sw("y", "SW1", date(2025, 4, 1), None)]
    assert years_covered(episodes, []) == [2024, 2025]
    episodes.append(sw("z", "SW2", date(2025, 6, 1), None))
    assert years_covered(episodes, []) == [2024, 2025, 2026]
