"""First view of the agency pages after a restart: the region compliance page and a council page.

Builds (or reuses, ``--data-dir``) the demo database (East of England, 11 councils, 2021-2025,
synthetic registers), then starts ``--runs`` fresh Python processes. Each one sets Django up on
that database, signs in through the test client and times its first and second request to one
page: ``/region/east-of-england/agency/`` (the regional lead) or ``/councils/873/agency/`` (the
council's analyst), each in its own process. A fresh process has empty per-process caches, so its
first request is what a user sees after a restart. Importing the view modules (the same for
every page; slower with ``PYTHONDONTWRITEBYTECODE``) is timed separately, before the pages.
Then ``--repeats`` more views are timed: their median wall time and the median CPU time of the
thread that served them (on a shared machine CPU time varies less than wall time; issue 17 asks
for well under 50 ms a page). Prints every run and the medians; ``--json`` prints them as JSON.

    uv run python benchmarks/agency_first_view.py --runs 3 [--repeats 10] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGES = {
    "region": ("lead.east-of-england", "/region/east-of-england/agency/"),
    "council": ("analyst.873", "/councils/873/agency/"),
}
_YEARS = [2021, 2022, 2023, 2024, 2025]


def build(data_dir: Path) -> None:
    """The demo database, as ``csc-workforce demo`` builds it (nothing is served)."""
    from csc_workforce.cli.web import run_demo  # noqa: PLC0415

    os.environ.setdefault("CSCW_DEMO_PASSWORD", "benchmark-password")
    run_demo(0, data_dir, _YEARS, 1, serve=False)


def one_run(data_dir: Path, page: str, repeats: int) -> dict[str, float]:
    """Time one page's first, second and repeat views in this (fresh) process; runs in a child process."""
    from csc_workforce.cli.web import _configure_django  # noqa: PLC0415

    _configure_django(data_dir)
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.urls import get_resolver  # noqa: PLC0415

    username, path = PAGES[page]
    # Importing the views (the URL configuration) is the same for every page: timed on its own.
    started = time.perf_counter()
    get_resolver().url_patterns  # noqa: B018 - loads every view module
    timings: dict[str, float] = {"imports": time.perf_counter() - started}
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    for label in (f"{page}_first", f"{page}_second"):
        started = time.perf_counter()
        response = client.get(path)
        timings[label] = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
    walls, cpus = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.thread_time()
        client.get(path)
        cpus.append(time.thread_time() - cpu_started)
        walls.append(time.perf_counter() - started)
    if repeats:
        timings |= {f"{page}_repeat": statistics.median(walls), f"{page}_repeat_cpu": statistics.median(cpus)}
    return timings


def _child(data_dir: Path, page: str, repeats: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--data-dir", str(data_dir), "--child", page, "--repeats", str(repeats)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=10, help="Repeat views timed after the second.")
    parser.add_argument("--data-dir", type=Path, help="Demo folder to reuse (built on the first run).")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    parser.add_argument("--child", choices=sorted(PAGES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cscw-agency-bench-") as scratch:
        data_dir = (args.data_dir or Path(scratch)).resolve()
        if args.child:
            print(json.dumps(one_run(data_dir, args.child, args.repeats)))
            return
        if not (data_dir / "csc-workforce.sqlite3").exists():
            build(data_dir)
        runs = []
        for _ in range(args.runs):
            region = _child(data_dir, "region", args.repeats)
            council = _child(data_dir, "council", args.repeats)
            runs.append(
                {**region, **council, "imports": statistics.mean([region["imports"], council["imports"]])}
            )
        summary = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        if args.json:
            print(json.dumps({"runs": runs, "median": summary}, indent=2))
            return
        for number, run in enumerate(runs, 1):
            print(f"run {number}: " + ", ".join(f"{key} {value:.3f} s" for key, value in run.items()))
        ratio = summary["region_first"] / summary["region_second"]
        print(
            f"median: imports {summary['imports']:.3f} s; region page first view "
            f"{summary['region_first']:.3f} s, second {summary['region_second']:.3f} s (ratio {ratio:.1f}x); "
            f"council page first view {summary['council_first']:.3f} s, "
            f"second {summary['council_second']:.3f} s"
        )
        if args.repeats:
            print(
                "median repeat view: "
                + "; ".join(
                    f"{page} {summary[f'{page}_repeat'] * 1000:.0f} ms "
                    f"(CPU {summary[f'{page}_repeat_cpu'] * 1000:.0f} ms)"
                    for page in PAGES
                )
            )


if __name__ == "__main__":
    main()
