"""Retention analysis on a synthetic region's 2017-2025 census history: where the time goes.

Builds the seeded synthetic region in memory (``csc_workforce.synth``, no real data), then times:
canonical tables to spells (the measures' classification per return), the full council report
(Kaplan–Meier, Aalen–Johansen, cohorts, Cox) for the largest council, survival by council for
the whole region, and the suppressed regional rows. Prints the region's headline figures too.

``--demo-dir DIR`` times the retention pages' first view instead: on the demo database (built
there if missing, as ``csc-workforce demo`` builds it), each of ``/councils/873/retention/``
(analyst.873) and ``/region/east-of-england/retention/`` (the regional lead) in a fresh process
(empty per-process caches: the first view after a restart), after the sign-in page has loaded
the URLs and middleware and compiled the base template (the same for every page). "stored": the
figures the demo set-up stored (``web.staying.figures``); "computed": the stored figures removed
first (in a transaction rolled back afterwards), so the page computes them, as every first view
did before they were stored.

    uv run python benchmarks/retention_analysis.py [--region "East of England"] [--seed 1]
    uv run python benchmarks/retention_analysis.py --demo-dir /tmp/retention-demo [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from agency_first_view import build
from timing import best_of

from csc_workforce.analytics.canonical import workers_frame
from csc_workforce.analytics.retention import retention_report, return_records, spell_history
from csc_workforce.analytics.retention_regional import regional_retention
from csc_workforce.core.disclosure import DisclosureRule
from csc_workforce.core.retention import build_spells
from csc_workforce.synth import generate_region

FIRST_VIEW_PAGES = {
    "council": ("analyst.873", "/councils/873/retention/"),
    "region": ("lead.east-of-england", "/region/east-of-england/retention/"),
}
MODES = ("stored", "computed")


def first_view(data_dir: Path, page: str, mode: str) -> dict[str, float]:
    """One page's first and second view in this (fresh) process; runs in a child process."""
    from csc_workforce.cli.web import _configure_django  # noqa: PLC0415

    _configure_django(data_dir)
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.db import transaction  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415

    from csc_workforce.web.staying.models import StoredRetention  # noqa: PLC0415

    username, path = FIRST_VIEW_PAGES[page]
    client = Client(HTTP_HOST="127.0.0.1")
    # Loads the URLs, views and middleware and compiles the base template: the same for every page.
    client.get(reverse("login"))
    client.force_login(get_user_model().objects.get(username=username))
    timings: dict[str, float] = {}
    with transaction.atomic():
        if mode == "computed":
            StoredRetention.objects.all().delete()
        for label in ("first", "second"):
            started = time.perf_counter()
            response = client.get(path)
            timings[label] = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
        transaction.set_rollback(True)  # the demo database is left as it was
    return timings


def first_views(data_dir: Path, runs: int) -> None:
    if not (data_dir / "csc-workforce.sqlite3").exists():
        build(data_dir)
    for page in FIRST_VIEW_PAGES:
        for mode in MODES:
            results = []
            for _ in range(runs):
                done = subprocess.run(
                    [sys.executable, __file__, "--demo-dir", str(data_dir), "--child", page, mode],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            first = statistics.median(r["first"] for r in results)
            second = statistics.median(r["second"] for r in results)
            print(
                f"{FIRST_VIEW_PAGES[page][1]} ({mode}): first view {first:.3f} s, second {second:.3f} s "
                f"(median of {runs}: " + ", ".join(f"{r['first']:.3f}" for r in results) + ")"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--region", default="East of England")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--demo-dir", type=Path, help="Time the pages' first view on this demo folder.")
    parser.add_argument("--runs", type=int, default=3, help="Fresh processes per page (first view).")
    parser.add_argument("--child", nargs=2, metavar=("PAGE", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.demo_dir is not None:
        if args.child:
            print(json.dumps(first_view(args.demo_dir.resolve(), *args.child)))
        else:
            first_views(args.demo_dir.resolve(), args.runs)
        return
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
