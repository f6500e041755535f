"""Leavers from a census return, keyed by pseudonym so councils never exchange identities."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from csc_workforce.core.agency.model import Leaver
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.values import SWE_NUMBER, parse_date
from csc_workforce.core.pseudonym import normalise_swe_no


@dataclass(slots=True)
class LeaverExtract:
    leavers: list[Leaver] = field(default_factory=list)
    # Worker positions whose leaving could not be used; never the SWE number itself.
    skipped: list[str] = field(default_factory=list)


def leavers_from_return(census: CensusReturn, worker_key: Callable[[str], str]) -> LeaverExtract:
    """Every non-agency worker with a readable ``RoleEndDate`` and ``SWENo``.

    A return with validation errors elsewhere still supplies its leavers; a record whose own
    SWENo or RoleEndDate is unusable is skipped and named by its position.
    """
    extract = LeaverExtract()
    la_code = (census.la_code or "").strip()
    for worker in census.workers:
        if (worker.value("AgencyWorker") or "").strip() == "1":
            continue
        end_text = worker.value("RoleEndDate")
        if end_text is None or not end_text.strip():
            continue
        swe = normalise_swe_no(worker.value("SWENo") or "")
        if not SWE_NUMBER.match(swe):
            extract.skipped.append(f"worker {worker.position}: SWENo missing or not a SWE number")
            continue
        try:
            left_on = parse_date(end_text)
        except ValueError as error:
            extract.skipped.append(f"worker {worker.position}: RoleEndDate {error}")
            continue
        extract.leavers.append(Leaver(worker_key=worker_key(swe), la_code=la_code, left_on=left_on))
    return extract
