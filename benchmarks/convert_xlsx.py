"""Time the XLSX template round trip for a large council: read XML, write XLSX, read XLSX.

A 5,000-worker return is assembled from seeded synthetic councils (no real data) and written as
census XML. Prints seconds (best of ``--repeat``), workers per second for each step, and checks
that XML -> XLSX keeps every item's value.

    uv run python benchmarks/convert_xlsx.py [--workers 5000] [--year 2024] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
from pathlib import Path

from timing import best_of  # the sibling script: benchmarks/ is on sys.path when run

from csc_workforce.core.census.model import CensusReturn, WorkerRecord
from csc_workforce.export.census_xlsx import write_census_xlsx
from csc_workforce.export.census_xml import write_census_xml
from csc_workforce.ingest.census_xlsx import read_census_xlsx
from csc_workforce.ingest.census_xml import read_census_xml
from csc_workforce.synth import generate_region


def large_return(workers: int, year: int, seed: int) -> CensusReturn:
    """The first synthetic council's return for ``year``, with workers from others up to ``workers``."""
    records: list[WorkerRecord] = []
    first: CensusReturn | None = None
    for census in generate_region("England", [year], seed):
        first = first or census
        records.extend(census.workers)
        if len(records) >= workers:
            break
    if first is None or len(records) < workers:
        raise SystemExit(f"the synthetic census has fewer than {workers} workers in {year}")
    renumbered = [
        WorkerRecord(position, record.items) for position, record in enumerate(records[:workers], 1)
    ]
    return dataclasses.replace(first, workers=renumbered, notes=[])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=5_000)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    census = large_return(args.workers, args.year, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        xml_path, xlsx_path = Path(folder) / "return.xml", Path(folder) / "return.xlsx"
        write_census_xml(census, xml_path)
        read_xml, from_xml = best_of(args.repeat, lambda: read_census_xml(xml_path))
        assert isinstance(from_xml, CensusReturn)
        write_xlsx, _ = best_of(args.repeat, lambda: write_census_xlsx(from_xml, xlsx_path))
        read_xlsx, from_xlsx = best_of(args.repeat, lambda: read_census_xlsx(xlsx_path))
        assert isinstance(from_xlsx, CensusReturn)
        kept = (from_xlsx.header, from_xlsx.la_items, from_xlsx.workers) == (
            from_xml.header,
            from_xml.la_items,
            from_xml.workers,
        )
        xml_mb, xlsx_mb = xml_path.stat().st_size / 1e6, xlsx_path.stat().st_size / 1e6
    count = len(census.workers)
    print(
        f"XLSX template round trip: {count:,} workers, {args.year} (XML {xml_mb:.1f} MB, "
        f"XLSX {xlsx_mb:.1f} MB; best of {args.repeat})"
    )
    print(f"  {'':14}{'seconds':>9}{'workers/s':>12}")
    for label, seconds in (("read XML", read_xml), ("write XLSX", write_xlsx), ("read XLSX", read_xlsx)):
        print(f"  {label:14}{seconds:9.3f}{count / seconds:12,.0f}")
    total = read_xml + write_xlsx + read_xlsx
    print(f"  {'all three':14}{total:9.3f}{count / total:12,.0f}")
    print(f"  read XLSX / read XML: {read_xlsx / read_xml:.1f}x; every item's value kept: {kept}")


if __name__ == "__main__":
    main()
