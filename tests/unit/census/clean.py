"""A clean census return for any year: every rule passes, so one change makes one rule fire.

Three workers: a non-agency worker in post (record 1), a non-agency starter who left in the year
(record 2) and an agency worker (record 3). Values are synthetic; no real person's data.
"""

from __future__ import annotations

import copy

from csc_workforce.core.census.model import CensusHeader, CensusReturn, WorkerRecord
from csc_workforce.core.census.registry import PAY_ITEMS_2025, census_year

LEA = "301"


def clean_header(year: int, lea: str = LEA) -> CensusHeader:
    return CensusHeader(
        collection="CSWW",
        year=str(year),
        reference_date=f"{year}-09-30",
        source_level="L",
        lea=lea,
        software_code="csc-workforce tests",
        date_time=f"{year}-10-20T09:00:00",
    )


def clean_la_items(year: int) -> dict[str, list[str]]:
    items = {"NumberOfVacancies": ["5.5"], "NoAgencyFTE": ["1"], "NoAgencyHeadcount": ["1"]}
    if year >= 2025:
        for index, name in enumerate(PAY_ITEMS_2025):
            items[name] = ["Lease car scheme"] if name == "OtherAllowances" else [str(index % 3)]
    return items


def in_post_items(year: int, swe: str = "SW100001") -> dict[str, list[str]]:
    spec = census_year(year)
    items = {
        "AgencyWorker": ["0"],
        "SWENo": [swe],
        "FTE": ["1"],
        "PersonBirthDate": ["1985-05-17"],
        spec.gender_item: ["F" if spec.gender_item == "Sex" else "2"],
        "Ethnicity": ["WBRI"],
        "QualInst": ["University of Example"],
        "QualLevel": ["1"],
        "StepUpGrad": ["0"],
        "OrgRole": ["5"],
        "RoleStartDate": ["2012-04-02"],
        "StartOrigin": ["2"],
        "FTE30": ["1"],
        "Cases30": ["16"],
        "WorkingDaysLost": ["2.5"],
        "FrontlineGrad": ["0"],
        "Absat30Sept": ["0"],
        "CFKSSstatus": ["2"],
        "BaseSalary": ["41250.00"],
        "RRPayments": ["1500.00"],
        "OtherPayments": ["0"],
    }
    allowed = spec.worker_item_names
    return {name: values for name, values in items.items() if name in allowed}


def leaver_items(year: int, swe: str = "SW100002") -> dict[str, list[str]]:
    items = in_post_items(year, swe)
    items.update(
        {
            "PersonBirthDate": ["1979-11-03"],
            "Ethnicity": ["BAFR"],
            "OrgRole": ["3"],
            "RoleStartDate": [f"{year - 1}-11-01"],
            "StartOrigin": ["1"],
            "RoleEndDate": [f"{year}-06-30"],
            "ReasonLeave": ["1"],
            "LeaverDestination": ["3"],
            "FTE": ["0.8"],
            "FTE30": ["0.8"],
            "Cases30": ["0"],
        }
    )
    return items


def agency_items(swe: str = "SW100003") -> dict[str, list[str]]:
    return {"AgencyWorker": ["1"], "SWENo": [swe], "FTE": ["1"], "ContractWeeks": ["26.0"]}


def clean_return(year: int, *, lea: str = LEA, source: str = "clean.xml") -> CensusReturn:
    workers = [
        WorkerRecord(1, in_post_items(year)),
        WorkerRecord(2, leaver_items(year)),
        WorkerRecord(3, agency_items()),
    ]
    return CensusReturn(
        source=source,
        header=clean_header(year, lea),
        la_block_name=census_year(year).la_block_name,
        la_items=clean_la_items(year),
        workers=workers,
    )


def copied(census: CensusReturn) -> CensusReturn:
    return copy.deepcopy(census)
