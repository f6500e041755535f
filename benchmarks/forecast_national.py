"""Time to forecast every council in England: 10,000 simulations each over 36 months.

Fits every council from the bundled published statistics (2017-2025), then runs the baseline
forecast twice: locally (vectorised NumPy, one process) and on a Dask LocalCluster. Prints both
times, the ratio, and checks that the two backends give identical percentiles.

    uv run python benchmarks/forecast_national.py [--sims 10000] [--months 36] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
from dask.distributed import LocalCluster

from csc_workforce.analytics.forecast_inputs import fit_published
from csc_workforce.core.forecast import DEFAULT_SEED, ForecastResult, Scenario
from csc_workforce.ingest.published import load_indicators
from csc_workforce.simulation.backends import DaskBackend, LocalBackend


def _same(a: list[ForecastResult], b: list[ForecastResult]) -> bool:
    by_code = {r.inputs.code: r for r in b}
    return len(a) == len(b) and all(
        np.array_equal(r.percentiles[m], by_code[r.inputs.code].percentiles[m])
        for r in a
        for m in r.percentiles
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sims", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()

    started = time.perf_counter()
    inputs = list(fit_published(load_indicators()).inputs.values())
    fit_seconds = time.perf_counter() - started
    print(f"fitted {len(inputs)} councils from the bundled published statistics in {fit_seconds:.2f} s")
    print(f"run: {args.sims:,} simulations x {args.months} months x {len(inputs)} councils")

    started = time.perf_counter()
    local = LocalBackend().run(inputs, Scenario(), args.months, args.sims, args.seed)
    local_seconds = time.perf_counter() - started
    print(f"local (NumPy, 1 process):            {local_seconds:8.2f} s")

    started = time.perf_counter()
    with LocalCluster(
        n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as cluster:
        startup_seconds = time.perf_counter() - started
        started = time.perf_counter()
        dask = DaskBackend(cluster.scheduler_address).run(
            inputs, Scenario(), args.months, args.sims, args.seed
        )
        dask_seconds = time.perf_counter() - started
    print(f"Dask LocalCluster start-up ({args.workers} workers):  {startup_seconds:8.2f} s")
    print(f"Dask LocalCluster run:                {dask_seconds:8.2f} s")
    print(f"speed-up local / Dask run: {local_seconds / dask_seconds:.2f}x")
    print(f"speed-up local / Dask incl. start-up: {local_seconds / (startup_seconds + dask_seconds):.2f}x")
    print(f"identical percentiles on both backends: {_same(local, dask)}")
    print(f"CPU cores on this machine: {os.cpu_count()}")


if __name__ == "__main__":
    main()
