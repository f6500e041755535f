"""Small builders of synthetic census returns for the measures tests (no real data)."""

from __future__ import annotations

from csc_workforce.core.census.model import CensusHeader, CensusReturn, WorkerRecord


def worker(position: int = 1, **items: str | list[str] | None) -> WorkerRecord:
    """A worker record; keyword values are census items (None leaves the item out)."""
    values: dict[str, list[str]] = {}
    for name, value in items.items():
        if value is None:
            continue
        values[name] = value if isinstance(value, list) else [value]
    return WorkerRecord(position=position, items=values)


def employed(position: int, swe: str, **items: str | None) -> WorkerRecord:
    """An LA-employed social worker in post with plausible defaults."""
    base: dict[str, str | None] = {
        "AgencyWorker": "0",
        "SWENo": swe,
        "FTE": "1",
        "PersonBirthDate": "1985-03-02",
        "GenderCurrent": "2",
        "Ethnicity": "WBRI",
        "OrgRole": "5",
        "RoleStartDate": "2015-01-05",
        "StartOrigin": "2",
        "FTE30": "1",
        "Cases30": "15",
        "WorkingDaysLost": "4",
    }
    base.update(items)
    return worker(position, **base)


def agency(position: int, swe: str, **items: str | None) -> WorkerRecord:
    base: dict[str, str | None] = {"AgencyWorker": "1", "SWENo": swe, "FTE": "1", "Cases30": "12"}
    base.update(items)
    return worker(position, **base)


def census(
    workers: list[WorkerRecord],
    *,
    year: int = 2023,
    lea: str = "881",
    vacancies: str = "10",
    agency_cover: str = "2",
    agency_cover_headcount: str = "2",
    source: str = "test.xml",
) -> CensusReturn:
    for index, record in enumerate(workers, start=1):
        record.position = index
    return CensusReturn(
        source=source,
        header=CensusHeader(
            collection="CSWW",
            year=str(year),
            reference_date=f"{year}-09-30",
            source_level="L",
            lea=lea,
        ),
        la_block_name="LALevel" if year >= 2025 else "LALevelVacancies",
        la_items={
            "NumberOfVacancies": [vacancies],
            "NoAgencyFTE": [agency_cover],
            "NoAgencyHeadcount": [agency_cover_headcount],
        },
        workers=workers,
    )
