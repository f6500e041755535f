"""Synthetic engagement registers and caps files for the agency integration tests."""

from __future__ import annotations

import csv
from pathlib import Path

from csc_workforce.ingest.engagements import ENGAGEMENT_COLUMNS

REGION = "Yorkshire and The Humber"


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
    row.update(changes)
    return row


def write_engagements(path: Path, rows: list[dict[str, str]], columns=ENGAGEMENT_COLUMNS) -> Path:
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
