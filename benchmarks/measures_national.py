"""Time to compute every official measure for a national five-year synthetic census.

Generates all England for five collection years with the synthetic generator (``csc_workforce.synth``:
one council per published LA code, calibrated to its published figures; no real data), then times
the canonical tables, all measures per council and year, and each breakdown. Prints seconds and
worker records per second.

    uv run python benchmarks/measures_national.py [--years 2021-2025] [--seed 7]
"""

from __future__ import annotations

import argparse
import time

from csc_workforce.analytics.canonical import la_level_frame, workers_frame
from csc_workforce.analytics.council import council_measures
from csc_workforce.cli.synth import parse_years
from csc_workforce.core.measures import BREAKDOWNS
from csc_workforce.synth import generate_region


def _timed(label: str, records: int, action):  # type: ignore[no-untyped-def]
    started, cpu = time.perf_counter(), time.process_time()
    result = action()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu  # CPU seconds too: wall time depends on the machine's other load
    print(f"{label:<34} {seconds:8.2f} s wall {cpu:7.2f} s CPU  {records / seconds:10,.0f} records/s")
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", default="2021-2025")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    years = parse_years(args.years)
    started = time.perf_counter()
    returns = list(generate_region("England", years, args.seed))
    generated = time.perf_counter() - started
    records = sum(len(r.workers) for r in returns)
    print(
        f"synthetic national census (England {years[0]}-{years[-1]}, seed {args.seed}): {len(returns)} "
        f"returns, {records:,} worker records, generated in {generated:.1f} s"
    )
    workers, canonical = _timed("canonical tables", records, lambda: workers_frame(returns))
    la_level = la_level_frame(returns)
    result, measured = _timed(
        "all measures, per council and year", records, lambda: council_measures(workers, la_level)
    )
    print(f"  -> {result.height} council-year rows, {len(result.columns)} columns")
    total = canonical + measured
    for by in BREAKDOWNS:
        _, seconds = _timed(f"  by {by}", records, lambda by=by: council_measures(workers, la_level, by=by))
        total += seconds
    print(
        f"all measures for the national {len(years)}-year census: {canonical + measured:.2f} s "
        f"(tables + headline measures); {total:.2f} s with every breakdown"
    )


if __name__ == "__main__":
    main()
