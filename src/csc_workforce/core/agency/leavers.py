"""Leavers from a census return, keyed by pseudonym so councils never exchange identities.

:func:`departures_from_return` is the one reading of "who left a permanent post, and when";
:func:`leaver_of` turns a departure into a :class:`Leaver` carrying only the keyed hash. The web
app stores each accepted return's departures once (on its worker rows) and keys them when it
checks, so it never re-reads the return's file for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from csc_workforce.core.agency.model import Leaver
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.values import SWE_NUMBER, parse_date
from csc_workforce.core.pseudonym import normalise_swe_no


@dataclass(frozen=True, slots=True)
class Departure:
    """A permanent worker's leaving as the cooling-off rule reads it (identity not yet keyed)."""

    position: int  # the worker's position in its return
    swe_no: str  # normalised (``normalise_swe_no``) and a valid SWE number
    la_code: str
    left_on: date


@dataclass(slots=True)
class DepartureExtract:
    departures: list[Departure] = field(default_factory=list)
    # Worker positions whose leaving could not be used; never the SWE number itself.
    skipped: list[str] = field(default_factory=list)


@dataclass(slots=True)
class LeaverExtract:
    leavers: list[Leaver] = field(default_factory=list)
    # Worker positions whose leaving could not be used; never the SWE number itself.
    skipped: list[str] = field(default_factory=list)


def departures_from_return(census: CensusReturn) -> DepartureExtract:
    """Every non-agency worker with a readable ``RoleEndDate`` and ``SWENo``.

    A return with validation errors elsewhere still supplies its leavers; a record whose own
    SWENo or RoleEndDate is unusable is skipped and named by its position.
    """
    extract = DepartureExtract()
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
        extract.departures.append(Departure(worker.position, swe, la_code, left_on))
    return extract


def leaver_of(departure: Departure, worker_key: Callable[[str], str]) -> Leaver:
    """The departure with its SWE number replaced by the keyed hash."""
    return Leaver(
        worker_key=worker_key(normalise_swe_no(departure.swe_no)),
        la_code=departure.la_code,
        left_on=departure.left_on,
    )


def leavers_from_return(census: CensusReturn, worker_key: Callable[[str], str]) -> LeaverExtract:
    """The return's departures (:func:`departures_from_return`) as keyed leavers."""
    extract = departures_from_return(census)
    return LeaverExtract(
        leavers=[leaver_of(departure, worker_key) for departure in extract.departures],
        skipped=extract.skipped,
    )
