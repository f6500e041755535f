"""Turn one council's year of the synthetic history into a census return with that year's items.

Which items a record carries comes from the census-year registry (``Sex`` from 2024, no
``QualInst`` in 2025, the 2025 pay items, the LA-level block's name), so each file validates
under its own year's rules. Values are written as a council's system would: codes, ISO dates,
numbers without needless decimals.
"""

from __future__ import annotations

import random
from typing import Final

from csc_workforce.core.census.model import CensusHeader, CensusReturn, WorkerRecord
from csc_workforce.core.census.registry import PAY_ITEMS_2025, CensusYear, census_year
from csc_workforce.synth.history import CouncilYear, reference_day
from csc_workforce.synth.people import Engagement, Post, weighted
from csc_workforce.synth.profiles import (
    ABSENCE_REASONS,
    ABSENT_ON_REFERENCE_DAY,
    AGENCY_CASE_HOLDER_ROLES,
    AGENCY_OTHER_ROLES,
    BASE_SALARY,
)
from csc_workforce.synth.reference_day import case_holders, days_lost, share_cases

SOFTWARE_CODE: Final = "csc-workforce synthetic data"


def number(value: float, places: int) -> str:
    """``1.0`` → ``"1"``, ``0.75`` → ``"0.75"``: at most ``places`` decimals, none needless."""
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def census_return(snapshot: CouncilYear, rng: random.Random) -> CensusReturn:
    year = snapshot.year
    spec = census_year(year)
    names = spec.worker_item_names
    holders = case_holders(rng, snapshot.in_post, snapshot.agency, snapshot.target)
    cases = share_cases(rng, holders, snapshot.target.cases)
    days = days_lost(rng, snapshot.in_post, snapshot.target, year)
    records: list[dict[str, list[str]]] = []
    employed = sorted([*snapshot.in_post, *snapshot.leavers], key=lambda p: (p.person.swe, p.start))
    for post in employed:
        records.append(
            _employed_items(post, spec, names, rng, cases=cases.get(id(post)), days=days.get(id(post)))
        )
    for engagement in sorted(snapshot.agency, key=lambda e: e.person.swe):
        records.append(_agency_items(engagement, year, rng, cases.get(id(engagement), 0)))
    lea = snapshot.council.lea
    return CensusReturn(
        source=f"{lea}_{year}.xml",
        header=CensusHeader(
            collection="CSWW",
            year=str(year),
            reference_date=reference_day(year).isoformat(),
            source_level="L",
            lea=lea,
            software_code=SOFTWARE_CODE,
            date_time=f"{year}-10-20T09:00:00",
        ),
        la_block_name=spec.la_block_name,
        la_items=_la_items(snapshot, spec, rng),
        workers=[WorkerRecord(position, items) for position, items in enumerate(records, start=1)],
    )


def _employed_items(
    post: Post,
    spec: CensusYear,
    names: frozenset[str],
    rng: random.Random,
    *,
    cases: int | None,
    days: float | None,
) -> dict[str, list[str]]:
    person = post.person
    year = spec.year
    items: dict[str, str] = {
        "AgencyWorker": "0",
        "SWENo": person.swe,
        "FTE": number(post.fte, 6),
        "PersonBirthDate": person.birth.isoformat(),
    }
    if spec.gender_item == "Sex":
        items["Sex"] = "F" if person.female else "M"
    else:
        items["GenderCurrent"] = "2" if person.female else "1"
    items["Ethnicity"] = person.ethnicity
    if "QualInst" in names:
        items["QualInst"] = person.qual_inst
    items["QualLevel"] = person.qual_level
    items["StepUpGrad"] = "1" if person.step_up else "0"
    items["OrgRole"] = post.role
    items["RoleStartDate"] = post.start.isoformat()
    items["StartOrigin"] = post.origin
    leaver = post.end is not None and post.end <= reference_day(year)
    if leaver:
        assert post.end is not None and post.destination is not None and post.reason is not None
        items["RoleEndDate"] = post.end.isoformat()
        items["LeaverDestination"] = post.destination
        items["ReasonLeave"] = post.reason
        items["FTE30"] = "0"
        items["WorkingDaysLost"] = number(rng.choice((0, 0, 0, 1, 2, 3, 5, 8, 12.5)), 2)
    else:
        items["FTE30"] = items["FTE"]
        items["Cases30"] = str(cases or 0)
        items["WorkingDaysLost"] = number(days or 0.0, 2)
    items["FrontlineGrad"] = "1" if person.frontline else "0"
    if not leaver:
        absent = rng.random() < ABSENT_ON_REFERENCE_DAY
        items["Absat30Sept"] = "1" if absent else "0"
        if absent:
            items["ReasonAbsence"] = weighted(rng, ABSENCE_REASONS)
    if "BaseSalary" in names:
        low, high = BASE_SALARY[post.role]
        items["BaseSalary"] = number(round(rng.uniform(low, high) * post.fte, 2), 2)
        items["RRPayments"] = number(rng.choice((0, 0, 0, 0, 0, 1000, 2000, 3000)), 2)
        items["OtherPayments"] = "0"
    return {name: [value] for name, value in items.items()}


def _agency_items(engagement: Engagement, year: int, rng: random.Random, cases: int) -> dict[str, list[str]]:
    weeks_so_far = (reference_day(year) - engagement.start).days / 7
    weeks = weeks_so_far + rng.choice((4, 8, 13, 26))
    return {
        "AgencyWorker": ["1"],
        "SWENo": [engagement.person.swe],
        "FTE": [number(engagement.fte, 6)],
        "QualLevel": [engagement.person.qual_level],
        "OrgRole": [weighted(rng, AGENCY_CASE_HOLDER_ROLES if cases else AGENCY_OTHER_ROLES)],
        "Cases30": [str(cases)],
        "ContractWeeks": [number(min(weeks, 499.0), 1)],
    }


def _la_items(snapshot: CouncilYear, spec: CensusYear, rng: random.Random) -> dict[str, list[str]]:
    target = snapshot.target
    agency_fte = sum(e.fte for e in snapshot.agency)
    vacancies = round(target.vacancy_fte, 2)
    cover = round(min(target.agency_cover_fte, vacancies, agency_fte), 2)
    cover_headcount = min(round(cover), len(snapshot.agency))
    items = {
        "NumberOfVacancies": [number(vacancies, 2)],
        "NoAgencyFTE": [number(cover, 2)],
        "NoAgencyHeadcount": [str(cover_headcount)],
    }
    pay = [name for name in PAY_ITEMS_2025 if name in spec.la_item_names]
    for name in pay:
        if name == "OtherAllowances":
            items[name] = ["None"]
        else:
            items[name] = [rng.choice(("0", "0", "1", "2"))]
    return items
