"""Census returns for the web tests, built in code (no real person's data): a clean return that
validates with no errors for any year 2021-2025, and the same return with known errors."""

from __future__ import annotations

from dataclasses import replace

from csc_workforce.core.census.model import CensusReturn, WorkerRecord
from csc_workforce.core.census.registry import census_year
from csc_workforce.export.census_xlsx import census_xlsx_bytes
from csc_workforce.export.census_xml import census_xml_bytes
from tests.unit.census.clean import clean_header, clean_la_items


def swe_number(la_code: str, index: int) -> str:
    return f"SW{int(la_code):03d}{index:05d}"


def _permanent(year: int, la_code: str, index: int) -> dict[str, str]:
    return {
        "AgencyWorker": "0",
        "SWENo": swe_number(la_code, index),
        "FTE": "1" if index % 5 else "0.6",
        "PersonBirthDate": f"{1970 + index % 25}-0{1 + index % 9}-1{index % 9}",
        "GenderCurrent": "2" if index % 3 else "1",
        "Sex": "F" if index % 3 else "M",
        "Ethnicity": "WBRI" if index % 4 else "BAFR",
        "QualInst": "University of Example",
        "QualLevel": "1",
        "StepUpGrad": "0",
        "FrontlineGrad": "0",
        "OrgRole": "5" if index % 6 else "4",
        "RoleStartDate": f"{2008 + index % 10}-0{1 + index % 9}-01",
        "StartOrigin": "2",
        "FTE30": "1" if index % 5 else "0.6",
        "Cases30": str(10 + index % 12),
        "WorkingDaysLost": str(index % 7),
        "ContractWeeks": "52",
        "Absat30Sept": "0",
        "CFKSSstatus": "1",
        "BaseSalary": "41000",
        "RRPayments": "0",
        "OtherPayments": "0",
    }


def _agency(year: int, la_code: str, index: int) -> dict[str, str]:
    return {
        "AgencyWorker": "1",
        "SWENo": swe_number(la_code, index),
        "FTE": "1",
        "Cases30": "14",
        "OrgRole": "5",
    }


def clean_return(la_code: str = "873", year: int = 2024, *, workers: int = 12) -> CensusReturn:
    """A return with no validation errors: permanent workers, a leaver, a starter, agency workers."""
    spec = census_year(year)
    allowed = {item.name for item in spec.worker_items}
    records: list[WorkerRecord] = []
    for index in range(1, workers + 1):
        items = _agency(year, la_code, index) if index % 6 == 0 else _permanent(year, la_code, index)
        if index == 2:  # a leaver during the year
            items.update(RoleEndDate=f"{year}-03-31", LeaverDestination="1", ReasonLeave="3")
        if index == 3:  # a starter during the year
            items.update(RoleStartDate=f"{year - 1}-11-01", StartOrigin="2")
        records.append(
            WorkerRecord(index, {name: [value] for name, value in items.items() if name in allowed})
        )
    agency = sum(1 for record in records if record.value("AgencyWorker") == "1")
    la_items = clean_la_items(year)
    la_items.update(NumberOfVacancies=["3"], NoAgencyFTE=[str(agency)], NoAgencyHeadcount=[str(agency)])
    return CensusReturn(
        source=f"clean-{la_code}-{year}.xml",
        header=clean_header(year, la_code),
        la_block_name=spec.la_block_name,
        la_items=la_items,
        workers=records,
    )


def return_with_errors(la_code: str = "873", year: int = 2024, *, workers: int = 12) -> CensusReturn:
    """The clean return with errors in two worker records (a bad FTE, a missing OrgRole)."""
    census = clean_return(la_code, year, workers=workers)
    workers_copy = [
        WorkerRecord(w.position, {k: list(v) for k, v in w.items.items()}) for w in census.workers
    ]
    workers_copy[0].items["FTE"] = ["7.5"]
    del workers_copy[3].items["OrgRole"]
    return replace(census, workers=workers_copy)


def xml_bytes(census: CensusReturn) -> bytes:
    return census_xml_bytes(census)


def xlsx_bytes(census: CensusReturn) -> bytes:
    return census_xlsx_bytes(census)
