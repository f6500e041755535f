"""Validate a national-size synthetic census and compare with a bare XML parse of the same files.

Every council in England, five collection years (over 200,000 worker records), written by the
seeded synthetic generator (no real data). Measured, as issue 2 asks:

- the whole ``csc-workforce validate FOLDER --format json`` run, less its start-up (the same
  command on one small file);
- the standard library's ``xml.etree.ElementTree.parse`` of the same files.

Prints wall-clock and CPU seconds (CPU is steadier on a busy machine), records per second and the
ratio to the bare parse (target: at most 3x). Each timing is the best of ``--repeat`` runs.

    uv run python benchmarks/validate_national.py [--folder DIR] [--years 2021-2025] [--seed 1]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from csc_workforce.synth import write_region

TARGET_RATIO = 3.0


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float

    def __sub__(self, other: Timing) -> Timing:
        return Timing(self.wall - other.wall, self.cpu - other.cpu)


def _command() -> list[str]:
    script = Path(sys.executable).parent / "csc-workforce"
    return [str(script)] if script.exists() else [shutil.which("csc-workforce") or "csc-workforce"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_validate(paths: list[Path]) -> tuple[Timing, dict[str, object]]:
    """One run of the installed command; its time and the JSON document it printed."""
    with tempfile.TemporaryFile("w+") as output:
        cpu, wall = _children_cpu(), time.perf_counter()
        completed = subprocess.run(
            [*_command(), "validate", *map(str, paths), "--format", "json"],
            stdout=output,
            stderr=subprocess.PIPE,
            check=False,
        )
        timing = Timing(time.perf_counter() - wall, _children_cpu() - cpu)
        if completed.returncode not in {0, 1}:
            raise SystemExit(f"validate failed ({completed.returncode}): {completed.stderr.decode()[-2000:]}")
        output.seek(0)
        return timing, json.load(output)


def bare_parse(files: list[Path], *, collector: bool = True) -> Timing:
    """ElementTree.parse of every file, as Python runs it by default (``collector``: the cyclic
    garbage collector on); with it paused, as the validator runs, for a stricter comparison."""
    was_enabled = gc.isenabled()
    if not collector:
        gc.disable()
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        for path in files:
            ET.parse(path)
        return Timing(time.perf_counter() - wall, time.process_time() - cpu)
    finally:
        if was_enabled:
            gc.enable()


def best(timings: list[Timing]) -> Timing:
    return Timing(min(t.wall for t in timings), min(t.cpu for t in timings))


def ensure_census(folder: Path, years: list[int], seed: int) -> list[Path]:
    files = sorted(folder.glob("*.xml"))
    if not files:
        print(f"Writing the synthetic national census to {folder} (once) ...", file=sys.stderr)
        started = time.perf_counter()
        files = write_region("England", years, seed, folder)
        print(f"  {len(files)} files in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "csww_national")
    parser.add_argument("--years", default="2021-2025", help="first-last collection years")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    first, last = (int(part) for part in args.years.split("-"))
    files = ensure_census(args.folder, list(range(first, last + 1)), args.seed)
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    small = min(files, key=lambda path: path.stat().st_size)

    bare_parse(files)  # warm the page cache, so both sides read from memory
    startups, wholes, bares, strict = [], [], [], []
    document: dict[str, object] = {}
    for _ in range(args.repeat):
        startups.append(run_validate([small])[0])
        whole, document = run_validate([args.folder])
        wholes.append(whole)
        bares.append(bare_parse(files))
        strict.append(bare_parse(files, collector=False))
    startup, whole, bare, bare_strict = best(startups), best(wholes), best(bares), best(strict)
    validate = whole - startup

    reports = document["files"]
    assert isinstance(reports, list)
    records = sum(report["workers"] for report in reports)
    errors = sum(report["errors"] for report in reports)
    queries = sum(report["queries"] for report in reports)
    print(
        f"National synthetic census: {len(files)} returns, {records:,} worker records, {megabytes:,.0f} MB "
        f"({os.cpu_count()} CPUs; best of {args.repeat})"
    )
    print(f"  validate result: {errors:,} errors, {queries:,} queries")
    print(f"  {'':34}{'wall s':>9}{'cpu s':>9}{'records/s (wall)':>19}")
    rows = [
        ("validate FOLDER --format json", whole),
        ("start-up (one small file)", startup),
        ("validate, less start-up", validate),
        ("ElementTree.parse (bare)", bare),
        ("ElementTree.parse, collector paused", bare_strict),
    ]
    for label, timing in rows:
        print(f"  {label:34}{timing.wall:9.2f}{timing.cpu:9.2f}{records / timing.wall:19,.0f}")
    wall_ratio, cpu_ratio = validate.wall / bare.wall, validate.cpu / bare.cpu
    verdict = "within" if wall_ratio <= TARGET_RATIO else "ABOVE"
    print(
        f"  ratio to the bare parse: {wall_ratio:.2f}x wall, {cpu_ratio:.2f}x cpu "
        f"({verdict} the {TARGET_RATIO:g}x target)"
    )
    print(
        "  ratio to the parse with the collector paused (stricter): "
        f"{validate.wall / bare_strict.wall:.2f}x wall, {validate.cpu / bare_strict.cpu:.2f}x cpu"
    )


if __name__ == "__main__":
    main()
