"""Retention analysis on a synthetic region's 2017-2025 census history: where the time goes.

Builds the seeded synthetic region in memory (``csc_workforce.synth``, no real data), then times:
canonical tables to spells (the measures' classification per return), the full council report
(Kaplan–Meier, Aalen–Johansen, cohorts, Cox) for the largest council, survival by council for
the whole region, and the suppressed regional rows. Prints the region's headline figures too.

    uv run python benchmarks/retention_analysis.py [--region "East of England"] [--seed 1]
"""

from __future__ import annotations

import argparse
import time

from timing import best_of

from csc_workforce.analytics.canonical import workers_frame
from csc_workforce.analytics.retention import retention_report, return_records, spell_history
from csc_workforce.analytics.retention_regional import regional_retention
from csc_workforce.core.disclosure import DisclosureRule
from csc_workforce.core.retention import build_spells
from csc_workforce.synth import generate_region


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--region", default="East of England")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    returns = list(generate_region(args.region, range(2017, 2026), args.seed))
    print(f"synthetic history: {len(returns)} returns in {time.perf_counter() - started:.1f} s")
    workers = workers_frame(returns)
    records = return_records(workers)
    seconds, history = best_of(3, lambda: build_spells(records))
    print(f"spells: {len(history.spells):,} from {workers.height:,} records in {seconds:.2f} s")
    largest = max(history.councils, key=lambda c: sum(1 for s in history.spells if s.la_code == c))
    council = spell_history([r for r in returns if r.la_code == largest])
    seconds, report = best_of(1, lambda: retention_report(council))
    print(f"full council report ({largest}, {len(council.spells):,} spells): {seconds:.1f} s")
    seconds, by_council = best_of(1, lambda: retention_report(history, "council", detail=False))
    print(f"survival by council ({len(history.councils)} councils): {seconds:.1f} s")
    seconds, rows = best_of(1, lambda: regional_retention(history, {}, DisclosureRule()))
    print(f"regional rows: {seconds:.1f} s")
    overall = by_council.overall
    print("region, all spells:", {p.years: round(p.estimate or 0, 3) for p in overall.survival},
          f"median {overall.median_years:.2f} years")  # fmt: skip
    headings = ("council", "starters", "1y", "2y", "NQ", "NQ 1y", "NQ 2y", "median")
    print(" ".join(f"{h:>8}" for h in headings))
    for row in rows:
        cells = [
            f"{v:.3f}" if isinstance(v, float) else str(v)
            for v in (
                row.starters_1y,
                row.starters_2y,
                row.newly_qualified_1y,
                row.newly_qualified_2y,
                row.median_years,
            )
        ]
        values = (row.la_code or "region", row.starters, cells[0], cells[1], row.newly_qualified, *cells[2:])
        print(" ".join(f"{v!s:>8}" for v in values))
    print("hazard ratios (largest council):", len(report.hazards.ratios) if report.hazards else 0)


if __name__ == "__main__":
    main()
