"""Cases and days lost on 30 September: shares add up to the published totals."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.measures_formulas import absence_rate, caseload, working_days_in_census_year
from csc_workforce.synth.people import Engagement, Person, Post
from csc_workforce.synth.reference_day import MOST_CASES, Holder, case_holders, days_lost, share_cases
from csc_workforce.synth.targets import ENGLAND_ROLE_SHARES_2019, YearTarget

fte_strategy = st.sampled_from([0.5, 0.6, 0.7, 0.8, 0.9, 1.0])


def _target(**changes: float) -> YearTarget:
    target = YearTarget(
        year=2025, inpost_fte=100.0, inpost_headcount=105, starters_fte=12.0, leavers_fte=11.0,
        leavers_headcount=12, agency_fte=10.0, agency_headcount=10, agency_cover_fte=8.0,
        vacancy_fte=12.0, case_holders_fte=55.0, cases=880, absence_rate_fte=3.2,
        role_shares=ENGLAND_ROLE_SHARES_2019,
    )  # fmt: skip
    return replace(target, **changes)


def _post(number: int, role: str, fte: float) -> Post:
    person = Person(f"SW1{number:08d}", date(1985, 5, 5), True, "WBRI", "1", "X", False, False)
    return Post(person, "800", role, fte, date(2018, 1, 1), "1")


@given(st.lists(fte_strategy, min_size=1, max_size=80), st.integers(1, 2500), st.integers())
def test_shared_cases_add_up_unless_the_cap_binds(ftes: list[float], total: int, seed: int) -> None:
    holders = [Holder(n, fte) for n, fte in enumerate(ftes)]
    cases = share_cases(random.Random(seed), holders, total)
    assert set(cases) == {h.key for h in holders}
    assert all(1 <= c <= MOST_CASES for c in cases.values())
    assert sum(cases.values()) == max(min(total, MOST_CASES * len(holders)), len(holders))


def test_case_holders_meet_the_published_caseload() -> None:
    rng = random.Random(4)
    roles = ["5"] * 50 + ["4"] * 20 + ["3"] * 15 + ["6"] * 15 + ["2"] * 4 + ["1"] * 1
    in_post = [_post(n, role, 1.0) for n, role in enumerate(roles)]
    agency = [Engagement(in_post[0].person, "800", date(2025, 1, 1), 1.0) for _ in range(5)]
    target = _target()
    holders = case_holders(rng, in_post, agency, target)
    keys = {h.key for h in holders}
    assert all(id(p) in keys for p in in_post if p.role == "5")  # every case holder holds cases
    assert not any(id(p) in keys for p in in_post if p.role in {"1", "6"})
    holder_fte = sum(h.fte for h in holders)
    assert abs(holder_fte - target.case_holders_fte) <= 1.0
    cases = share_cases(rng, holders, target.cases)
    measured = caseload(sum(cases.values()), holder_fte)
    assert measured is not None
    assert abs(measured - target.caseload) < 0.5


@given(st.lists(fte_strategy, min_size=20, max_size=200), st.floats(0.5, 8.0), st.integers())
def test_days_lost_give_the_published_absence_rate(ftes: list[float], rate: float, seed: int) -> None:
    in_post = [_post(n, "5", fte) for n, fte in enumerate(ftes)]
    days = days_lost(random.Random(seed), in_post, _target(absence_rate_fte=rate), 2024)
    assert all(value >= 0 and value * 2 == int(value * 2) for value in days.values())
    measured = absence_rate(sum(days.values()), sum(ftes), working_days_in_census_year(2024))
    assert measured is not None
    # Rounding each worker to half a day moves the total by at most a quarter day per worker.
    assert abs(measured - rate) <= 100 * 0.25 * len(ftes) / (sum(ftes) * 254) + 1e-9
