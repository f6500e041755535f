"""How long the staff-sharing planner takes for a region of 30 councils and five roles.

    uv run python benchmarks/sharing_plan.py [--councils 30] [--roles 5] [--seed 1]

Prints the best-of-five wall time for one plan and the ratio to the 1-second target.
"""

from __future__ import annotations

import argparse
import random
import time

from timing import best_of

from csc_workforce.core.sharing.model import LedgerRow, Pairs, SharingRequest
from csc_workforce.core.sharing.planner import plan_loans

TARGET_SECONDS = 1.0


def region(councils: int, roles: int, seed: int, neighbours: bool) -> SharingRequest:
    rng = random.Random(seed)
    codes = [f"{800 + n:03d}" for n in range(councils)]
    names = [f"Role {r}" for r in range(roles)]
    ledger = tuple(LedgerRow(c, r, round(rng.uniform(-12, 12), 1)) for c in codes for r in names)
    offers = {(c, r): round(rng.uniform(0, 8), 1) for c in codes for r in names if rng.random() < 0.5}
    pairs = Pairs()
    if neighbours:
        pairs = Pairs.listed(
            [
                (a, b, float(rng.randint(10, 120)))
                for a in codes
                for b in codes
                if a < b and rng.random() < 0.4
            ]
        )
    return SharingRequest(ledger=ledger, offers=offers, pairs=pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--councils", type=int, default=30)
    parser.add_argument("--roles", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for neighbours in (False, True):
        request = region(args.councils, args.roles, args.seed, neighbours)
        cpu_started = time.process_time()
        seconds, plan = best_of(5, lambda request=request: plan_loans(request))
        cpu = (time.process_time() - cpu_started) / 5
        label = "with neighbour pairs and travel times" if neighbours else "any pair"
        print(
            f"{args.councils} councils x {args.roles} roles, {label}: {seconds:.3f} s wall, {cpu:.3f} s CPU "
            f"({seconds / TARGET_SECONDS:.2f} of the 1 s target); {len(plan.proposals)} loans, "
            f"covered {plan.covered_fte:.1f} FTE, uncovered {plan.uncovered_fte:.1f} FTE"
        )


if __name__ == "__main__":
    main()
