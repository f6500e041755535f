"""What the sharing planner reads and writes: ledger rows, offers, neighbour pairs and loans.

FTE is planned in tenths (the unit the proposals are written in), so a proposal never rounds past
a donor's surplus or offer, nor past a recipient's deficit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from math import floor
from typing import Final

TENTHS: Final = 10


def to_tenths(fte: float) -> int:
    """Whole tenths of an FTE toward zero (``2.25`` → 22, ``-2.25`` → -22): never more than given.

    The product is rounded first so that binary fractions (``2.3 * 10 == 22.999…``) count whole.
    """
    tenths = floor(round(abs(fte) * TENTHS, 6))
    return tenths if fte >= 0 else -tenths


def from_tenths(tenths: int) -> float:
    return round(tenths / TENTHS, 1)


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """A council's capacity in one role: positive ``surplus_fte`` it could spare, negative it lacks."""

    la_code: str
    role: str
    surplus_fte: float


@dataclass(frozen=True, slots=True)
class Loan:
    """A proposed loan of ``fte`` in ``role`` from ``from_la`` to ``to_la``."""

    from_la: str
    to_la: str
    role: str
    fte: float


@dataclass(frozen=True, slots=True)
class Pairs:
    """Which councils may lend to each other, and how far apart they are.

    ``allowed`` None means any two member councils; otherwise only the listed pairs, in either
    direction. ``travel`` (minutes, either direction) makes nearer pairs preferred.
    """

    allowed: frozenset[frozenset[str]] | None = None
    travel: Mapping[frozenset[str], float] = field(default_factory=dict)

    @classmethod
    def listed(cls, pairs: Iterable[tuple[str, str, float | None]]) -> Pairs:
        allowed: set[frozenset[str]] = set()
        travel: dict[frozenset[str], float] = {}
        for a, b, minutes in pairs:
            key = frozenset((a, b))
            allowed.add(key)
            if minutes is not None:
                travel[key] = min(minutes, travel.get(key, minutes))
        return cls(frozenset(allowed), travel)

    def permits(self, a: str, b: str) -> bool:
        return a != b and (self.allowed is None or frozenset((a, b)) in self.allowed)

    def minutes(self, a: str, b: str) -> float | None:
        return self.travel.get(frozenset((a, b)))


@dataclass(frozen=True, slots=True)
class SharingRequest:
    """Everything the planner needs for one region.

    ``offers`` caps what a council lends in a role (absent: up to its whole surplus);
    ``refuses`` lists (council, role) pairs that will not receive.
    """

    ledger: tuple[LedgerRow, ...]
    offers: Mapping[tuple[str, str], float] = field(default_factory=dict)
    refuses: frozenset[tuple[str, str]] = frozenset()
    pairs: Pairs = field(default_factory=Pairs)


@dataclass(frozen=True, slots=True)
class RolePlan:
    """One role's totals, in tenths of an FTE: what the region lacks, could lend, and covered."""

    role: str
    deficit_tenths: int
    lendable_tenths: int
    covered_tenths: int

    @property
    def uncovered_tenths(self) -> int:
        return self.deficit_tenths - self.covered_tenths


@dataclass(frozen=True, slots=True)
class SharingPlan:
    ledger: tuple[LedgerRow, ...]
    proposals: tuple[Loan, ...]
    roles: tuple[RolePlan, ...]

    @property
    def covered_fte(self) -> float:
        return from_tenths(sum(role.covered_tenths for role in self.roles))

    @property
    def uncovered_fte(self) -> float:
        return from_tenths(sum(role.uncovered_tenths for role in self.roles))
