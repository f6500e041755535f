"""Suppression, symbols and rounding for regional views; aggregation across councils."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.analytics.regional import REGIONAL, regional_view
from csc_workforce.core.disclosure import (
    LOW,
    NOT_APPLICABLE,
    SUPPRESSED,
    UNAVAILABLE,
    Cell,
    DisclosureRule,
    disclose_row,
    publish_row,
    secondary_suppression,
)
from csc_workforce.core.measures_formulas import MEASURE_COLUMNS, RATE_DEFINITIONS, compute_rate


def council_row(**values: float | None) -> dict[str, float | None]:
    row: dict[str, float | None] = {
        "inpost_fte": 95.25,
        "inpost_headcount": 100,
        "starters_fte": 10.0,
        "starters_headcount": 11,
        "leavers_fte": 9.0,
        "leavers_headcount": 9,
        "agency_fte": 3.0,
        "agency_headcount": 3,
        "agency_cover_fte": 2.0,
        "vacancy_fte": 8.0,
        "case_holders_fte": 60.0,
        "cases": 900,
        "case_holders_headcount": 62,
        "working_days_lost_fte": 700.0,
    }
    row.update(values)
    return row


def with_rates(row: dict[str, float | None], year: int = 2023) -> dict[str, float | None]:
    for measure, definition in RATE_DEFINITIONS.items():
        parts = {c: row[c] for c in definition.components}
        row[measure] = None if None in parts.values() else compute_rate(measure, parts, year)  # type: ignore[arg-type]
    return row


def test_small_groups_are_suppressed_with_what_rests_on_them() -> None:
    cells = disclose_row(with_rates(council_row()), DisclosureRule(5))
    assert cells["agency_headcount"].symbol == SUPPRESSED and cells["agency_fte"].symbol == SUPPRESSED
    assert cells["agency_rate_fte"].symbol == SUPPRESSED
    assert cells["agency_cover_rate_fte"].symbol == SUPPRESSED
    assert cells["vacancy_fte"] == Cell(8.0)  # posts, not people
    assert cells["inpost_fte"] == Cell(95.3)  # half-up at 1 dp
    assert cells["turnover_rate_fte"] == Cell(9.4)
    assert cells["cases"] == Cell(900)


def test_zero_is_not_suppressed_and_symbols() -> None:
    cells = publish_row(
        with_rates(
            council_row(
                agency_fte=0.0, agency_headcount=0, vacancy_fte=0.0, agency_cover_fte=0.0, leavers_fte=0.04
            )
        )
    )
    assert cells["agency_headcount"] == Cell(0)
    assert cells["agency_cover_rate_fte"].symbol == NOT_APPLICABLE
    assert cells["vacancy_agency_cover_rate_fte"].symbol == NOT_APPLICABLE
    assert cells["leavers_fte"].symbol == LOW
    missing = publish_row(with_rates(council_row(vacancy_fte=None)))
    assert missing["vacancy_fte"].symbol == UNAVAILABLE and missing["vacancy_rate_fte"].symbol == UNAVAILABLE
    assert Cell(None, SUPPRESSED).json() == "c" and Cell(12.0).json() == 12 and Cell(1.5).text() == "1.5"


def test_threshold_must_be_positive() -> None:
    with pytest.raises(ValueError, match="threshold"):
        DisclosureRule(0)


@given(st.integers(0, 30), st.integers(1, 10))
def test_a_published_headcount_is_never_small(people: int, threshold: int) -> None:
    row = with_rates(council_row(inpost_headcount=people))
    cell = disclose_row(row, DisclosureRule(threshold))["inpost_headcount"]
    assert cell.symbol == SUPPRESSED or cell.value == 0 or cell.value >= threshold


def test_secondary_suppression_protects_a_lone_small_category() -> None:
    rule = DisclosureRule(5)
    categories = [
        {"inpost_headcount": 2, "leavers_headcount": 0},
        {"inpost_headcount": 40, "leavers_headcount": 6},
        {"inpost_headcount": 12, "leavers_headcount": 7},
    ]
    extra = secondary_suppression(categories, rule)
    assert extra == [frozenset(), frozenset(), frozenset({"inpost_headcount"})]
    two_small = [{"inpost_headcount": 2}, {"inpost_headcount": 3}, {"inpost_headcount": 30}]
    assert secondary_suppression(two_small, rule) == [frozenset()] * 3


def test_regional_aggregate_skips_councils_missing_a_component() -> None:
    a = with_rates(council_row(agency_headcount=10, agency_fte=10.0))
    b = with_rates(
        council_row(leavers_fte=None, leavers_headcount=None, agency_headcount=10, agency_fte=10.0)
    )
    frame = pl.DataFrame(
        [
            {"time_period": 2023, "old_la_code": "881", **a, "policy": "p"},
            {"time_period": 2023, "old_la_code": "882", **b, "policy": "p"},
        ]
    ).select("time_period", "old_la_code", *MEASURE_COLUMNS, "case_holders_headcount", "policy")
    rows = regional_view(frame, {"881": "East of England", "882": "East of England"})
    (region,) = [r for r in rows if r.geographic_level == REGIONAL]
    assert region.region_name == "East of England" and region.old_la_code is None
    assert region.cells["inpost_fte"].value == pytest.approx(190.5)
    # Turnover only over the council whose leavers are present (DfE, measures.md §3.3).
    assert region.cells["turnover_rate_fte"].value == pytest.approx(9.4)
    assert region.cells["leavers_fte"].value == 9.0
    assert len([r for r in rows if r.geographic_level != REGIONAL]) == 2
