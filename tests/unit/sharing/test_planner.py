"""The loan planner against an independent maximum-flow calculation, and its guarantees."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_flow

from csc_workforce.core.sharing.model import LedgerRow, Pairs, SharingRequest, to_tenths
from csc_workforce.core.sharing.planner import plan_loans

CODES = [f"{n:03d}" for n in range(800, 830)]
ROLES = ["Social worker", "Senior practitioner", "Team manager"]


def independent_max_cover(request: SharingRequest, role: str) -> int:
    """Tenths of FTE by a source → donors → recipients → sink maximum flow (no optimiser involved)."""
    surplus: dict[str, int] = defaultdict(int)
    for row in request.ledger:
        if row.role == role:
            surplus[row.la_code] += to_tenths(row.surplus_fte)
    codes = sorted(surplus)
    index = {code: i + 1 for i, code in enumerate(codes)}
    sink = len(codes) + 1
    graph = np.zeros((sink + 1, sink + 1), dtype=np.int32)
    for code in codes:
        amount = surplus[code]
        if amount > 0:
            offer = request.offers.get((code, role))
            graph[0, index[code]] = amount if offer is None else min(amount, to_tenths(offer))
        elif amount < 0 and (code, role) not in request.refuses:
            graph[index[code], sink] = -amount
    big = int(graph.sum()) + 1
    for donor in codes:
        for recipient in codes:
            if surplus[donor] > 0 and surplus[recipient] < 0 and request.pairs.permits(donor, recipient):
                graph[index[donor], index[recipient]] = big
    return int(maximum_flow(csr_matrix(graph), 0, sink).flow_value)


fte = st.integers(min_value=-150, max_value=150).map(lambda tenths: tenths / 10)


@st.composite
def requests(draw: st.DrawFn) -> SharingRequest:
    codes = draw(st.lists(st.sampled_from(CODES), min_size=2, max_size=12, unique=True))
    roles = draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=3, unique=True))
    ledger = tuple(LedgerRow(code, role, draw(fte)) for code in codes for role in roles)
    offers = {
        (code, role): draw(st.integers(0, 100)) / 10
        for code in codes
        for role in roles
        if draw(st.booleans()) and draw(st.booleans())
    }
    refuses = frozenset((code, role) for code in codes for role in roles if draw(st.integers(0, 9)) == 0)
    pairs = Pairs()
    if draw(st.booleans()):
        listed = [
            (a, b, float(draw(st.integers(5, 120))))
            for a in codes
            for b in codes
            if a < b and draw(st.booleans())
        ]
        pairs = Pairs.listed(listed)
    return SharingRequest(ledger=ledger, offers=offers, refuses=refuses, pairs=pairs)


@settings(max_examples=60, deadline=None)
@given(requests())
def test_cover_is_the_maximum_and_no_council_goes_past_its_limits(request: SharingRequest) -> None:
    plan = plan_loans(request)
    surplus = {(row.la_code, row.role): to_tenths(row.surplus_fte) for row in request.ledger}
    lent: dict[tuple[str, str], int] = defaultdict(int)
    received: dict[tuple[str, str], int] = defaultdict(int)
    for loan in plan.proposals:
        assert loan.fte > 0
        assert request.pairs.permits(loan.from_la, loan.to_la)
        assert (loan.to_la, loan.role) not in request.refuses
        lent[loan.from_la, loan.role] += to_tenths(loan.fte)
        received[loan.to_la, loan.role] += to_tenths(loan.fte)
    for key, tenths in lent.items():
        assert surplus[key] > 0 and tenths <= surplus[key]
        if key in request.offers:
            assert tenths <= to_tenths(request.offers[key])
    for key, tenths in received.items():
        assert surplus[key] < 0 and tenths <= -surplus[key]
    for role_plan in plan.roles:
        assert role_plan.covered_tenths == independent_max_cover(request, role_plan.role)
        assert role_plan.covered_tenths == sum(t for (_, r), t in received.items() if r == role_plan.role)
    assert plan_loans(request) == plan  # the same numbers give the same proposals


def test_fewer_larger_loans_are_preferred() -> None:
    # 5 + 5 to lend, 10 needed: the two whole loans, never four part loans.
    ledger = (
        LedgerRow("800", "Social worker", 5.0),
        LedgerRow("801", "Social worker", 5.0),
        LedgerRow("802", "Social worker", -5.0),
        LedgerRow("803", "Social worker", -5.0),
    )
    plan = plan_loans(SharingRequest(ledger))
    assert plan.covered_fte == 10.0
    assert len(plan.proposals) == 2
    assert {loan.fte for loan in plan.proposals} == {5.0}


def test_nearer_pairs_are_preferred_when_travel_times_are_given() -> None:
    ledger = (
        LedgerRow("800", "Social worker", 3.0),
        LedgerRow("801", "Social worker", 3.0),
        LedgerRow("802", "Social worker", -3.0),
        LedgerRow("803", "Social worker", -3.0),
    )
    pairs = Pairs.listed(
        [("800", "802", 90.0), ("800", "803", 10.0), ("801", "802", 15.0), ("801", "803", 100.0)]
    )
    plan = plan_loans(SharingRequest(ledger, pairs=pairs))
    assert {(loan.from_la, loan.to_la) for loan in plan.proposals} == {("800", "803"), ("801", "802")}


def test_a_loan_never_rounds_past_a_surplus_or_a_deficit() -> None:
    ledger = (LedgerRow("800", "Team manager", 2.25), LedgerRow("801", "Team manager", -2.39))
    plan = plan_loans(SharingRequest(ledger))
    assert [loan.fte for loan in plan.proposals] == [2.2]
    assert plan.uncovered_fte == 0.1


def test_offers_and_refusals_limit_the_loans() -> None:
    ledger = (
        LedgerRow("800", "Social worker", 6.0),
        LedgerRow("801", "Social worker", -4.0),
        LedgerRow("802", "Social worker", -4.0),
    )
    plan = plan_loans(
        SharingRequest(
            ledger, offers={("800", "Social worker"): 3.0}, refuses=frozenset({("802", "Social worker")})
        )
    )
    assert [(loan.to_la, loan.fte) for loan in plan.proposals] == [("801", 3.0)]
    assert plan.covered_fte == 3.0
    assert plan.uncovered_fte == 5.0


def test_to_tenths_counts_binary_fractions_whole() -> None:
    assert to_tenths(2.3) == 23
    assert to_tenths(-2.3) == -23
    assert to_tenths(2.25) == 22
    assert to_tenths(0.0) == 0
