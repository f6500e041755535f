"""Synthetic engagement registers and caps files for the agency integration tests."""

from __future__ import annotations

import csv
from pathlib import Path

from csc_workforce.core.census.model import CensusHeader, CensusReturn, WorkerRecord
from csc_workforce.export.census_xml import write_census_xml
from csc_workforce.ingest.engagements import REGISTER_COLUMNS

REGION = "Yorkshire and The Humber"
SIGN_OFF = {
    "exception_approved_by": "A. Patel, Head of Service; J. Okafor, Director of Children's Services",
    "exception_approved_on": "2025-03-20",
    "exception_reason": "court work with no worker available within the cap",
    "exception_until": "2026-03-31",
}


def engagement(engagement_id: str, **changes: str) -> dict[str, str]:
    row = {
        "engagement_id": engagement_id,
        "la_code": "370",
        "agency": "Acme Locums",
        "swe_no": "SW100001",
        "role": "social_worker",
        "start_date": "2025-04-01",
        "end_date": "",
        "hourly_rate": "40.00",
        "agency_fee_hourly": "4.50",
        "hours_per_week": "37",
        "qualified_date": "2015-06-30",
        "references_both_ways": "yes",
        "project_team": "no",
        "project_team_workers_named": "",
        "cap_exception_approved": "no",
    }
    if changes.get("cap_exception_approved") == "yes":
        row.update(SIGN_OFF)  # an approval is signed off; a test passes blanks to leave it ticked only
    row.update(changes)
    return row


def write_engagements(path: Path, rows: list[dict[str, str]], columns=REGISTER_COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_caps(path: Path, rows: list[tuple[str, str, str, str]] | None = None) -> Path:
    rows = rows or [
        (REGION, "social_worker", "2024-10-31", "40.00"),
        (REGION, "senior_social_worker", "2024-10-31", "45.00"),
        (REGION, "advanced_practitioner", "2024-10-31", "50.00"),
        (REGION, "team_manager", "2024-10-31", "55.00"),
        (REGION, "iro", "2024-10-31", "52.00"),
        ("London", "social_worker", "2024-10-31", "35.00"),
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["region", "role", "effective_from", "max_hourly_rate"])
        writer.writerows(rows)
    return path


def write_census(path: Path, la_code: str, workers: list[dict[str, str]]) -> Path:
    """A minimal census return with the given workers (items as strings)."""
    census = CensusReturn(
        source=str(path),
        header=CensusHeader(collection="CSWW", year="2025", reference_date="2025-09-30", lea=la_code),
        la_block_name=None,
        la_items={"NumberOfVacancies": ["1"], "NoAgencyFTE": ["0"], "NoAgencyHeadcount": ["0"]},
        workers=[
            WorkerRecord(position=i + 1, items={name: [value] for name, value in worker.items()})
            for i, worker in enumerate(workers)
        ],
    )
    write_census_xml(census, path)
    return path


def leaver(swe: str, left_on: str, agency: str = "0") -> dict[str, str]:
    return {"AgencyWorker": agency, "SWENo": swe, "FTE": "1", "RoleEndDate": left_on}
