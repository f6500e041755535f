"""LA and region lookups, statistical neighbours and the role file (ingest.published)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from csc_workforce.ingest.published import (
    PublishedFileError,
    find_region,
    known_la_codes,
    la_lookup,
    load_role_inpost,
    neighbour_entries,
    region_slug,
    regions,
    statistical_neighbours,
)
from csc_workforce.ingest.published.neighbours import load_neighbours

pytestmark = pytest.mark.integration


def test_la_lookup_latest_names_and_codes() -> None:
    lookup = la_lookup()
    essex = lookup["881"]
    assert (essex.la_name, essex.new_la_code, essex.region_name) == ("Essex", "E10000012", "East of England")
    assert lookup["370"].new_la_code == "E08000038"  # Barnsley's 2025 ONS code, the latest
    assert lookup["825"].new_la_code == "E06000060"
    with pytest.raises(dataclasses.FrozenInstanceError):
        essex.la_name = "Changed"  # type: ignore[misc]


def test_joint_returns_resolve_to_both_members() -> None:
    lookup = la_lookup()
    kingston, richmond = lookup["314"], lookup["318"]
    assert kingston.la_name == "Kingston upon Thames" and kingston.new_la_code == "E09000021"
    assert richmond.la_name == "Richmond upon Thames" and richmond.new_la_code == "E09000027"
    assert kingston.published_code == richmond.published_code == "314 / 318"
    assert lookup["314 / 318"].members == ("314", "318")
    assert lookup["941"].la_name == "West Northamptonshire"
    assert lookup["207"].england_region == "London" and lookup["207"].region_name == "Inner London"


def test_known_codes_cover_former_and_joint_councils() -> None:
    codes = known_la_codes()
    assert {"314", "318", "940", "941", "928", "909", "835", "836", "837", "942", "201", "420"} <= codes
    assert "314 / 318" not in codes
    assert "999" not in codes
    assert all(len(code) == 3 and code.isdigit() for code in codes)
    assert len(codes) == 158


def test_former_councils_keep_their_years() -> None:
    lookup = la_lookup()
    assert (lookup["928"].first_year, lookup["928"].last_year) == (2017, 2020)
    assert (lookup["942"].first_year, lookup["942"].last_year) == (2023, 2025)


def test_regions_and_their_councils() -> None:
    found = regions()
    assert [r.name for r in found][:9] == [
        "North East",
        "North West",
        "Yorkshire and The Humber",
        "East Midlands",
        "West Midlands",
        "East of England",
        "London",
        "South East",
        "South West",
    ]
    by_name = {r.name: r for r in found}
    assert sum(len(by_name[name].councils) for name in [r.name for r in found][:9]) == 151
    london = by_name["London"]
    assert len(london.councils) == len(by_name["Inner London"].councils) + len(
        by_name["Outer London"].councils
    )
    assert "314 / 318" in {c.old_la_code for c in london.councils}
    east = find_region("east-of-england")
    assert east.slug == "east-of-england" and east.code == "E12000006"
    assert "Essex" in {c.la_name for c in east.councils}
    assert find_region("EAST OF ENGLAND") is east
    assert region_slug("Yorkshire and The Humber") == "yorkshire-and-the-humber"
    with pytest.raises(ValueError, match="unknown region 'Wessex'; the regions are: North East"):
        find_region("Wessex")


def test_statistical_neighbours() -> None:
    essex = statistical_neighbours("881")
    assert len(essex) == 10 and len(set(essex)) == 10 and "881" not in essex
    assert essex[0] == "886"  # Kent, rank 1
    assert neighbour_entries("881")[0].closeness is not None
    joint = statistical_neighbours("314 / 318")
    assert len(joint) == 10 and not {"314", "318"} & set(joint)
    assert joint[0] == statistical_neighbours("314")[0]
    assert statistical_neighbours("928")[0] == "886"  # carried-over list of a former council
    with pytest.raises(ValueError, match="no statistical neighbours are published for LA code 999"):
        statistical_neighbours("999")


def test_neighbour_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "sn.csv"
    path.write_text(
        "la_code_old,la_name,neighbour_rank,neighbour_la_code_old\n881,Essex,1,886\n881,Essex,one,850\n"
    )
    with pytest.raises(PublishedFileError, match="line 3, column 'neighbour_rank'"):
        load_neighbours(path)


def test_role_file_codes_are_clean() -> None:
    roles = load_role_inpost()
    assert roles.height == 7917
    codes = roles.filter(roles["geographic_level"] == "Local authority")["old_la_code"]
    assert codes.null_count() == 0
    assert not codes.str.ends_with(".0").any()
    assert "314 / 318" in set(codes.to_list())
    england_2025 = roles.filter(
        (roles["geographic_level"] == "National")
        & (roles["time_period"] == 2025)
        & (roles["role"] == "Total")
    )
    assert england_2025["inpost_fte"].item() == 36186.3
