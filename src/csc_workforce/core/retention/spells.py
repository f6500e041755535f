"""Spells of employment: a person's continuous permanent service at one council, from census returns.

A spell (docs/retention-analysis.md) is a person (SWE number) in a non-agency post at a council
from the first ``RoleStartDate`` of their continuous time there to the day they left or, if still
there, the last return's 30 September. Who is in post, who left and who is agency comes from
``core.measures.classify`` (the measures' own definition); this module only links the years.

- Role changes inside the council do not end a spell: a person in post at 30 September stays.
- A person with records in a year but none in post at its 30 September left: the spell ends on
  their last ``RoleEndDate`` that year. In post again in a later return: a new spell.
- Observation starts at a return's collection-year start (1 October): someone already in post
  then enters late (left truncation), so a long-serving worker is not counted as a newcomer.
- Someone in post at one return and absent from the next with no leaving record is censored at
  the last 30 September they were seen in post (counted as lost to follow-up, never guessed).
- Records with no ``RoleStartDate`` are left out and counted (``excluded``); so are records with
  no SWE number (they cannot be linked across years) and agency records (never a spell).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Final

import numpy as np

from csc_workforce.core.census.values import collection_year_bounds
from csc_workforce.core.measures import (
    DEFAULT_POLICY,
    MeasurePolicy,
    Population,
    WorkerFacts,
    classify,
)

DAYS_PER_YEAR: Final = 365.25

# LeaverDestination codes to the four destinations the analysis reports.
DESTINATIONS: Final = ("other_council", "agency", "out_of_social_work", "other_or_unknown")
_DESTINATION_OF_CODE: Final = {
    "1": "other_council",  # social worker role in a different local authority in England
    "3": "agency",  # agency or consultancy in social work
    "5": "out_of_social_work",  # other social care role
    "6": "out_of_social_work",  # non-social care role, no employment, career break
}


def destination_group(code: str | None) -> str:
    """The reported destination of a ``LeaverDestination`` code (missing: other or unknown)."""
    return _DESTINATION_OF_CODE.get(code or "", "other_or_unknown")


def tenure_years(start: date, on: date) -> float:
    """Years of service from ``start`` to ``on``: days / 365.25."""
    return (on - start).days / DAYS_PER_YEAR


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    """The items of one worker record that spells need (codes as census strings)."""

    swe: str | None
    agency: int  # AgencyWorker: 1 agency, 0 council-employed, -1 missing or invalid
    start: date | None
    end: date | None
    role: str | None = None
    start_origin: str | None = None
    birth: date | None = None
    destination: str | None = None
    reason: str | None = None
    fte: float | None = None
    fte30: float | None = None
    cases: int | None = None
    days_lost: float | None = None


@dataclass(frozen=True, slots=True)
class ReturnRecords:
    """One council's return for one collection year."""

    la_code: str
    year: int
    records: Sequence[ServiceRecord]


@dataclass(frozen=True, slots=True)
class Spell:
    """One spell of permanent service; attributes are those of its first record."""

    la_code: str
    swe: str
    start: date  # the spell's first RoleStartDate
    entered: date  # when observation began: the start, or a later collection-year start
    end: date  # the leaving date, or the date the spell was censored
    left: bool
    first_year: int
    role: str | None = None
    start_origin: str | None = None
    birth: date | None = None
    fte: float | None = None
    cases: int | None = None
    days_lost: float | None = None
    destination: str | None = None  # LeaverDestination code of a spell that ended in leaving
    reason: str | None = None  # ReasonLeave code
    leaving_year: int | None = None  # collection year of the leaving record

    @property
    def entry_years(self) -> float:
        return tenure_years(self.start, self.entered)

    @property
    def tenure_years(self) -> float:
        return tenure_years(self.start, self.end)

    @property
    def started_in_observation(self) -> bool:
        return self.entered == self.start


@dataclass(frozen=True, slots=True)
class SpellHistory:
    """Every spell of a set of returns, and what was left out (counts, never people)."""

    spells: tuple[Spell, ...]
    excluded: int = 0  # non-agency records without a RoleStartDate
    unlinked: int = 0  # non-agency records without a SWE number
    agency_records: int = 0
    unclassified: int = 0  # records with no valid AgencyWorker
    out_of_year: int = 0  # dates outside their census year (core.measures.classify)
    lost_to_follow_up: int = 0  # in post, then absent with no leaving record: censored
    inconsistent: int = 0  # a leaving date before the spell's start: spell left out
    observed_from: date | None = None
    observed_to: date | None = None
    councils: tuple[str, ...] = field(default_factory=tuple)
    # Each council's last return's 30 September: how far its spells can be followed.
    followed_to: Mapping[str, date] = field(default_factory=dict)

    def notes(self) -> list[str]:
        parts = [
            (self.excluded, "non-agency record(s) without a RoleStartDate were left out"),
            (
                self.unlinked,
                "non-agency record(s) without a SWE number could not be linked and were left out",
            ),
            (self.unclassified, "record(s) without a valid AgencyWorker were left out"),
            (self.out_of_year, "record(s) dated outside their census year were left out"),
            (
                self.lost_to_follow_up,
                "spell(s) ended with no leaving record (in post, then absent from the next return): "
                "censored at the last 30 September in post",
            ),
            (self.inconsistent, "spell(s) with a RoleEndDate before their RoleStartDate were left out"),
        ]
        notes = [f"{count} {text}" for count, text in parts if count]
        if self.agency_records:
            notes.append(f"{self.agency_records} agency record(s) are not spells of permanent service")
        return notes


@dataclass(slots=True)
class _Open:
    start: date
    entered: date
    first_year: int
    first: ServiceRecord
    fte: float | None
    last_in_post: date


@dataclass(slots=True)
class _Counts:
    excluded: int = 0
    unlinked: int = 0
    agency_records: int = 0
    unclassified: int = 0
    out_of_year: int = 0
    lost_to_follow_up: int = 0
    inconsistent: int = 0


def _date_array(values: Iterable[date | None]) -> np.ndarray[Any, Any]:
    return np.array(
        [np.datetime64(v, "D") if v is not None else np.datetime64("NaT") for v in values], "M8[D]"
    )


def _float_array(values: Iterable[float | int | None]) -> np.ndarray[Any, Any]:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


@dataclass(frozen=True, slots=True)
class _YearPeople:
    """A return's linkable, counted non-agency records per person: (record, in post, FTE)."""

    people: dict[str, list[tuple[ServiceRecord, bool, float | None]]]


def _year_people(census: ReturnRecords, policy: MeasurePolicy, counts: _Counts) -> _YearPeople:
    records = list(census.records)
    people: dict[str, list[tuple[ServiceRecord, bool, float | None]]] = {}
    if not records:
        return _YearPeople(people)
    facts = WorkerFacts(
        year=census.year,
        agency=np.array([r.agency for r in records], dtype=np.int8),
        start=_date_array(r.start for r in records),
        end=_date_array(r.end for r in records),
        fte=_float_array(r.fte for r in records),
        fte30=_float_array(r.fte30 for r in records),
        cases=_float_array(r.cases for r in records),
    )
    classes = classify(facts, policy)
    fte = facts.derived_fte(policy.fte, Population.IN_POST)
    for index, record in enumerate(records):
        if classes.agency[index]:
            counts.agency_records += 1
        elif classes.unclassified[index]:
            counts.unclassified += 1
        elif record.start is None:
            counts.excluded += 1
        elif record.swe is None:
            counts.unlinked += 1
        elif classes.out_of_year[index] or not (classes.in_post[index] or classes.leaver[index]):
            counts.out_of_year += 1
        else:
            value = float(fte[index])
            people.setdefault(record.swe, []).append(
                (record, bool(classes.in_post[index]), None if np.isnan(value) else value)
            )
    return _YearPeople(people)


def _open_spell(year: int, entries: list[tuple[ServiceRecord, bool, float | None]]) -> _Open:
    year_start, reference = collection_year_bounds(year)
    first, _, fte = min(entries, key=lambda entry: entry[0].start or date.max)  # first in file on ties
    assert first.start is not None
    return _Open(first.start, max(first.start, year_start), year, first, fte, reference)


def _spell(
    la_code: str, swe: str, held: _Open, end: date, leaving: ServiceRecord | None, *, year: int
) -> Spell:
    first = held.first
    return Spell(
        la_code=la_code,
        swe=swe,
        start=held.start,
        entered=held.entered,
        end=end,
        left=leaving is not None,
        first_year=held.first_year,
        role=first.role,
        start_origin=first.start_origin,
        birth=first.birth,
        fte=held.fte,
        cases=first.cases,
        days_lost=first.days_lost,
        destination=leaving.destination if leaving is not None else None,
        reason=leaving.reason if leaving is not None else None,
        leaving_year=year if leaving is not None else None,
    )


def _council_spells(
    la_code: str, returns: list[ReturnRecords], policy: MeasurePolicy, counts: _Counts
) -> list[Spell]:
    spells: list[Spell] = []
    held: dict[str, _Open] = {}
    for census in returns:
        people = _year_people(census, policy, counts).people
        for swe in [swe for swe in held if swe not in people]:
            gone = held.pop(swe)
            counts.lost_to_follow_up += 1
            spells.append(_spell(la_code, swe, gone, gone.last_in_post, None, year=census.year))
        _, reference = collection_year_bounds(census.year)
        for swe, entries in people.items():
            current = held.get(swe) or _open_spell(census.year, entries)
            if any(in_post for _, in_post, _ in entries):
                current.last_in_post = reference
                held[swe] = current
                continue
            held.pop(swe, None)
            leaving = max((record for record, _, _ in entries), key=lambda r: r.end or date.min)
            assert leaving.end is not None  # a leaver always has a RoleEndDate
            if leaving.end < current.start:
                counts.inconsistent += 1
                continue
            spells.append(_spell(la_code, swe, current, leaving.end, leaving, year=census.year))
    if returns:
        _, last_reference = collection_year_bounds(returns[-1].year)
        spells.extend(
            _spell(la_code, swe, still, last_reference, None, year=returns[-1].year)
            for swe, still in held.items()
        )
    return spells


def build_spells(returns: Iterable[ReturnRecords], policy: MeasurePolicy = DEFAULT_POLICY) -> SpellHistory:
    """The spells of every council's returns (each council's years in order).

    Raises ``ValueError`` when two returns are for the same council and year.
    """
    by_council: dict[str, dict[int, ReturnRecords]] = {}
    for census in returns:
        years = by_council.setdefault(census.la_code, {})
        if census.year in years:
            raise ValueError(f"two returns for council {census.la_code} and year {census.year}")
        years[census.year] = census
    counts = _Counts()
    spells: list[Spell] = []
    for la_code in sorted(by_council):
        ordered = [by_council[la_code][year] for year in sorted(by_council[la_code])]
        spells.extend(_council_spells(la_code, ordered, policy, counts))
    all_years = sorted({year for years in by_council.values() for year in years})
    return SpellHistory(
        spells=tuple(spells),
        **asdict(counts),
        observed_from=collection_year_bounds(all_years[0])[0] if all_years else None,
        observed_to=collection_year_bounds(all_years[-1])[1] if all_years else None,
        councils=tuple(sorted(by_council)),
        followed_to={la_code: collection_year_bounds(max(years))[1] for la_code, years in by_council.items()},
    )


# StartOrigin codes to the origins the analysis groups by.
ORIGINS: Final = ("newly_qualified", "other_council", "agency", "other_or_unknown")
_ORIGIN_OF_CODE: Final = {"1": "newly_qualified", "2": "other_council", "4": "agency"}


def origin_group(code: str | None) -> str:
    """The reported start origin of a ``StartOrigin`` code (missing: other or unknown)."""
    return _ORIGIN_OF_CODE.get(code or "", "other_or_unknown")
