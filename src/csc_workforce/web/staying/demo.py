"""The demo's teams: the sample council's synthetic HR extract read with its mapping, as an HR
build would record them, so the demo's retention page shows figures by team."""

from __future__ import annotations

from pathlib import Path

from csc_workforce.core.hr.teams import worker_teams
from csc_workforce.ingest.hr_extract import read_hr_extract
from csc_workforce.ingest.hr_mapping import read_mapping
from csc_workforce.synth.hr_extract import council_history, write_hr_extract
from csc_workforce.web.orgs.models import Council
from csc_workforce.web.staying.teams import record_teams


def load_demo_teams(data_dir: Path, region: str, la_code: str, years: tuple[int, ...], seed: int) -> int:
    """Record the teams of ``la_code``'s extract of the last of ``years`` (every post in the
    history, as last seen); returns how many workers have a team."""
    council = Council.objects.filter(la_code=la_code).first()
    if council is None:
        return 0
    files = write_hr_extract(council_history(region, la_code, years, seed), data_dir / "hr-teams", seed)
    mapping = read_mapping(files.extract_mapping)
    extract = read_hr_extract(files.extract, keep=mapping.used_headings)
    return record_teams(council, max(years), worker_teams(extract, mapping))
