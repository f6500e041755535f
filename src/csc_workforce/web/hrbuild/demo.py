"""The demo's synthetic HR extracts: one council's staff and agency list for two years."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from csc_workforce.synth.hr_extract import council_history, write_hr_extract
from csc_workforce.web.hrbuild.models import HrSampleFile

SAMPLE_COUNCIL: Final = "873"  # a mid-sized synthetic council of the demo region
SAMPLE_REGION: Final = "East of England"
SAMPLE_YEARS: Final = (2024, 2025)


def load_sample_files(data_dir: Path, seed: int) -> int:
    """Write (once) and store the sample files; returns how many are offered."""
    if HrSampleFile.objects.count() >= 2 * len(SAMPLE_YEARS):
        return HrSampleFile.objects.count()
    history = council_history(SAMPLE_REGION, SAMPLE_COUNCIL, SAMPLE_YEARS, seed)
    for year in SAMPLE_YEARS:
        files = write_hr_extract(
            [census for census in history if (census.year or 0) <= year], data_dir / "hr-samples", seed
        )
        for path, what in (
            (files.extract, f"synthetic HR extract as at 30 September {year} (permanent staff)"),
            (files.agency_list, f"synthetic agency list at 30 September {year}"),
        ):
            HrSampleFile.objects.update_or_create(
                name=path.name, defaults={"description": what, "content": path.read_bytes()}
            )
    return HrSampleFile.objects.count()
