"""A region's staff-sharing plan: member councils, their ledger and the optimised loan proposals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from csc_workforce.analytics.agency import council_regions
from csc_workforce.core.agency.caps import region_key
from csc_workforce.core.sharing.model import LedgerRow, Pairs, SharingPlan, SharingRequest
from csc_workforce.core.sharing.planner import plan_loans


def region_members(region: str, directory: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The DfE LA codes of ``region``'s councils (published LA list), or ValueError naming the regions."""
    regions = council_regions() if directory is None else directory
    wanted = region_key(region)
    members = tuple(sorted(code for code, name in regions.items() if region_key(name) == wanted))
    if not members:
        known = ", ".join(sorted(set(regions.values())))
        raise ValueError(f"no council is in region {region!r} (regions: {known})")
    return members


def plan_region(
    members: Sequence[str],
    ledger: Sequence[LedgerRow],
    *,
    offers: Mapping[tuple[str, str], float] | None = None,
    refuses: frozenset[tuple[str, str]] = frozenset(),
    pairs: Pairs | None = None,
) -> SharingPlan:
    """Proposals among ``members`` only; the plan's ledger is ``ledger`` as given."""
    inside = set(members)
    request = SharingRequest(
        ledger=tuple(row for row in ledger if row.la_code in inside),
        offers=dict(offers or {}),
        refuses=refuses,
        pairs=pairs or Pairs(),
    )
    planned = plan_loans(request)
    return SharingPlan(ledger=tuple(ledger), proposals=planned.proposals, roles=planned.roles)


def plan_as_dict(plan: SharingPlan, region: str) -> dict[str, object]:
    """The plan as the CLI's and API's JSON: FTE to one decimal place."""
    return {
        "region": region,
        "ledger": [
            {"old_la_code": row.la_code, "role": row.role, "surplus_fte": round(row.surplus_fte, 1)}
            for row in plan.ledger
        ],
        "proposals": [
            {"from_la": loan.from_la, "to_la": loan.to_la, "role": loan.role, "fte": loan.fte}
            for loan in plan.proposals
        ],
        "covered_fte": plan.covered_fte,
        "uncovered_fte": plan.uncovered_fte,
    }
