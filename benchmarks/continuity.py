"""Read SSDA903 tables and compute DfE's stability measure and the census link: where the time goes.

Builds one synthetic council's census history and SSDA903 tables (``synth.ssda903``, no real data),
repeats the children under new codes up to N, then times each step as the CLI runs it:

- reading the episodes and social worker tables (every cell checked, CHILD keyed-hashed);
- the stability measure for one year;
- the worker statuses from the census (``core.measures.classify``) and the link of every change.

    uv run python benchmarks/continuity.py [--children 20000] [--council 881]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from pathlib import Path

from timing import best_of

from csc_workforce.analytics.canonical import workers_frame
from csc_workforce.analytics.continuity import worker_statuses
from csc_workforce.core.continuity.changes import link_changes
from csc_workforce.core.continuity.stability import stability
from csc_workforce.ingest.ssda903 import read_episodes, read_social_worker_episodes
from csc_workforce.synth import generate_region
from csc_workforce.synth.ssda903 import EPISODE_HEADER, SOCIAL_WORKER_HEADER, council_tables

KEY = b"benchmark-council-key"
YEAR = 2025


def _write(path: Path, header: tuple[str, ...], rows: list, copies: int) -> int:
    written = 0
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for copy in range(copies):
            for row in rows:
                writer.writerow([f"{row[0]}c{copy}", *row[1:]])
                written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=20000)
    parser.add_argument("--council", default="881")
    args = parser.parse_args()
    returns = [
        r for r in generate_region("East of England", [2023, 2024, 2025], 1) if r.la_code == args.council
    ]
    tables = council_tables(returns, 1)
    base_children = len(tables.header)
    copies = max(1, round(args.children / base_children))
    with tempfile.TemporaryDirectory() as folder:
        episodes_path, workers_path = Path(folder) / "episodes.csv", Path(folder) / "sw.csv"
        episode_rows = _write(episodes_path, EPISODE_HEADER, tables.episodes, copies)
        worker_rows = _write(workers_path, SOCIAL_WORKER_HEADER, tables.social_workers, copies)
        children = base_children * copies
        print(f"{children:,} children, {episode_rows:,} episodes, {worker_rows:,} social worker episodes")
        seconds, care = best_of(3, lambda: read_episodes(episodes_path, KEY))
        print(f"read episodes table          {seconds:7.3f} s  {episode_rows / seconds:,.0f} rows/s")
        seconds, workers = best_of(3, lambda: read_social_worker_episodes(workers_path, KEY))
        print(f"read social worker table     {seconds:7.3f} s  {worker_rows / seconds:,.0f} rows/s")
    seconds, result = best_of(3, lambda: stability(YEAR, care, workers))
    looked_after = result.children_looked_after
    print(f"stability measure, {YEAR}     {seconds:7.3f} s  ({looked_after:,} children looked after)")
    seconds, statuses = best_of(3, lambda: worker_statuses(workers_frame(returns)))
    print(
        f"census worker statuses       {seconds:7.3f} s  ({sum(len(s) for s in statuses.values()):,} workers)"
    )
    seconds, link = best_of(3, lambda: link_changes(YEAR, care, workers, statuses))
    print(f"link every change, {YEAR}     {seconds:7.3f} s  ({link.changes:,} changes)")


if __name__ == "__main__":
    main()
