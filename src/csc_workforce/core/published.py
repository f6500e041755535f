"""Pure vocabulary of DfE's published CSWW statistics: symbols, joint returns, boundary changes.

Facts from shared/spec/measures.md §4 (symbols) and §6 (geography). No I/O here: the readers in
``csc_workforce.ingest.published`` and the benchmarking in ``analytics`` build on these.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from csc_workforce.core.measures_formulas import round_half_up

# What each symbol in a published value cell means (§4). ":" and "k" appear in older releases.
SYMBOL_MEANINGS: Final[dict[str, str]] = {
    "c": "suppressed to protect confidentiality",
    "x": "unavailable",
    "z": "not applicable",
    "u": "low reliability",
    "low": "rounds to 0 but is not 0",
    ":": "not available",
    "k": "rounds to 0 but is not 0",
}

# Separator DfE uses inside compound codes and names of joint returns ("314 / 318").
JOINT_SEPARATOR: Final = " / "


@dataclass(frozen=True, slots=True)
class JointReturn:
    """Councils that make one census return together and are published as one row (§6)."""

    old_la_code: str
    new_la_code: str
    la_name: str
    first_year: int

    @property
    def members(self) -> tuple[str, ...]:
        return split_joint(self.old_la_code)


# Compound rows of the 2024 and 2025 releases. Older releases print the joint figures under the
# first member and show the other as ``z`` (or leave it out); the readers fold those back.
JOINT_RETURNS: Final[tuple[JointReturn, ...]] = (
    JointReturn("314 / 318", "E09000021 / E09000027", "Kingston upon Thames / Richmond upon Thames", 2017),
    JointReturn("940 / 941", "E06000061 / E06000062", "North Northamptonshire / West Northamptonshire", 2021),
)


def symbol_meaning(symbol: str) -> str:
    """The plain-English meaning of a published symbol, e.g. ``x`` → ``unavailable``."""
    try:
        return SYMBOL_MEANINGS[symbol]
    except KeyError:
        raise ValueError(f"unknown published symbol {symbol!r}") from None


def describe_symbol(symbol: str) -> str:
    """``"x: unavailable"``: the symbol and its meaning, as shown beside a missing figure."""
    return f"{symbol}: {symbol_meaning(symbol)}"


def split_joint(text: str) -> tuple[str, ...]:
    """The members of a compound code or name (``"314 / 318"`` → ``("314", "318")``)."""
    return tuple(part.strip() for part in text.split("/")) if "/" in text else (text.strip(),)


def is_joint_code(code: str) -> bool:
    return len(split_joint(code)) > 1


_NON_SLUG: Final = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """URL- and file-safe slug of a region or council name: ``East of England`` → ``east-of-england``."""
    return _NON_SLUG.sub("-", name.lower().replace("&", " and ")).strip("-")


@dataclass(frozen=True, slots=True)
class BoundaryChange:
    """A reorganisation: from ``first_year`` the successors report instead of the predecessors."""

    first_year: int
    predecessors: tuple[str, ...]
    successors: tuple[str, ...]
    note: str


# DfE 3-digit codes (§6). Code changes that kept the DfE code (Buckinghamshire, North Yorkshire,
# Somerset, Barnsley, Sheffield: new ONS codes only) need no entry.
BOUNDARY_CHANGES: Final[tuple[BoundaryChange, ...]] = (
    BoundaryChange(
        2019, ("837", "836"), ("839",), "Bournemouth and Poole became Bournemouth, Christchurch and Poole"
    ),
    BoundaryChange(2019, ("835",), ("838",), "Dorset county council became the Dorset unitary council"),
    BoundaryChange(
        2021,
        ("928",),
        ("940", "941"),
        "Northamptonshire split into North and West Northamptonshire (published as one joint row)",
    ),
    BoundaryChange(
        2023, ("909",), ("942", "943"), "Cumbria split into Cumberland and Westmorland and Furness"
    ),
)


def successors_of(code: str) -> tuple[str, ...]:
    """DfE codes that took over from ``code`` (empty when it was not reorganised)."""
    return tuple(
        itertools.chain.from_iterable(c.successors for c in BOUNDARY_CHANGES if code in c.predecessors)
    )


def predecessors_of(code: str) -> tuple[str, ...]:
    """DfE codes that ``code`` took over from (empty when it is not a successor)."""
    return tuple(
        itertools.chain.from_iterable(c.predecessors for c in BOUNDARY_CHANGES if code in c.successors)
    )


# How far a published component can be from its true value: half a unit of the last place.
def rounding_tolerance(places: int) -> float:
    return 0.5 * 10.0**-places


def rate_bounds(
    formula: Callable[..., float | None],
    components: Sequence[float],
    tolerances: Sequence[float],
    *,
    extra: Sequence[float] = (),
) -> tuple[float, float] | None:
    """Smallest and largest value of ``formula`` when each component moves within its tolerance.

    The published rates are monotone in each component, so the extremes sit at the corners of the
    box; a component never goes below zero. None when the formula is undefined at every corner.
    """
    ranges = [(max(0.0, v - t), v + t) for v, t in zip(components, tolerances, strict=True)]
    values = [formula(*corner, *extra) for corner in itertools.product(*ranges)]
    defined = [v for v in values if v is not None]
    if not defined:
        return None
    return min(defined), max(defined)


def agrees_within_rounding(
    published: float,
    formula: Callable[..., float | None],
    components: Sequence[float],
    tolerances: Sequence[float],
    *,
    places: int = 1,
    extra: Sequence[float] = (),
) -> bool:
    """True when ``published`` is what DfE could have printed from components this close to those given.

    Exact check first (our value from the published components, rounded half-up), then the
    rounding interval: the published value lies between the rounded extremes of :func:`rate_bounds`.
    """
    exact = formula(*components, *extra)
    if exact is not None and round_half_up(exact, places) == published:
        return True
    bounds = rate_bounds(formula, components, tolerances, extra=extra)
    if bounds is None:
        return False
    low, high = bounds
    return round_half_up(low, places) <= published <= round_half_up(high, places)
