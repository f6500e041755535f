"""Pure vocabulary of the published statistics (core.published)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core import measures_formulas as mf
from csc_workforce.core.published import (
    JOINT_RETURNS,
    agrees_within_rounding,
    describe_symbol,
    is_joint_code,
    predecessors_of,
    rate_bounds,
    slugify,
    split_joint,
    successors_of,
    symbol_meaning,
)


def test_symbols_have_meanings() -> None:
    assert describe_symbol("x") == "x: unavailable"
    assert symbol_meaning("low") == "rounds to 0 but is not 0"
    assert symbol_meaning("z") == "not applicable"
    with pytest.raises(ValueError, match="unknown published symbol"):
        symbol_meaning("q")


def test_joint_codes_split_into_members() -> None:
    assert split_joint("314 / 318") == ("314", "318")
    assert split_joint(" 881 ") == ("881",)
    assert is_joint_code("940 / 941")
    assert not is_joint_code("940")
    assert [j.members for j in JOINT_RETURNS] == [("314", "318"), ("940", "941")]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("East of England", "east-of-england"),
        ("Yorkshire and The Humber", "yorkshire-and-the-humber"),
        ("Kingston upon Hull, City of", "kingston-upon-hull-city-of"),
        ("  Inner London ", "inner-london"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_boundary_changes_link_old_and_new_councils() -> None:
    assert successors_of("928") == ("940", "941")
    assert successors_of("909") == ("942", "943")
    assert predecessors_of("839") == ("837", "836")
    assert successors_of("881") == ()


def test_rate_bounds_widen_with_rounding() -> None:
    bounds = rate_bounds(mf.turnover_rate, [10.0, 100.0], [0.05, 0.05])
    assert bounds is not None
    assert bounds[0] == pytest.approx(100 * 9.95 / 100.05)
    assert bounds[1] == pytest.approx(100 * 10.05 / 99.95)
    assert rate_bounds(mf.turnover_rate, [0.0, 0.0], [0.0, 0.0]) is None


def test_agreement_within_rounding() -> None:
    # Essex 2025: exact.
    assert agrees_within_rounding(8.4, mf.turnover_rate, [74.4, 884.3], [0.05, 0.05])
    # Headcounts are exact, so a different published value is a disagreement.
    assert not agrees_within_rounding(8.5, mf.turnover_rate, [74, 884], [0.0, 0.0])
    assert agrees_within_rounding(3.0, mf.absence_rate, [6693.7, 884.3], [0.05, 0.05], extra=[253])


def _round(value: float, places: int) -> float:
    return mf.round_half_up(value, places)


fte = st.decimals(min_value=Decimal("0.1"), max_value=Decimal(5000), places=4).map(float)


@given(fte, fte)
def test_rounded_publication_always_agrees(numerator: float, denominator: float) -> None:
    """Whatever the true figures, DfE's rounded figures pass the rounding-interval check."""
    for formula in (mf.turnover_rate, mf.agency_rate, mf.vacancy_rate, mf.agency_cover_rate):
        true_rate = formula(numerator, denominator)
        assert true_rate is not None
        published = [_round(numerator, 1), _round(denominator, 1)]
        assert agrees_within_rounding(_round(true_rate, 1), formula, published, [0.05, 0.05])
