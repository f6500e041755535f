"""Secondary suppression (``core.disclosure.protect_table``) on tables the size regional outputs make.

- parts and total: N councils beside their region total, some small;
- a council x category grid with both margins (a regional breakdown);
- the agency region pack: spend by council and role, by council, by agency, by quarter and the
  region, over a seeded synthetic register of N engagements (``disclose_region_tables``).

    uv run python benchmarks/disclosure_protect.py [--engagements 2000]
"""

from __future__ import annotations

import argparse
import random
from datetime import date
from decimal import Decimal

from timing import best_of

from csc_workforce.analytics.agency import (
    compliance_by,
    disclose_region_tables,
    spend_by_council_role,
    spend_trend,
)
from csc_workforce.core.agency.model import Engagement, Role
from csc_workforce.core.disclosure import DisclosureRule, protect_parts_and_total, protect_table

RULE = DisclosureRule(5)


def grid(rows: int, columns: int, rng: random.Random) -> tuple[list[frozenset[tuple[int, int]]], list[float]]:
    values = {(r, c): rng.choice((0, 1, 2, 3, 8, 20, 40)) for r in range(rows) for c in range(columns)}
    atoms = {key for key, value in values.items() if value}
    cells = [frozenset({key} & atoms) for key in values]
    sizes = [float(v) for v in values.values()]
    for r in range(rows):
        cells.append(frozenset(a for a in atoms if a[0] == r))
        sizes.append(sum(values[(r, c)] for c in range(columns)))
    for c in range(columns):
        cells.append(frozenset(a for a in atoms if a[1] == c))
        sizes.append(sum(values[(r, c)] for r in range(rows)))
    cells.append(frozenset(atoms))
    sizes.append(sum(values.values()))
    return cells, sizes


def register(count: int, rng: random.Random) -> list[Engagement]:
    councils = [f"{800 + i}" for i in range(11)]
    agencies = [f"Agency {i}" for i in range(8)]
    return [
        Engagement(
            engagement_id=f"E{i}",
            la_code=rng.choice(councils),
            agency=rng.choice(agencies),
            swe_no=f"SW{100000 + i}",
            role=rng.choice(list(Role)),
            start_date=date(2025, rng.randint(1, 12), 1),
            end_date=None,
            hourly_rate=Decimal("40"),
            agency_fee_hourly=Decimal("5"),
            hours_per_week=Decimal("37"),
            qualified_date=date(2015, 1, 1),
            references_both_ways=True,
            project_team=False,
            project_team_workers_named=None,
            cap_exception_approved=False,
        )
        for i in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engagements", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(10)
    parts = [rng.choice((0, 2, 3, 30, 60, 90)) for _ in range(11)]
    seconds, _ = best_of(5, lambda: protect_parts_and_total(parts, RULE))
    print(f"11 councils and their total: {seconds * 1000:.2f} ms")
    cells, sizes = grid(11, 8, rng)
    primary = {i for i, size in enumerate(sizes) if RULE.is_small(size)}
    seconds, hidden = best_of(3, lambda: protect_table(cells, sizes, primary))
    print(
        f"11 x 8 grid with margins ({len(cells)} cells): {seconds:.3f} s, "
        f"{len(primary)} small, {len(hidden)} suppressed"
    )
    engagements = register(args.engagements, rng)
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    tables = {
        "by_council": compliance_by("la_code", engagements, [], start, end),
        "by_agency": compliance_by("agency", engagements, [], start, end),
        "spend": spend_by_council_role(engagements, start, end),
        "trend": spend_trend(engagements, start, end),
    }
    seconds, pack = best_of(1, lambda: disclose_region_tables(engagements, [], start, end, tables, rule=RULE))
    print(
        f"agency region pack, {args.engagements:,} engagements, {tables['spend'].height} council-role rows: "
        f"{seconds:.2f} s, {pack.suppressed} cells suppressed"
    )


if __name__ == "__main__":
    main()
