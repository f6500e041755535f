"""Timings of the published-statistics path: read the bundled release, build lookups, benchmark.

Run: uv run python benchmarks/published_statistics.py
"""

from __future__ import annotations

import time

from timing import best_of  # the sibling script: benchmarks/ is on sys.path when run

from csc_workforce.analytics.benchmarking import benchmark
from csc_workforce.ingest.published import (
    LATEST_RELEASE_FILE,
    build_la_lookup,
    build_regions,
    bundled_path,
    load_indicators,
    regions,
)


def main() -> None:
    frame = load_indicators()
    bundled = bundled_path(LATEST_RELEASE_FILE)
    read = best_of(5, lambda: load_indicators(bundled))[0]  # a path: parsed every time, no cache
    cached = best_of(5, load_indicators)[0]
    lookup = best_of(5, lambda: build_la_lookup(frame))[0]
    region_list = best_of(5, lambda: build_regions(frame))[0]
    one = best_of(5, lambda: benchmark("881", None, frame))[0]
    councils = [c.old_la_code for r in regions()[:9] for c in r.councils]
    start = time.perf_counter()
    for code in councils:
        benchmark(code, None, frame)
    every = time.perf_counter() - start
    print(
        f"read bundled indicators ({frame.height} rows, {frame.width} columns): {read * 1000:.1f} ms; "
        f"cached: {cached * 1000:.2f} ms"
    )
    print(f"build LA lookup: {lookup * 1000:.1f} ms; regions: {region_list * 1000:.1f} ms")
    print(f"benchmark one council (frame loaded): {one * 1000:.1f} ms")
    print(
        f"benchmark all {len(councils)} councils of 2025: {every:.2f} s "
        f"({every / len(councils) * 1000:.1f} ms each)"
    )
    print(f"ratio read / one benchmark: {read / one:.2f}")


if __name__ == "__main__":
    main()
