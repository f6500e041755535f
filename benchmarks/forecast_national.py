"""Forecast speed where people wait, and the national sweep.

1. A scenario on the council page: one council (the median-sized), 10,000 futures x 36 months,
   run repeatedly; prints p50 and p95 wall and CPU milliseconds (the bar: p95 under 300 ms).
2. The one-page board PDF and the forecast PDF: render seconds (the bar: under 2 s).
3. The national sweep: every council in England, 10,000 futures x 36 months, locally (NumPy, one
   process) and on a Dask LocalCluster; times, ratio, identical percentiles. A regional page is
   the same work for its member councils, done ahead (``precompute_region_forecasts``) and read
   from one stored row per request.

    uv run python benchmarks/forecast_national.py [--sims 10000] [--months 36] [--workers 2]
        [--repeats 20] [--no-dask]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
from dask.distributed import LocalCluster

from csc_workforce.analytics.forecast_inputs import fit_published
from csc_workforce.core.forecast import DEFAULT_SEED, CouncilInputs, ForecastResult, Scenario, run_forecast
from csc_workforce.core.forecast.compare import ForecastRun
from csc_workforce.ingest.published import load_indicators
from csc_workforce.reporting.board_pack import board_pack_data, board_pack_pdf_bytes
from csc_workforce.reporting.forecast_export import forecast_pdf_bytes
from csc_workforce.simulation.backends import DaskBackend, LocalBackend


def _same(a: list[ForecastResult], b: list[ForecastResult]) -> bool:
    by_code = {r.inputs.code: r for r in b}
    return len(a) == len(b) and all(
        np.array_equal(r.percentiles[m], by_code[r.inputs.code].percentiles[m])
        for r in a
        for m in r.percentiles
    )


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def scenario_timing(inputs: CouncilInputs, sims: int, months: int, repeats: int) -> None:
    plan = Scenario(name="plan", retention_improvement=0.1, extra_newly_qualified_fte=5.0)
    run_forecast(inputs, plan, months, sims)  # warm up
    wall, cpu = [], []
    for seed in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        run_forecast(inputs, plan, months, sims, seed)
        wall.append(1000 * (time.perf_counter() - started))
        cpu.append(1000 * (time.process_time() - started_cpu))
    print(
        f"scenario, {inputs.name} ({inputs.inpost_fte:.0f} FTE), {sims:,} futures x {months} months: "
        f"wall p50 {statistics.median(wall):.0f} ms, p95 {_percentile(wall, 0.95):.0f} ms; "
        f"CPU p50 {statistics.median(cpu):.0f} ms, p95 {_percentile(cpu, 0.95):.0f} ms"
    )


def pdf_timing(inputs: CouncilInputs, sims: int) -> None:
    frame = load_indicators()
    plan = Scenario(name="plan", extra_newly_qualified_fte=5.0)
    board = ForecastRun(run_forecast(inputs, months=12, sims=sims), (run_forecast(inputs, plan, 12, sims),))
    pack = board_pack_data(frame, inputs.code, board)
    full = ForecastRun(run_forecast(inputs, months=36, sims=sims), (run_forecast(inputs, plan, 36, sims),))
    board_pack_pdf_bytes(pack)  # the first PDF loads WeasyPrint and fonts
    for label, render in (
        ("board pack", lambda: board_pack_pdf_bytes(pack)),
        ("forecast", lambda: forecast_pdf_bytes(full)),
    ):
        started, started_cpu = time.perf_counter(), time.process_time()
        render()
        wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        print(f"{label} PDF: wall {wall:.2f} s, CPU {cpu:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sims", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask comparison")
    args = parser.parse_args()

    started = time.perf_counter()
    inputs = list(fit_published(load_indicators()).inputs.values())
    fit_seconds = time.perf_counter() - started
    print(f"fitted {len(inputs)} councils from the bundled published statistics in {fit_seconds:.2f} s")
    typical = sorted(inputs, key=lambda i: i.inpost_fte)[len(inputs) // 2]
    scenario_timing(typical, args.sims, args.months, args.repeats)
    pdf_timing(typical, args.sims)
    print(f"run: {args.sims:,} simulations x {args.months} months x {len(inputs)} councils")

    started, started_cpu = time.perf_counter(), time.process_time()
    local = LocalBackend().run(inputs, Scenario(), args.months, args.sims, args.seed)
    local_seconds = time.perf_counter() - started
    print(
        f"local (NumPy, 1 process):            {local_seconds:8.2f} s "
        f"(CPU {time.process_time() - started_cpu:.2f} s; a region of 11 councils is about 11/149 of it)"
    )
    if args.no_dask:
        return

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
