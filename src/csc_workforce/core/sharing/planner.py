"""Loan proposals for a region by optimisation (SciPy's interface to HiGHS).

The formulation, stated in docs/staff-sharing.md, is solved role by role in whole tenths of FTE:

1. Cover. Maximise the FTE lent, sum x[d, r], over allowed donor/recipient pairs, subject to each
   donor lending at most min(surplus, offer) and each recipient receiving at most its deficit.
2. Shape. Holding that cover, fewer and larger loans, then nearer pairs: rounds of slope scaling
   (see ``_fewest_loans``), each an integer programme whose cost per FTE on a pair is its loan's
   fixed cost spread over what it carried, plus travel time with a weight too small ever to trade
   a loan for distance. The plan with the fewest loans (then least travel) is kept.

Every programme runs with a node limit rather than a time limit, so the same numbers give the
same proposals on every run and machine load cannot change them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from csc_workforce.core.sharing.model import (
    LedgerRow,
    Loan,
    RolePlan,
    SharingPlan,
    SharingRequest,
    from_tenths,
    to_tenths,
)

# A node limit, not a time limit: the answer must not depend on how busy the machine is.
OPTIONS: Final = {"node_limit": 10_000, "presolve": True}
SCALING_ROUNDS: Final = 4


@dataclass(frozen=True, slots=True)
class _Arc:
    donor: int
    recipient: int
    upper: int
    travel: float


def plan_loans(request: SharingRequest) -> SharingPlan:
    """Proposals covering as much of each role's deficit as the surpluses, offers and pairs allow."""
    by_role: dict[str, list[LedgerRow]] = defaultdict(list)
    for row in request.ledger:
        by_role[row.role].append(row)
    loans: list[Loan] = []
    roles: list[RolePlan] = []
    for role in sorted(by_role):
        role_loans, plan = _plan_role(role, by_role[role], request)
        loans.extend(role_loans)
        roles.append(plan)
    return SharingPlan(ledger=request.ledger, proposals=tuple(loans), roles=tuple(roles))


def _plan_role(role: str, rows: Sequence[LedgerRow], request: SharingRequest) -> tuple[list[Loan], RolePlan]:
    surplus: dict[str, int] = defaultdict(int)
    for row in rows:
        surplus[row.la_code] += to_tenths(row.surplus_fte)
    donors: list[tuple[str, int]] = []
    recipients: list[tuple[str, int]] = []
    deficit = 0
    for code in sorted(surplus):
        tenths = surplus[code]
        if tenths > 0:
            offer = request.offers.get((code, role))
            lendable = tenths if offer is None else min(tenths, max(0, to_tenths(offer)))
            if lendable > 0:
                donors.append((code, lendable))
        elif tenths < 0:
            deficit += -tenths
            if (code, role) not in request.refuses:
                recipients.append((code, -tenths))
    lendable_total = sum(cap for _, cap in donors)
    arcs = _arcs(donors, recipients, request)
    flows = _solve(arcs, donors, recipients) if arcs else []
    loans = [
        Loan(donors[arc.donor][0], recipients[arc.recipient][0], role, from_tenths(flow))
        for arc, flow in zip(arcs, flows, strict=True)
        if flow > 0
    ]
    loans.sort(key=lambda loan: (-loan.fte, loan.from_la, loan.to_la))
    covered = sum(flows)
    return loans, RolePlan(role, deficit, lendable_total, covered)


def _arcs(
    donors: Sequence[tuple[str, int]], recipients: Sequence[tuple[str, int]], request: SharingRequest
) -> list[_Arc]:
    pairs = request.pairs
    known = [m for m in pairs.travel.values() if m >= 0]
    longest = max(known) if known else 0.0
    arcs = []
    for d, (donor, cap) in enumerate(donors):
        for r, (recipient, need) in enumerate(recipients):
            if not pairs.permits(donor, recipient):
                continue
            minutes = pairs.minutes(donor, recipient)
            # An unknown distance counts as the longest known one, so a stated nearer pair is preferred.
            travel = 1.0 if minutes is None or longest <= 0 else min(max(minutes, 0.0) / longest, 1.0)
            arcs.append(_Arc(d, r, min(cap, need), travel if known else 0.0))
    return arcs


def _largest_first(
    arcs: Sequence[_Arc], donors: Sequence[tuple[str, int]], recipients: Sequence[tuple[str, int]]
) -> list[int]:
    """The largest loan any pair can still make, repeatedly (nearer, then earlier, pairs first).

    It often needs fewer loans than an optimiser's vertex, but may cover less where pairs are
    restricted, so the caller keeps it only when it reaches the maximum cover.
    """
    spare = [cap for _, cap in donors]
    short = [need for _, need in recipients]
    flows = [0] * len(arcs)
    while True:
        best_k, best_size = -1, 0
        for k, arc in enumerate(arcs):
            size = min(spare[arc.donor], short[arc.recipient])
            if size > best_size or (size == best_size > 0 and arc.travel < arcs[best_k].travel):
                best_k, best_size = k, size
        if best_k < 0:
            return flows
        arc = arcs[best_k]
        flows[best_k] += best_size
        spare[arc.donor] -= best_size
        short[arc.recipient] -= best_size


def _capacity_rows(
    arcs: Sequence[_Arc], donors: Sequence[tuple[str, int]], recipients: Sequence[tuple[str, int]], width: int
) -> LinearConstraint:
    """Each donor lends at most its capacity; each recipient receives at most its deficit."""
    matrix = np.zeros((len(donors) + len(recipients), width))
    for k, arc in enumerate(arcs):
        matrix[arc.donor, k] = 1.0
        matrix[len(donors) + arc.recipient, k] = 1.0
    upper = np.array([cap for _, cap in donors] + [need for _, need in recipients], dtype=float)
    return LinearConstraint(matrix, -np.inf, upper)


def _solve(
    arcs: Sequence[_Arc], donors: Sequence[tuple[str, int]], recipients: Sequence[tuple[str, int]]
) -> list[int]:
    n = len(arcs)
    upper = np.array([arc.upper for arc in arcs], dtype=float)
    cover = milp(
        c=-np.ones(n),
        constraints=[_capacity_rows(arcs, donors, recipients, n)],
        integrality=np.ones(n),
        bounds=Bounds(np.zeros(n), upper),
        options=OPTIONS,
    )
    if cover.x is None:  # pragma: no cover - a feasible zero plan always exists
        raise RuntimeError(f"the sharing optimisation found no plan: {cover.message}")
    first = [round(value) for value in cover.x]
    best = sum(first)
    if best == 0:
        return [0] * n

    return _fewest_loans(arcs, donors, recipients, best, first)


def _fewest_loans(
    arcs: Sequence[_Arc],
    donors: Sequence[tuple[str, int]],
    recipients: Sequence[tuple[str, int]],
    best: int,
    first: list[int],
) -> list[int]:
    """Holding the cover at ``best``, as few loans as slope scaling finds, then the nearest pairs.

    Each round solves the cover-preserving programme with a per-FTE cost of 1 / (what the pair
    carried last round, or could carry at most): a loan's fixed cost spread over its size, so pairs
    that carry little become dear and drop out. The fixed-charge problem itself is NP-hard; a few
    rounds of this deterministic heuristic reach few, large loans in milliseconds.
    """
    n = len(arcs)
    upper = np.array([arc.upper for arc in arcs], dtype=float)
    travel = np.array([arc.travel for arc in arcs])
    weight = 1.0 / (best + 1)  # sum(travel * x) <= best, so distance never outweighs one loan
    capacity = _capacity_rows(arcs, donors, recipients, n)
    keep_cover = LinearConstraint(np.ones((1, n)), best, best)

    def score(flows: list[int]) -> tuple[int, float]:
        return sum(1 for f in flows if f > 0), float(travel @ np.array(flows, dtype=float))

    chosen, chosen_score = first, score(first)
    greedy = _largest_first(arcs, donors, recipients)
    if sum(greedy) == best and score(greedy) < chosen_score:
        chosen, chosen_score = greedy, score(greedy)
    carried = upper
    for _ in range(SCALING_ROUNDS):
        per_fte = 1.0 / np.maximum(carried, 1.0)
        result = milp(
            c=per_fte + weight * travel,
            constraints=[capacity, keep_cover],
            integrality=np.ones(n),
            bounds=Bounds(np.zeros(n), upper),
            options=OPTIONS,
        )
        if result.x is None:
            break
        flows = [round(value) for value in result.x]
        if sum(flows) != best:
            break
        if score(flows) < chosen_score:
            chosen, chosen_score = flows, score(flows)
        carried = np.where(np.array(flows) > 0, np.array(flows, dtype=float), upper)
    return chosen
