"""Timing helpers the benchmark scripts share (imported as a sibling: benchmarks/ is on sys.path when run)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best_of(repeat: int, step: Callable[[], T]) -> tuple[float, T]:
    """The fastest of ``repeat`` runs of ``step`` in seconds, and the last run's result."""
    times: list[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    return min(times), result
