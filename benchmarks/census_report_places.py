"""What the report's places cost: reading census XML with and without the line scan, and validation.

Builds a large synthetic return (no real data), reads it as XML the way ``validate`` does, and
times (CPU seconds) the extra line scan (``ingest.xml_places``) and the engine's ``found``/``location`` step
(``validation.places``) against the read and the whole validation. Prints seconds (best of
``--repeat``) and the shares.

    uv run python benchmarks/census_report_places.py [--workers 20000] [--year 2026] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from convert_xlsx import large_return  # the sibling script: benchmarks/ is on sys.path when run

from csc_workforce.core.census.validation import validate_return
from csc_workforce.core.census.validation.places import placed
from csc_workforce.export.census_xml import census_xml_bytes
from csc_workforce.ingest.census_xml import read_census_xml_bytes
from csc_workforce.ingest.xml_places import element_lines


def best_cpu(repeat: int, step: Callable[[], Any]) -> tuple[float, Any]:
    """The least CPU time of ``repeat`` runs (the build machine is shared: wall time is noisy)."""
    times, result = [], None
    for _ in range(repeat):
        started = time.process_time()
        result = step()
        times.append(time.process_time() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=20_000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    census = large_return(args.workers, args.year, seed=1)
    for worker in census.workers[::50]:
        worker.items["FTE"] = ["37"]  # an error on every 50th record, so issues need placing
    data = census_xml_bytes(census)
    read, parsed = best_cpu(args.repeat, lambda: read_census_xml_bytes(data, "big.xml"))
    scan, _ = best_cpu(args.repeat, lambda: element_lines(data))
    check, issues = best_cpu(args.repeat, lambda: validate_return(parsed))
    place, _ = best_cpu(args.repeat, lambda: placed(parsed, issues))
    print(f"{args.workers:,} workers, {len(data) / 1e6:.1f} MB, {len(issues):,} issues")
    print(f"read XML (line scan included): {read:.3f} s; line scan alone {scan:.3f} s ({scan / read:.0%})")
    print(f"validate: {check:.3f} s; found/location step alone {place:.3f} s ({place / check:.0%})")


if __name__ == "__main__":
    main()
