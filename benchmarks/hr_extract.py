"""How long the HR path takes for a synthetic council of about 300 workers: read, suggest, build,
validate and the position. Prints the figures; run ``uv run python benchmarks/hr_extract.py``."""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

from csc_workforce.analytics.hr_position import hr_position
from csc_workforce.core.census.registry import census_year
from csc_workforce.core.census.validation import validate_return
from csc_workforce.core.hr.build import HrSource, build_return
from csc_workforce.core.hr.suggest import suggest_mapping
from csc_workforce.ingest.hr_extract import read_hr_extract
from csc_workforce.ingest.hr_mapping import read_mapping
from csc_workforce.synth.hr_extract import council_history, write_hr_extract


def _timed(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"{label:<40} {now - started:7.2f} s")
    return now


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = write_hr_extract(council_history("East of England", "873", [2024, 2025], 1), Path(folder), 1)
        started = time.perf_counter()
        review = read_hr_extract(files.extract, drop_personal=True)
        started = _timed(f"read for review ({len(review.rows)} rows)", started)
        suggestion = suggest_mapping(review, year_items=census_year(2025).worker_item_names)
        started = _timed(f"suggest ({len(suggestion.mapped_items)} items mapped)", started)
        sources = []
        for extract, mapping in (
            (files.extract, files.extract_mapping),
            (files.agency_list, files.agency_mapping),
        ):
            checked = read_mapping(mapping)
            sources.append(HrSource(read_hr_extract(extract, keep=checked.used_headings), checked))
        started = _timed("read with mappings (staff + agency)", started)
        census = build_return(sources, 2025, "873")
        started = _timed(f"build the return ({len(census.workers)} records)", started)
        errors = sum(issue.severity == "error" for issue in validate_return(census))
        started = _timed(f"validate ({errors} errors)", started)
        hr_position(sources, date(2025, 9, 30), "873")
        _timed("position on 30 September", started)


if __name__ == "__main__":
    main()
