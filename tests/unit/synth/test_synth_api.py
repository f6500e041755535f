"""The generator's entry points: areas, years, seeds."""

from __future__ import annotations

import pytest

from csc_workforce.cli.synth import parse_years
from csc_workforce.ingest.published.geography import LONDON_SUB_REGIONS
from csc_workforce.synth import UnknownAreaError, area_names, count_returns, generate_region
from csc_workforce.synth.areas import region_councils, resolve_area


def test_england_is_its_nine_regions() -> None:
    regions = resolve_area("England")
    assert len(regions) == 9
    assert not set(regions) & set(LONDON_SUB_REGIONS)
    assert resolve_area("east-of-england") == ["East of England"]


def test_unknown_region_lists_the_valid_names() -> None:
    with pytest.raises(UnknownAreaError) as error:
        list(generate_region("Atlantis", [2025], seed=1))
    for name in area_names():
        assert name in str(error.value)


def test_years_outside_the_census_are_refused() -> None:
    with pytest.raises(ValueError, match="2017 to 2026"):
        count_returns("North East", [2016, 2025])


def test_one_council_per_published_code_and_reorganisations_followed() -> None:
    councils = {c.lea: c for c in region_councils("South West", range(2017, 2026))}
    assert councils["835"].years == (2017, 2018)  # Dorset county council
    assert councils["838"].years == tuple(range(2019, 2026))  # Dorset unitary council
    assert councils["838"].lea in councils["835"].successors()
    east_midlands = {c.lea: c for c in region_councils("East Midlands", [2025])}
    assert east_midlands["940"].published_code == "940 / 941"  # joint return, first member's code


def test_count_matches_what_is_generated() -> None:
    assert count_returns("North East", [2024, 2025]) == len(
        list(generate_region("North East", [2024, 2025], 3))
    )
    assert count_returns("England", [2025]) == 151


def test_same_seed_same_returns_other_seed_other_returns() -> None:
    first = list(generate_region("North East", [2025], seed=5))
    again = list(generate_region("North East", [2025], seed=5))
    other = list(generate_region("North East", [2025], seed=6))
    assert [(c.header, c.la_items, [w.items for w in c.workers]) for c in first] == [
        (c.header, c.la_items, [w.items for w in c.workers]) for c in again
    ]
    assert [w.items for w in first[0].workers] != [w.items for w in other[0].workers]


def test_a_year_is_the_same_whichever_years_are_asked_for() -> None:
    alone = list(generate_region("North East", [2024], seed=9))
    within = [c for c in generate_region("North East", [2022, 2024, 2025], seed=9) if c.year == 2024]
    assert [[w.items for w in c.workers] for c in alone] == [[w.items for w in c.workers] for c in within]


@pytest.mark.parametrize(
    ("text", "years"),
    [("2021-2025", [2021, 2022, 2023, 2024, 2025]), ("2023", [2023]), ("2017,2019-2020", [2017, 2019, 2020])],
)
def test_parse_years(text: str, years: list[int]) -> None:
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["2025-2021", "twenty", "2010-2012", ""])
def test_parse_years_refuses_nonsense(text: str) -> None:
    with pytest.raises(ValueError):
        parse_years(text)
