"""The SVG charts: well-formed, labelled for assistive technology, escaped, values in the text."""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.reporting.agency_report import trend_svg
from csc_workforce.reporting.charts import (
    GOVUK_BLUE,
    GOVUK_DARK_GREY,
    Bar,
    ChartText,
    LinearScale,
    Panel,
    ReferenceLine,
    Series,
    chart_id,
    chart_rows,
    column_chart,
    line_chart,
    nice_ticks,
    ranked_bar_chart,
    small_multiples,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert('x')</script> & \"Barnet\""


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def labelled_by(root: ET.Element) -> tuple[str, str]:
    ids = root.attrib["aria-labelledby"].split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert ids == [title.attrib["id"], desc.attrib["id"]]
    assert root.attrib["role"] == "img"
    return title.text or "", desc.text or ""


def trend() -> tuple[list[int], list[Series]]:
    return [2022, 2023, 2024], [
        Series("Essex", [12.5, None, 14.0], emphasis=True),
        Series("East of England", [15.1, 15.9, 16.2]),
        Series("England", [17.1, 17.1, 16.6]),
    ]


def test_line_chart_is_labelled_and_states_every_value():
    years, series = trend()
    root = parse(line_chart(ChartText("Turnover rate (FTE)", value_label="%"), years, series))
    title, desc = labelled_by(root)
    assert title == "Turnover rate (FTE)"
    for expected in (
        "Essex: 2022 12.5; 2023 no figure; 2024 14.0",
        "England: 2022 17.1; 2023 17.1; 2024 16.6",
    ):
        assert expected in desc


def test_line_chart_breaks_the_line_at_a_gap_and_thickens_the_emphasised_series():
    years, series = trend()
    root = parse(line_chart(ChartText("Turnover"), years, series))
    groups = {g.attrib["data-series"]: g for g in root.iter(f"{SVG}g") if "data-series" in g.attrib}
    essex_lines = groups["Essex"].findall(f"{SVG}polyline")
    region_lines = groups["East of England"].findall(f"{SVG}polyline")
    # Essex has values only in 2022 and 2024, with a gap between: no line joins them.
    assert essex_lines == []
    assert len(groups["Essex"]) == 2  # the two markers
    assert len(region_lines) == 1
    assert float(region_lines[0].attrib["stroke-width"]) == 2
    assert groups["Essex"].find(f"{SVG}circle").attrib["fill"] == GOVUK_BLUE


def test_series_are_told_apart_without_colour():
    years, series = trend()
    root = parse(line_chart(ChartText("Turnover"), years, series))
    groups = [g for g in root.iter(f"{SVG}g") if "data-series" in g.attrib]
    dashes = [g.find(f"{SVG}polyline").attrib.get("stroke-dasharray", "") for g in groups[1:]]
    assert len(set(dashes)) == len(dashes)
    shapes = [{child.tag for child in g} - {f"{SVG}polyline"} for g in groups]
    assert len({frozenset(s) for s in shapes}) == len(groups)


def test_hostile_labels_are_escaped():
    svg = line_chart(ChartText(HOSTILE), [HOSTILE], [Series(HOSTILE, [1.0])])
    root = parse(svg)  # still well-formed
    assert "<script" not in svg
    assert not list(root.iter(f"{SVG}script"))
    title, desc = labelled_by(root)
    assert title == HOSTILE and HOSTILE in desc
    bars = ranked_bar_chart(
        ChartText(HOSTILE), [Bar(HOSTILE, 2.0, highlight=True), Bar("x", None, note=HOSTILE)]
    )
    assert "<script" not in bars
    parse(bars)


def test_line_chart_refuses_series_of_the_wrong_length_and_is_empty_without_values():
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        line_chart(ChartText("t"), [1, 2, 3], [Series("a", [1.0, 2.0])])
    assert line_chart(ChartText("t"), [1, 2], [Series("a", [None, None])]) == ""


def test_chart_rows_are_the_text_alternative():
    years, series = trend()
    assert chart_rows(years, series) == [
        ["2022", "12.5", "15.1", "17.1"],
        ["2023", "no figure", "15.9", "17.1"],
        ["2024", "14.0", "16.2", "16.6"],
    ]


def test_ranked_bar_chart_orders_highlights_and_lists_suppressed_last():
    bars = [
        Bar("Luton", 10.0),
        Bar("Essex", 20.5, highlight=True),
        Bar("Rutland", None, note="c"),
        Bar("Norfolk", 30.0),
    ]
    svg = ranked_bar_chart(ChartText("Agency rate"), bars, references=[ReferenceLine("England", 17.7)])
    root = parse(svg)
    _, desc = labelled_by(root)
    assert "Norfolk 30.0; Essex (selected) 20.5; Luton 10.0; Rutland c" in desc
    assert "Reference lines: England 17.7" in desc
    rects = root.findall(f"{SVG}rect")
    fills = {r.find(f"{SVG}title").text.split(":")[0]: r.attrib["fill"] for r in rects}
    assert fills == {"Norfolk": GOVUK_DARK_GREY, "Essex": GOVUK_BLUE, "Luton": GOVUK_DARK_GREY}
    widths = {r.find(f"{SVG}title").text.split(":")[0]: float(r.attrib["width"]) for r in rects}
    assert widths["Norfolk"] > widths["Essex"] > widths["Luton"]
    assert math.isclose(widths["Norfolk"] / widths["Luton"], 3.0, rel_tol=0.02)


def test_ranked_bar_chart_can_rank_lowest_first_or_keep_order():
    bars = [Bar("a", 1.0), Bar("b", 3.0), Bar("c", 2.0)]
    _, ascending = labelled_by(parse(ranked_bar_chart(ChartText("t"), bars, descending=False)))
    assert "a 1.0; c 2.0; b 3.0" in ascending and "lowest first" in ascending
    _, kept = labelled_by(parse(ranked_bar_chart(ChartText("t"), bars, rank=False)))
    assert "a 1.0; b 3.0; c 2.0" in kept
    assert ranked_bar_chart(ChartText("t"), []) == ""


def test_column_chart_and_the_agency_trend_reuse_it():
    svg = trend_svg(pl.DataFrame({"quarter": ["2025-Q1", "2025-Q2"], "total_cost": [1200.0, 34500.0]}))
    root = parse(svg)
    title, desc = labelled_by(root)
    assert title == "Agency cost per quarter"
    assert "2025-Q1 £1,200; 2025-Q2 £34,500" in desc
    assert len(root.findall(f"{SVG}rect")) == 2
    assert trend_svg(pl.DataFrame({"quarter": [], "total_cost": []})) == ""
    assert column_chart(ChartText("t"), []) == ""


def test_chart_ids_are_safe_and_distinct_per_title():
    assert chart_id('Turnover "rate" <FTE>') == "chart-turnover-rate-fte"
    assert chart_id("!!!") == "chart-untitled"
    assert chart_id("Agency rate") != chart_id("Vacancy rate")


@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)
def test_nice_ticks_cover_the_range_in_even_steps(low, high):
    ticks = nice_ticks(low, high)
    assert ticks[0] <= min(low, high) + 1e-9
    assert ticks[-1] >= max(low, high) - 1e-9
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    assert len(ticks) >= 2 and len(steps) == 1 and next(iter(steps)) > 0
    assert len(ticks) <= 12


def test_nice_ticks_refuse_non_finite():
    with pytest.raises(ValueError, match="cannot make ticks"):
        nice_ticks(0, math.inf)


def test_linear_scale_maps_ends_and_inverts():
    scale = LinearScale(0, 50, 260, 20)
    assert scale(0) == 260 and scale(50) == 20 and scale(25) == 140
    assert LinearScale(3, 3, 0, 10)(3) == 0


def test_small_multiples_share_one_axis_and_describe_every_panel():
    years = [2023, 2024, 2025]
    panels = [
        Panel(
            "Essex",
            [Series("Council", [10.0, 12.0, None], emphasis=True), Series("Region", [11.0, 11.5, 12.0])],
        ),
        Panel(
            "Luton",
            [Series("Council", [30.0, 28.0, 26.0], emphasis=True), Series("Region", [11.0, 11.5, 12.0])],
        ),
    ]
    svg = small_multiples(ChartText("Turnover by council"), years, panels, columns=2)
    root = parse(svg)
    title, desc = labelled_by(root)
    assert title == "Turnover by council"
    assert "Essex. Council: 2023 10.0; 2024 12.0; 2025 no figure." in desc
    assert "Luton. Council: 2023 30.0; 2024 28.0; 2025 26.0." in desc
    groups = [g for g in root.iter(f"{SVG}g") if g.attrib.get("data-series") == "Council"]
    assert len(groups) == 2

    def marker_y(group, index):
        return float(list(group.iter(f"{SVG}circle"))[index].attrib["cy"])

    # one shared axis: within each panel a larger value sits higher (smaller y); 30 in Luton sits
    # higher in its panel than 12 in Essex does in its own (panels in one row share the top edge)
    assert marker_y(groups[0], 1) < marker_y(groups[0], 0)
    assert marker_y(groups[1], 0) < marker_y(groups[0], 1)
    assert small_multiples(ChartText("t"), years, [Panel("x", [Series("a", [None, None, None])])]) == ""
    with pytest.raises(ValueError, match="values for 3 categories"):
        small_multiples(ChartText("t"), years, [Panel("x", [Series("a", [1.0])])])
