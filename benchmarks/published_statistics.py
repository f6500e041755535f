"""Timings of the published-statistics path: read the bundled release, build lookups, benchmark.

Run: uv run python benchmarks/published_statistics.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

from csc_workforce.analytics.benchmarking import benchmark
from csc_workforce.ingest.published import (
    LATEST_RELEASE_FILE,
    build_la_lookup,
    build_regions,
    bundled_path,
    load_indicators,
    regions,
)


def _best_of(repeats: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    frame = load_indicators()
    bundled = bundled_path(LATEST_RELEASE_FILE)
    read = _best_of(5, lambda: load_indicators(bundled))  # a path: parsed every time, no cache
    cached = _best_of(5, load_indicators)
    lookup = _best_of(5, lambda: build_la_lookup(frame))
    region_list = _best_of(5, lambda: build_regions(frame))
    one = _best_of(5, lambda: benchmark("881", None, frame))
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
