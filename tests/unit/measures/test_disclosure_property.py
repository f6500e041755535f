"""Secondary suppression holds: no suppressed cell can be derived from the cells an output shows.

The check is independent of ``core.disclosure``'s linear algebra: for each suppressed cell a linear
program (SciPy HiGHS) finds the smallest and largest value it can take given every shown cell and
that every atom is at least 0. A derivable cell has an interval of width 0.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence

import numpy as np
import polars as pl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from csc_workforce.analytics.regional import regional_view
from csc_workforce.core.disclosure import (
    SUPPRESSED,
    DisclosureRule,
    derivable_cells,
    protect_parts_and_total,
    protect_table,
)
from csc_workforce.core.measures_formulas import MEASURE_COLUMNS
from tests.unit.measures.test_measures_disclosure import council_row, with_rates

RULE = DisclosureRule(5)


def feasible_widths(
    atoms: Mapping[Hashable, float], cells: Sequence[Collection[Hashable]], hidden: Collection[int]
) -> dict[int, float]:
    """For each hidden cell, max - min of its value over atoms >= 0 matching every shown cell."""
    names = list(atoms)
    column = {name: i for i, name in enumerate(names)}

    def row(cell: Collection[Hashable]) -> np.ndarray:
        vector = np.zeros(len(names))
        for atom in cell:
            vector[column[atom]] = 1.0
        return vector

    shown = [i for i in range(len(cells)) if i not in hidden]
    a_eq = np.array([row(cells[i]) for i in shown]) if shown else None
    b_eq = np.array([sum(atoms[a] for a in cells[i]) for i in shown]) if shown else None
    widths = {}
    for i in hidden:
        objective = row(cells[i])
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0
        widths[i] = float("inf") if high.status == 3 else -high.fun - low.fun
    return widths


def two_way_table(values: list[list[int]]) -> tuple[dict[Hashable, float], list[frozenset[Hashable]]]:
    """Interior cells, row totals, column totals and the grand total of a table (positive atoms)."""
    atoms = {(r, c): float(v) for r, row in enumerate(values) for c, v in enumerate(row) if v > 0}
    rows, columns = len(values), len(values[0])
    cells = [frozenset({(r, c)} & atoms.keys()) for r in range(rows) for c in range(columns)]
    cells += [frozenset(a for a in atoms if a[0] == r) for r in range(rows)]
    cells += [frozenset(a for a in atoms if a[1] == c) for c in range(columns)]
    cells.append(frozenset(atoms))
    return atoms, cells


counts = st.integers(0, 40) | st.integers(1, 4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(counts, min_size=1, max_size=5), min_size=1, max_size=5).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    )
)
def test_no_suppressed_cell_of_a_table_with_margins_is_derivable(values: list[list[int]]) -> None:
    atoms, cells = two_way_table(values)
    sizes = [float(sum(atoms[a] for a in cell)) for cell in cells]
    primary = {i for i, size in enumerate(sizes) if RULE.is_small(size)}
    hidden = protect_table(cells, sizes, primary)
    assert {i for i in primary if cells[i]} <= hidden
    assert not derivable_cells(cells, hidden)
    for cell, width in feasible_widths(atoms, cells, hidden).items():
        assert width > 1e-6, (values, cell)


@settings(max_examples=50, deadline=None)
@given(st.lists(counts, min_size=1, max_size=12))
def test_parts_and_total_never_give_a_part_back(parts: list[int]) -> None:
    hidden, total_hidden = protect_parts_and_total(parts, RULE)
    assert {i for i, p in enumerate(parts) if 0 < p < RULE.threshold} <= hidden
    atoms = {i: float(p) for i, p in enumerate(parts) if p > 0}
    cells = [frozenset({i} & atoms.keys()) for i in range(len(parts))] + [frozenset(atoms)]
    suppressed = set(hidden) | ({len(parts)} if total_hidden else set())
    for cell, width in feasible_widths(atoms, cells, suppressed).items():
        assert width > 1e-6, (parts, cell)


def _frame(rows: list[dict[str, float | None]], by: str | None = None) -> pl.DataFrame:
    extra = [by] if by else []
    return pl.DataFrame(rows).select(
        "time_period", "old_la_code", *extra, *MEASURE_COLUMNS, "case_holders_headcount", "policy"
    )


def _council(code: str, leavers: int, starters: int, category: str | None = None) -> dict[str, object]:
    row = with_rates(
        council_row(
            leavers_headcount=leavers,
            leavers_fte=float(leavers),
            starters_headcount=starters,
            starters_fte=float(starters),
        )
    )
    record: dict[str, object] = {"time_period": 2025, "old_la_code": code, **row, "policy": "p"}
    if category is not None:
        record["gender"] = category
    return record


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=8))
def test_regional_view_councils_and_region_total_hold(values: list[tuple[int, int]]) -> None:
    codes = [f"{800 + i}" for i in range(len(values))]
    rows = [
        _council(code, leavers, starters) for code, (leavers, starters) in zip(codes, values, strict=True)
    ]
    disclosed = regional_view(_frame(rows), dict.fromkeys(codes, "East of England"), rule=RULE)
    by_code = {row.old_la_code: row for row in disclosed}
    for group, index in (("leavers_headcount", 0), ("starters_headcount", 1)):
        atoms = {code: float(v[index]) for code, v in zip(codes, values, strict=True) if v[index] > 0}
        cells = [frozenset({code} & atoms.keys()) for code in codes] + [frozenset(atoms)]
        hidden = {i for i, code in enumerate(codes) if by_code[code].cells[group].symbol == SUPPRESSED}
        if by_code[None].cells[group].symbol == SUPPRESSED:
            hidden.add(len(codes))
        assert {i for i, v in enumerate(values) if 0 < v[index] < 5} <= hidden
        for cell, width in feasible_widths(atoms, cells, hidden).items():
            assert width > 1e-6, (group, values, cell)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=5))
@example(values=[(0, 5), (1, 4)])  # a council's one category equals its shown total
def test_regional_view_breakdown_holds_with_both_totals(values: list[tuple[int, int]]) -> None:
    """Categories of each council and of the region, with councils' and region's totals known."""
    codes = [f"{800 + i}" for i in range(len(values))]
    labels = ("Female", "Male")
    rows = [
        _council(code, leavers, 20, label)
        for code, pair in zip(codes, values, strict=True)
        for label, leavers in zip(labels, pair, strict=True)
    ]
    disclosed = regional_view(_frame(rows, "gender"), dict.fromkeys(codes, "R"), by="gender", rule=RULE)
    shown = {(row.old_la_code, row.breakdown): row.cells["leavers_headcount"] for row in disclosed}
    atoms = {
        (code, label): float(n)
        for code, pair in zip(codes, values, strict=True)
        for label, n in zip(labels, pair, strict=True)
        if n > 0
    }
    keys = [(code, label) for code in codes for label in labels] + [(None, label) for label in labels]
    cells = [
        frozenset(a for a in atoms if (code is None or a[0] == code) and a[1] == label)
        for code, label in keys
    ]
    hidden = {i for i, key in enumerate(keys) if shown[key].symbol == SUPPRESSED}
    # The totals without a breakdown, as that view shows them.
    totals = [sum(pair) for pair in values]
    hidden_totals, total_hidden = protect_parts_and_total(totals, RULE)
    for i, code in enumerate(codes):
        cells.append(frozenset(a for a in atoms if a[0] == code))
        if i in hidden_totals:
            hidden.add(len(cells) - 1)
    cells.append(frozenset(atoms))
    if total_hidden:
        hidden.add(len(cells) - 1)
    for cell, width in feasible_widths(atoms, cells, hidden).items():
        assert width > 1e-6, (values, keys[cell] if cell < len(keys) else cell)
