"""Role mix: whole role counts from shares, and starters/stayers moved onto the published mix."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.synth.people import Person, Post
from csc_workforce.synth.roles import assign_roles, role_counts
from csc_workforce.synth.targets import ROLE_CODES

shares_strategy = st.lists(st.floats(0.0, 1.0), min_size=6, max_size=6).filter(lambda s: sum(s) > 0.01)


def _normalised(raw: list[float]) -> list[float]:
    return [value / sum(raw) for value in raw]


def _post(role: str, number: int) -> Post:
    person = Person(f"SW1{number:08d}", date(1980, 1, 1), True, "WBRI", "1", "X", False, False)
    return Post(person, "800", role, 1.0, date(2015, 1, 1), "1")


@given(shares_strategy, st.integers(0, 2000))
def test_role_counts_add_up_and_stay_within_one_of_the_exact_share(raw: list[float], total: int) -> None:
    shares = _normalised(raw)
    counts = role_counts(shares, total)
    assert sum(counts.values()) == total
    for code, share in zip(ROLE_CODES, shares, strict=True):
        assert abs(counts[code] - share * total) < 1.0 + 1e-9


@given(shares_strategy, st.lists(st.sampled_from(ROLE_CODES), max_size=60), st.integers(0, 40), st.integers())
def test_assign_roles_meets_the_published_mix(
    raw: list[float], stayer_roles: list[str], new_count: int, seed: int
) -> None:
    shares = _normalised(raw)
    stayers = [_post(role, n) for n, role in enumerate(stayer_roles)]
    starters = [_post("5", 1000 + n) for n in range(new_count)]
    assign_roles(random.Random(seed), stayers, starters, shares, set())
    wanted = role_counts(shares, len(stayers) + len(starters))
    have = {code: sum(p.role == code for p in [*stayers, *starters]) for code in ROLE_CODES}
    assert have == wanted


def test_newly_qualified_starters_are_not_promoted_while_others_can_be() -> None:
    shares = [0.25, 0.25, 0.0, 0.0, 0.5, 0.0]  # 2 senior, 2 middle managers and 4 case holders
    stayers = [_post("5", n) for n in range(4)]
    starters = [_post("5", 10 + n) for n in range(4)]
    newly_qualified = {id(p) for p in starters}
    assign_roles(random.Random(1), stayers, starters, shares, newly_qualified)
    assert [p.role for p in starters] == ["5", "5", "5", "5"]
    assert sorted(p.role for p in stayers) == ["1", "1", "2", "2"]
