"""Classification of worker records into the measures' populations (census.md §9, §11)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.measures import (
    DEFAULT_POLICY,
    FTE_POLICIES,
    Casual,
    EndOnReferenceDate,
    FteSource,
    MeasurePolicy,
    Population,
    Returners,
    WorkerFacts,
    classify,
    derive_fte,
)

YEAR = 2023


def facts(
    agency: list[int],
    start: list[str | None],
    end: list[str | None],
    fte: list[float | None] | None = None,
    fte30: list[float | None] | None = None,
    cases: list[float | None] | None = None,
    person: list[int] | None = None,
) -> WorkerFacts:
    n = len(agency)

    def dates(values: list[str | None]) -> np.ndarray:
        return np.array([v if v else "NaT" for v in values], dtype="datetime64[D]")

    def floats(values: list[float | None] | None) -> np.ndarray:
        return np.array([np.nan if v is None else v for v in (values or [1.0] * n)], dtype=float)

    return WorkerFacts(
        year=YEAR,
        agency=np.array(agency, dtype=np.int8),
        start=dates(start),
        end=dates(end),
        fte=floats(fte),
        fte30=floats(fte30),
        cases=floats(cases or [None] * n),
        person=np.array(person if person is not None else [-1] * n, dtype=np.int64),
    )


def test_in_post_leaver_starter_agency() -> None:
    f = facts(
        agency=[0, 0, 0, 0, 1, -1],
        start=["2010-01-01", "2010-01-01", "2023-03-01", "2022-10-01", None, "2010-01-01"],
        end=[None, "2023-06-30", None, "2023-02-01", None, None],
    )
    c = classify(f)
    assert c.in_post.tolist() == [True, False, True, False, False, False]
    assert c.leaver.tolist() == [False, True, False, True, False, False]
    # A starter may also be a leaver (both dates inside the year).
    assert c.starter.tolist() == [False, False, True, True, False, False]
    assert c.agency.tolist() == [False, False, False, False, True, False]
    assert c.unclassified.tolist() == [False, False, False, False, False, True]


def test_first_day_of_year_is_a_start_and_day_before_is_not() -> None:
    c = classify(facts([0, 0], ["2022-10-01", "2022-09-30"], [None, None]))
    assert c.starter.tolist() == [True, False]
    assert c.in_post.tolist() == [True, True]


def test_end_on_30_september_policy() -> None:
    f = facts([0], ["2015-01-01"], ["2023-09-30"])
    default = classify(f)
    assert default.leaver.tolist() == [True] and default.in_post.tolist() == [False]
    in_post = classify(f, MeasurePolicy(end_on_reference_date=EndOnReferenceDate.IN_POST))
    assert in_post.leaver.tolist() == [False] and in_post.in_post.tolist() == [True]


def test_dates_outside_the_year() -> None:
    c = classify(
        facts([0, 0, 0], ["2015-01-01", "2015-01-01", "2023-10-05"], ["2023-11-01", "2022-01-01", None])
    )
    # Leaves after the reference date: still in post; left in an earlier year: nowhere.
    assert c.in_post.tolist() == [True, False, False]
    assert c.leaver.tolist() == [False, False, False]
    assert c.out_of_year.tolist() == [False, True, True]


def test_returners_policy() -> None:
    f = facts(
        [0, 0],
        ["2015-01-01", "2023-05-01"],
        ["2023-04-30", None],
        person=[7, 7],
    )
    separate = classify(f)
    assert separate.leaver.tolist() == [True, False] and separate.starter.tolist() == [False, True]
    continuous = classify(f, MeasurePolicy(returners=Returners.CONTINUOUS))
    assert continuous.leaver.tolist() == [False, False]
    assert continuous.starter.tolist() == [False, False]
    assert continuous.in_post.tolist() == [False, True]


def test_casual_policy_drops_zero_fte() -> None:
    f = facts([0, 0], ["2015-01-01", "2015-01-01"], [None, None], fte=[0.0, 0.5], fte30=[0.0, 0.5])
    assert classify(f).in_post.tolist() == [True, True]
    excluded = classify(f, MeasurePolicy(casual=Casual.EXCLUDE_ZERO_FTE))
    assert excluded.in_post.tolist() == [False, True]


def test_case_holders_include_agency() -> None:
    f = facts([0, 0, 1, 0], ["2015-01-01"] * 4, [None, None, None, "2023-01-01"], cases=[3, 0, 5, 9])
    assert classify(f).case_holder.tolist() == [True, False, True, False]


def test_default_fte_policy() -> None:
    f = facts(
        [0, 0, 0],
        ["2015-01-01"] * 3,
        [None, "2023-01-01", "2023-01-01"],
        fte=[None, 0.0, 0.6],
        fte30=[0.8, 0.7, 0.9],
    )
    policy = DEFAULT_POLICY.fte
    assert f.derived_fte(policy, Population.IN_POST)[0] == 0.8  # FTE missing: FTE30
    leaver = f.derived_fte(policy, Population.LEAVER)
    assert leaver[1] == 0.7 and leaver[2] == 0.6  # FTE 0: FTE30; else FTE
    assert np.isnan(f.derived_fte(policy, Population.STARTER)[0])  # starters: FTE only
    other = FTE_POLICIES["fte30-at-reference"]
    assert f.derived_fte(other, Population.IN_POST)[2] == 0.9
    assert DEFAULT_POLICY.label.startswith("measures/v1; fte=fte-first/v1")


def test_derive_fte_positive_only_falls_through_to_zero() -> None:
    values = derive_fte(
        (FteSource("FTE", positive_only=True), FteSource("FTE30"), FteSource("FTE")),
        {"FTE": np.array([0.0]), "FTE30": np.array([np.nan])},
    )
    assert values.tolist() == [0.0]


_day = st.integers(min_value=-800, max_value=800).map(lambda d: date(2023, 1, 1) + timedelta(days=d))


@given(
    st.lists(
        st.tuples(
            st.sampled_from([0, 1, -1]),
            st.none() | _day,
            st.none() | _day,
            st.sampled_from(list(EndOnReferenceDate)),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_populations_are_consistent(
    rows: list[tuple[int, date | None, date | None, EndOnReferenceDate]],
) -> None:
    f = facts(
        [r[0] for r in rows],
        [r[1].isoformat() if r[1] else None for r in rows],
        [r[2].isoformat() if r[2] else None for r in rows],
    )
    c = classify(f, MeasurePolicy(end_on_reference_date=rows[0][3]))
    employed = f.agency == 0
    assert not (c.in_post & c.leaver).any()
    assert not (c.agency & (c.in_post | c.leaver | c.starter)).any()
    assert not ((c.in_post | c.leaver | c.starter) & ~employed).any()
    assert (c.agency == (f.agency == 1)).all()
    # Every LA-employed record in the year is in post or a leaver, unless its dates are out of year.
    assert ((c.in_post | c.leaver | c.out_of_year) == employed).all()
