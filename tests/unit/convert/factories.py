"""Synthetic census returns built in code, one for any year, with every item of the year used.

Values are in the normalised form readers produce (codes as codes, ISO dates), so a round trip
through any writer and reader must give back an equal return. No real person's data.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from csc_workforce.core.census.model import CensusHeader, CensusReturn, WorkerRecord
from csc_workforce.core.census.registry import CODE_SETS, ItemSpec, ItemType, census_year


def content(census: CensusReturn) -> tuple[object, ...]:
    """What a return says, without where it came from or the reader's notes."""
    return census.header, census.la_block_name, census.la_items, census.workers


def _value(spec: ItemSpec, rng: random.Random, year: int) -> str:
    if spec.type is ItemType.CODE and spec.code_set is not None:
        return rng.choice(list(CODE_SETS[spec.code_set].labels))
    if spec.type is ItemType.DATE:
        start = date(year - 40, 1, 1)
        return (start + timedelta(days=rng.randrange(40 * 365))).isoformat()
    if spec.type is ItemType.INTEGER:
        return str(rng.randrange(0, 60))
    if spec.type is ItemType.DECIMAL:
        places = spec.decimals or 2
        top = int(spec.maximum or 300)
        number = rng.randrange(0, top * 10**places + 1) / 10**places
        return (
            f"{number:.{places}f}".rstrip("0").rstrip(".") if rng.random() < 0.7 else f"{number:.{places}f}"
        )
    if spec.type is ItemType.SWE_NUMBER:
        return f"SW{rng.randrange(10**5, 10**9)}"
    return rng.choice(
        ["University of Example", "Open University", "Institution Name", "Kingston & St George's"]
    )


def generated_return(year: int, workers: int = 25, seed: int = 0) -> CensusReturn:
    """A return for ``year``: agency and permanent workers, starters, leavers, repeated items."""
    rng = random.Random(seed * 10_000 + year)
    spec = census_year(year)
    header = CensusHeader(
        collection="CSWW",
        year=str(year),
        reference_date=f"{year}-09-30",
        source_level="L",
        lea="301",
        software_code="csc-workforce tests",
        date_time=f"{year}-10-15T09:30:00",
    )
    la_items = {item.name: [_value(item, rng, year)] for item in spec.la_items}
    records: list[WorkerRecord] = []
    for position in range(1, workers + 1):
        agency = position % 4 == 0
        items: dict[str, list[str]] = {}
        for item in spec.worker_items:
            if agency and item.name not in {"AgencyWorker", "SWENo", "FTE"} and rng.random() < 0.4:
                continue
            if item.name in {"RoleEndDate", "LeaverDestination", "ReasonLeave"} and position % 3:
                continue
            count = 2 if item.repeatable and rng.random() < 0.3 else 1
            items[item.name] = [_value(item, rng, year) for _ in range(count)]
        items["AgencyWorker"] = ["1" if agency else "0"]
        records.append(WorkerRecord(position, items))
    return CensusReturn(
        source="generated",
        header=header,
        la_block_name=spec.la_block_name,
        la_items=la_items,
        workers=records,
    )
