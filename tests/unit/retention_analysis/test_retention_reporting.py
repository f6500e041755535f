"""Retention tables and step charts: formatting, suppression symbols, accessible SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from csc_workforce.analytics.retention import DestinationPoint, GroupSurvival, SurvivalPoint
from csc_workforce.analytics.retention_regional import RegionalRetention
from csc_workforce.reporting.retention import (
    SHARE,
    format_cell,
    regional_table,
    survival_chart,
    survival_table,
)


def group(name: str) -> GroupSurvival:
    return GroupSurvival(
        group=name,
        people=10,
        spells=12,
        leavers=4,
        survival=tuple(SurvivalPoint(y, 0.9 - 0.1 * y, 0.5, 0.95, 8 - y) for y in (1, 2, 3, 5)),
        median_years=None,
        destinations=(DestinationPoint("agency", 1, 0.05),),
        curve=((0.0, 1.0, 1.0, 1.0), (0.5, 0.9, 0.8, 0.95), (2.5, 0.7, 0.6, 0.8), (7.0, 0.4, 0.3, 0.5)),
    )


def test_shares_are_written_as_percentages_and_missing_as_a_dash() -> None:
    assert format_cell(0.8421, SHARE) == "84.2%"
    assert format_cell(None, SHARE) == "–"
    assert format_cell("c", SHARE) == "c"


def test_the_survival_table_has_every_point_and_says_when_the_median_is_not_reached() -> None:
    table = survival_table([group("newly_qualified")], "start_origin")
    (row,) = table.display_rows()
    assert row[0] == "Newly qualified"
    assert row[4:8] == ["80.0%", "50.0%", "95.0%", "7"]
    assert row[-1] == "not reached"


def test_the_step_chart_is_accessible_svg_stating_its_values() -> None:
    svg = survival_chart([group("all"), group("<b>x</b>")], None, "Still in post")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text == "Still in post"
    description = root.find(f"{ns}desc").text
    assert "all: 1 years 80.0%" in description and "<b>x</b>" in description  # escaped in the markup
    polyline = root.findall(f".//{ns}polyline")[0].get("points").split()
    assert len(polyline) == 8  # a step: across then down at each change, and on to the last time


def test_regional_rows_keep_the_suppression_symbol() -> None:
    rows = [
        RegionalRetention("873", "Suffolk", "c", "c", "c", None, None, None, 4.2),
        RegionalRetention("", "Region", 120, 0.81, 0.66, 30, 0.9, 0.7, 5.0),
    ]
    table = regional_table(rows, threshold=5)
    assert table.display_rows()[0] == ["Suffolk", "c", "c", "c", "–", "–", "–", "4.2"]
    assert "1 to 4 spells" in table.notes[0]
