"""The forecast fan chart: well-formed, labelled, escaped, and its values in the text alternative."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.reporting.charts import ChartText, Fan, Series, fan_chart, fan_rows

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]


def fan(label: str, base: float) -> Fan:
    return Fan(
        label,
        [base - 5 - i for i in range(12)],
        [base + i * 0.5 for i in range(12)],
        [base + 5 + i for i in range(12)],
    )


def test_fan_chart_is_labelled_svg_with_a_band_and_a_median_per_fan() -> None:
    svg = fan_chart(
        ChartText("FTE in post", value_label="FTE"),
        MONTHS,
        [fan("baseline", 100), fan("keep more", 110)],
        lines=[Series("FTE needed", [120.0] * 12)],
    )
    root = ET.fromstring(svg)
    assert root.attrib["role"] == "img"
    title_id, desc_id = root.attrib["aria-labelledby"].split()
    assert root.find(f"{SVG}title").attrib["id"] == title_id
    desc = root.find(f"{SVG}desc")
    assert desc.attrib["id"] == desc_id
    groups = root.findall(f".//{SVG}g[@class='app-chart__fan']")
    assert [g.attrib["data-series"] for g in groups] == ["baseline", "keep more"]
    for g in groups:
        polygon = g.find(f"{SVG}polygon")
        assert len(polygon.attrib["points"].split()) == 24  # upper edge then lower edge
        assert len(g.find(f"{SVG}polyline").attrib["points"].split()) == 12
    # The description reads the median and band at the labelled months (every 6th here).
    assert "2026-06 median 102.5 (80% range 90.0 to 110.0)" in desc.text
    assert "FTE needed: 2026-01 120.0" in desc.text


def test_band_is_drawn_between_the_percentiles() -> None:
    svg = fan_chart(ChartText("t"), MONTHS, [fan("a", 100)])
    g = ET.fromstring(svg).find(f".//{SVG}g[@class='app-chart__fan']")
    band = [tuple(map(float, p.split(","))) for p in g.find(f"{SVG}polygon").attrib["points"].split()]
    median = [tuple(map(float, p.split(","))) for p in g.find(f"{SVG}polyline").attrib["points"].split()]
    upper, lower = band[:12], band[12:][::-1]
    for (_, hi), (_, mid), (_, lo) in zip(upper, median, lower, strict=True):
        assert hi <= mid <= lo  # SVG y grows downwards


def test_hostile_labels_are_escaped() -> None:
    svg = fan_chart(ChartText("<script>x</script>"), MONTHS, [fan('"&<b>', 10)])
    assert "<script>" not in svg and "<b>" not in svg
    ET.fromstring(svg)


def test_mismatched_lengths_are_refused_and_empty_input_draws_nothing() -> None:
    with pytest.raises(ValueError, match="has 11 values for 12"):
        fan_chart(ChartText("t"), MONTHS, [Fan("a", [1.0] * 11, [1.0] * 12, [1.0] * 12)])
    assert fan_chart(ChartText("t"), [], []) == ""


def test_rows_are_the_text_alternative() -> None:
    rows = fan_rows(MONTHS, [fan("a", 100)], [Series("need", [None] * 12)])
    assert rows[0] == ["2026-01", "95.0", "100.0", "105.0", "no figure"]
    assert len(rows) == 12


@given(
    st.lists(
        st.tuples(
            st.floats(-1e6, 1e6, allow_nan=False),
            st.floats(0, 1e5, allow_nan=False),
            st.floats(0, 1e5, allow_nan=False),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_any_finite_fan_gives_well_formed_svg(points: list[tuple[float, float, float]]) -> None:
    labels = [f"m{i}" for i in range(len(points))]
    fans = [Fan("f", [m - a for m, a, _ in points], [m for m, _, _ in points], [m + b for m, _, b in points])]
    root = ET.fromstring(fan_chart(ChartText("t"), labels, fans))
    assert root.find(f"{SVG}desc").text
