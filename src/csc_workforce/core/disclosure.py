"""Statistical disclosure control for views across councils: small numbers, symbols, rounding.

A regional lead compares councils side by side but must never be able to single out a person.
Every figure that leaves ``analytics.regional`` passes through :func:`disclose_row` (and, for a
breakdown, :func:`secondary_suppression`). Symbols follow DfE's (shared/spec/measures.md §4):

- ``c``: suppressed to protect confidentiality (a group of 1 to threshold-1 people);
- ``x``: not available (a component is missing);
- ``z``: not applicable (a zero denominator);
- ``low``: rounds to 0 but is not 0.

DfE does not publish its threshold [unknown]; ours is a setting, 5 people by default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def secondary_suppression(
    categories: Sequence[Mapping[str, float | None]], rule: DisclosureRule
) -> list[frozenset[str]]:
    """Groups to suppress in each category of one breakdown, so that no suppressed category can be
    recovered by subtracting the others from the (published) total.

    For each group (in post, starters, ...): when exactly one category is suppressed, the next
    smallest category with people in it is suppressed too.
    """
    extra: list[set[str]] = [set() for _ in categories]
    for group in GROUP_COLUMNS:
        small = [i for i, row in enumerate(categories) if rule.is_small(row.get(group))]
        if len(small) != 1:
            continue
        others = [
            (float(row.get(group) or 0), i)
            for i, row in enumerate(categories)
            if i not in small and (row.get(group) or 0) > 0
        ]
        if others:
            extra[min(others)[1]].add(group)
    return [frozenset(groups) for groups in extra]
