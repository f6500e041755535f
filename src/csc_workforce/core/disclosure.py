"""Statistical disclosure control for views across councils: small numbers, symbols, rounding.

A regional lead compares councils side by side but must never be able to single out a person.
Every figure that leaves ``analytics.regional`` passes through :func:`disclose_row`, with the
groups :func:`protect_table` adds so that no suppressed cell can be recovered from the parts and
totals the output shows. Symbols follow DfE's (shared/spec/measures.md §4):

- ``c``: suppressed to protect confidentiality (a group of 1 to threshold-1 people);
- ``x``: not available (a component is missing);
- ``z``: not applicable (a zero denominator);
- ``low``: rounds to 0 but is not 0.

DfE does not publish its threshold [unknown]; ours is a setting, 5 people by default.

Secondary suppression (:func:`protect_table`, the one implementation every regional output uses):
an output's cells are sums of disjoint *atoms* (a council's leavers, one council-role-agency-quarter
block of engagements, ...). A suppressed cell is derivable from the cells shown exactly when its
vector of atoms lies in the linear span of the shown cells' vectors; when it does not, a direction
in atom space changes it while every shown cell stays fixed, and because every atom is positive a
small step along it stays feasible, so the value cannot be pinned down. :func:`protect_table` adds
the smallest cells to the suppressed set until no suppressed cell is derivable.
:func:`protect_parts_and_total` is the common case: parts (councils, roles, agencies) and their total.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from csc_workforce.core.measures_formulas import (
    MEASURE_COLUMNS,
    RATE_DEFINITIONS,
    published_places,
    round_half_up,
)

SUPPRESSED: Final = "c"
UNAVAILABLE: Final = "x"
NOT_APPLICABLE: Final = "z"
LOW: Final = "low"
SYMBOLS: Final = {
    SUPPRESSED: "suppressed to protect confidentiality",
    UNAVAILABLE: "not available",
    NOT_APPLICABLE: "not applicable (zero denominator)",
    LOW: "rounds to 0 but is not 0",
}
DEFAULT_THRESHOLD: Final = 5
THRESHOLD_ENV_VAR: Final = "CSCW_DISCLOSURE_THRESHOLD"
CASE_HOLDERS_HEADCOUNT: Final = "case_holders_headcount"

# The groups of people behind each published measure, named by their headcount column. A measure
# is suppressed when any of its groups holds 1 to threshold-1 people. Vacancies are posts, not
# people, so they never trigger suppression on their own; agency cover rests on the agency group.
MEASURE_GROUPS: Final[Mapping[str, tuple[str, ...]]] = {
    "inpost_fte": ("inpost_headcount",),
    "inpost_headcount": ("inpost_headcount",),
    "starters_fte": ("starters_headcount",),
    "starters_headcount": ("starters_headcount",),
    "leavers_fte": ("leavers_headcount",),
    "leavers_headcount": ("leavers_headcount",),
    "turnover_rate_fte": ("leavers_headcount", "inpost_headcount"),
    "turnover_rate_headcount": ("leavers_headcount", "inpost_headcount"),
    "agency_fte": ("agency_headcount",),
    "agency_headcount": ("agency_headcount",),
    "agency_rate_fte": ("agency_headcount", "inpost_headcount"),
    "agency_rate_headcount": ("agency_headcount", "inpost_headcount"),
    "agency_cover_fte": ("agency_headcount",),  # the covering workers are agency workers
    "agency_cover_rate_fte": ("agency_headcount",),
    "vacancy_fte": (),
    "vacancy_rate_fte": ("inpost_headcount",),
    "vacancy_agency_cover_rate_fte": ("agency_headcount",),
    "case_holders_fte": (CASE_HOLDERS_HEADCOUNT,),
    "cases": (CASE_HOLDERS_HEADCOUNT,),
    "caseload_fte": (CASE_HOLDERS_HEADCOUNT,),
    "working_days_lost_fte": ("inpost_headcount",),
    "absence_rate_fte": ("inpost_headcount",),
}
GROUP_COLUMNS: Final = (
    "inpost_headcount",
    "starters_headcount",
    "leavers_headcount",
    "agency_headcount",
    CASE_HOLDERS_HEADCOUNT,
)


@dataclass(frozen=True, slots=True)
class Cell:
    """A disclosed figure: a rounded value, or a symbol (``low`` keeps no value)."""

    value: float | None
    symbol: str | None = None

    def text(self) -> str:
        if self.symbol is not None:
            return self.symbol
        if self.value is None:
            return UNAVAILABLE
        return f"{self.value:g}" if float(self.value).is_integer() else f"{self.value}"

    def json(self) -> float | int | str | None:
        """The value for JSON: a number, or the symbol as a string (as DfE's files do)."""
        if self.symbol is not None:
            return self.symbol
        if self.value is not None and float(self.value).is_integer():
            return int(self.value)
        return self.value


@dataclass(frozen=True, slots=True)
class DisclosureRule:
    """The suppression threshold: groups of 1 to ``threshold - 1`` people are suppressed."""

    threshold: int = DEFAULT_THRESHOLD

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ValueError(f"the suppression threshold must be 1 or more, found {self.threshold}")

    def is_small(self, people: float | None) -> bool:
        return people is not None and 0 < people < self.threshold


def _publish(measure: str, value: float) -> Cell:
    rounded = round_half_up(value, published_places(measure))
    if rounded == 0 and value != 0:
        return Cell(None, LOW)
    return Cell(rounded)


def _missing_symbol(measure: str, values: Mapping[str, float | None]) -> str:
    definition = RATE_DEFINITIONS.get(measure)
    if definition is not None and all(values.get(c) is not None for c in definition.components):
        return NOT_APPLICABLE
    return UNAVAILABLE


def small_groups(values: Mapping[str, float | None], rule: DisclosureRule) -> frozenset[str]:
    """The headcount columns of ``values`` that hold 1 to threshold-1 people."""
    return frozenset(group for group in GROUP_COLUMNS if rule.is_small(values.get(group)))


def publish_row(
    values: Mapping[str, float | None], *, suppress: frozenset[str] = frozenset()
) -> dict[str, Cell]:
    """Every published measure of one row rounded as DfE, with symbols for missing (``x``), zero
    denominators (``z``) and tiny values (``low``); measures resting on a group in ``suppress``
    become ``c``. A council's view of its own figures uses this with nothing suppressed."""
    cells: dict[str, Cell] = {}
    for measure in MEASURE_COLUMNS:
        value = values.get(measure)
        if suppress.intersection(MEASURE_GROUPS[measure]):
            cells[measure] = Cell(None, SUPPRESSED)
        elif value is None:
            cells[measure] = Cell(None, _missing_symbol(measure, values))
        else:
            cells[measure] = _publish(measure, float(value))
    return cells


def disclose_row(
    values: Mapping[str, float | None],
    rule: DisclosureRule,
    *,
    suppressed_groups: frozenset[str] = frozenset(),
) -> dict[str, Cell]:
    """Every published measure of one row, rounded as DfE, with small groups suppressed.

    ``values`` are the unrounded measures plus ``case_holders_headcount``;
    ``suppressed_groups`` adds groups to suppress (secondary suppression).
    """
    return publish_row(values, suppress=small_groups(values, rule) | suppressed_groups)


def primary_suppressed(counts: Sequence[float | None], rule: DisclosureRule) -> frozenset[int]:
    """Positions of ``counts`` (people or engagements) that are 1 to threshold-1."""
    return frozenset(i for i, count in enumerate(counts) if rule.is_small(count))


# A large prime: ranks are computed in integers modulo it, exact for the 0/1 cell vectors here
# (a rank can only come out lower mod p, which makes a cell look derivable and adds suppression).
_PRIME: Final = (1 << 61) - 1


class _Span:
    """Row-echelon basis (mod ``_PRIME``) of shown cells, remembering which cells built each row."""

    def __init__(self) -> None:
        self.rows: dict[int, tuple[dict[int, int], dict[int, int]]] = {}  # pivot -> (row, combination)

    def reduce(self, vector: Mapping[int, int], origin: int | None) -> tuple[dict[int, int], dict[int, int]]:
        row = {k: v % _PRIME for k, v in vector.items() if v % _PRIME}
        combination: dict[int, int] = {origin: 1} if origin is not None else {}
        while row:
            pivot = min(row)
            if pivot not in self.rows:
                break
            factor = row[pivot]
            basis_row, basis_combination = self.rows[pivot]
            for k, v in basis_row.items():
                value = (row.get(k, 0) - factor * v) % _PRIME
                if value:
                    row[k] = value
                else:
                    row.pop(k, None)
            for k, v in basis_combination.items():
                value = (combination.get(k, 0) - factor * v) % _PRIME
                if value:
                    combination[k] = value
                else:
                    combination.pop(k, None)
        return row, combination

    def add(self, vector: Mapping[int, int], origin: int) -> None:
        row, combination = self.reduce(vector, origin)
        if not row:
            return
        pivot = min(row)
        inverse = pow(row[pivot], _PRIME - 2, _PRIME)
        self.rows[pivot] = (
            {k: v * inverse % _PRIME for k, v in row.items()},
            {k: v * inverse % _PRIME for k, v in combination.items()},
        )


def _shown_span(vectors: Sequence[dict[int, int]], hidden: Collection[int]) -> _Span:
    span = _Span()
    for index, vector in enumerate(vectors):
        if index not in hidden and vector:
            span.add(vector, index)
    return span


def derivable_cells(cells: Sequence[Collection[Hashable]], hidden: Collection[int]) -> frozenset[int]:
    """The hidden cells whose value follows from the shown ones (each cell a set of atoms)."""
    vectors = _vectors(cells)
    span = _shown_span(vectors, hidden)
    return frozenset(i for i in hidden if vectors[i] and not span.reduce(vectors[i], None)[0])


def _vectors(cells: Sequence[Collection[Hashable]]) -> list[dict[int, int]]:
    numbering: dict[Hashable, int] = {}
    return [{numbering.setdefault(atom, len(numbering)): 1 for atom in cell} for cell in cells]


def protect_table(
    cells: Sequence[Collection[Hashable]],
    values: Sequence[float],
    primary: Iterable[int],
    *,
    fixed: Collection[int] = (),
) -> frozenset[int]:
    """Every cell to suppress so that no suppressed cell can be derived from the shown ones.

    ``cells[i]`` is the set of atoms cell ``i`` adds up (atoms are disjoint, positive parts: leave
    out empty ones); ``values[i]`` its size, so that the smallest cells are suppressed first;
    ``primary`` the cells suppressed for their own sake; ``fixed`` cells that must stay shown
    (shown by another output). Greedy: while a suppressed cell is derivable, suppress the smallest
    shown cell its derivation uses. A cell that only fixed cells reveal stays suppressed but
    unprotected (a caller passing ``fixed`` accepts that; without it every cell is protected).
    """
    vectors = _vectors(cells)
    hidden = {i for i in primary if vectors[i]}
    given_up: set[int] = set()  # only possible with ``fixed``: every cell revealing it is fixed
    # A cell the fixed cells already add up to cannot be hidden (a council's one category equals
    # its shown total); suppressing it would protect nothing and show a ``c`` anyone can undo.
    fixed_span = _shown_span(vectors, set(range(len(vectors))) - set(fixed))
    revealed_by_fixed = {j for j, vector in enumerate(vectors) if not fixed_span.reduce(vector, None)[0]}
    while True:
        span = _shown_span(vectors, hidden)
        exposed: tuple[int, list[int]] | None = None
        for i in sorted(hidden - given_up):
            remainder, combination = span.reduce(vectors[i], None)
            if not remainder:
                exposed = (i, sorted(combination))
                break
        if exposed is None:
            return frozenset(hidden)
        cell, used = exposed
        choices = [
            j for j in used if j not in fixed and j not in revealed_by_fixed and vectors[j] and values[j] > 0
        ]
        if choices:
            hidden.add(min(choices, key=lambda j: (values[j], j)))
        else:
            given_up.add(cell)


def protect_parts_and_total(
    parts: Sequence[float | None], rule: DisclosureRule
) -> tuple[frozenset[int], bool]:
    """Parts that are shown with their total: the parts to suppress, and whether the total must be.

    A part is suppressed when it is 1 to threshold-1 (people or engagements); then further parts
    (or the total) so that subtracting the shown parts from the total recovers none of them.
    """
    sizes = [float(part or 0) for part in parts]
    cells: list[frozenset[int]] = [
        frozenset({i}) if size > 0 else frozenset() for i, size in enumerate(sizes)
    ]
    cells.append(frozenset(i for i, size in enumerate(sizes) if size > 0))
    hidden = protect_table(cells, [*sizes, sum(sizes)], primary_suppressed(parts, rule))
    return frozenset(i for i in hidden if i < len(parts)), len(parts) in hidden


def secondary_suppression(
    categories: Sequence[Mapping[str, float | None]], rule: DisclosureRule
) -> list[frozenset[str]]:
    """Groups to suppress in each category of one breakdown, so that no suppressed category can be
    recovered by subtracting the others from the (published) total.

    For each group (in post, starters, ...) the categories are protected as parts of a shown total
    (:func:`protect_parts_and_total`, the total staying shown).
    """
    extra: list[set[str]] = [set() for _ in categories]
    for group in GROUP_COLUMNS:
        sizes = [float(row.get(group) or 0) for row in categories]
        cells = [frozenset({i}) if size > 0 else frozenset() for i, size in enumerate(sizes)]
        total = len(cells)
        cells.append(frozenset(i for i, size in enumerate(sizes) if size > 0))
        primary = primary_suppressed(sizes, rule)
        for i in protect_table(cells, [*sizes, sum(sizes)], primary, fixed={total}) - primary:
            extra[i].add(group)
    return [frozenset(groups) for groups in extra]
