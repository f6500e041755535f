"""Time to generate a synthetic national census (all England), in memory and as XML files.

Generates every council of England for the chosen collection years with one seed, then prints
seconds, returns and worker records per second, and the peak memory of the process (resident set
size) after each step. Steps, in order: stream the returns (nothing kept), write every return as
census XML to a temporary folder, then keep every return in memory as a list (what a caller that
validates or measures them all at once holds).

    uv run python benchmarks/synth_national.py [--years 2021-2025] [--seed 1] [--keep-xml DIR]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from csc_workforce.cli.synth import parse_years
from csc_workforce.synth import generate_region, write_region


def _peak_mb() -> float:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak_kb / 1024 if sys.platform != "darwin" else peak_kb / 1024 / 1024


def _report(label: str, seconds: float, cpu: float, returns: int, records: int) -> None:
    # CPU seconds are printed too: on a shared machine wall time depends on the other load.
    print(
        f"{label:<36} {seconds:6.1f} s wall {cpu:6.1f} s CPU  {returns / seconds:6.1f} returns/s  "
        f"{records / seconds:8,.0f} records/s  peak RSS {_peak_mb():5.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", default="2021-2025")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep-xml", type=Path, help="write the XML here and keep it (default: temporary)")
    args = parser.parse_args()
    years = parse_years(args.years)
    print(f"England {years[0]}-{years[-1]}, seed {args.seed}; peak RSS before generating {_peak_mb():.0f} MB")

    started, cpu = time.perf_counter(), time.process_time()
    returns = records = 0
    for census in generate_region("England", years, args.seed):
        returns += 1
        records += len(census.workers)
    streamed = time.perf_counter() - started
    _report("generate, in memory (streamed)", streamed, time.process_time() - cpu, returns, records)

    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep_xml or Path(temporary)
        started, cpu = time.perf_counter(), time.process_time()
        paths = write_region("England", years, args.seed, folder)
        written = time.perf_counter() - started
        size = sum(p.stat().st_size for p in paths)
        _report("generate and write XML", written, time.process_time() - cpu, len(paths), records)
        print(f"  -> {len(paths)} files, {size / 1e6:,.0f} MB of XML in {folder}")

    started, cpu = time.perf_counter(), time.process_time()
    kept = list(generate_region("England", years, args.seed))
    held = time.perf_counter() - started
    _report("generate, all returns kept in a list", held, time.process_time() - cpu, len(kept), records)
    ratio = written / streamed
    print(f"writing XML takes {ratio:.1f}x the in-memory time; {records / returns:,.0f} records a return")


if __name__ == "__main__":
    main()
