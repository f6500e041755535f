"""Everything a rule needs about one return, computed once: year, dates, typed values, groupings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Final, TypeVar

from csc_workforce.core.census.model import CensusReturn, WorkerRecord
from csc_workforce.core.census.registry import CENSUS_YEARS, CensusYear
from csc_workforce.core.census.validation.catalogue import severity_of
from csc_workforce.core.census.validation.issue import Issue
from csc_workforce.core.census.values import collection_year_bounds, parse_date, parse_decimal

# "2022", "2017-18", "201819", "2019/20", "21/22" in a file name: the census year is the later one.
_SPAN: Final = re.compile(r"(?<!\d)(20\d\d)[-_/ ]?(\d\d)(?!\d)")
_SHORT_SPAN: Final = re.compile(r"(?<!\d)(\d\d)[-_/](\d\d)(?!\d)")
_YEAR: Final = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_T = TypeVar("_T")


def year_from_name(name: str) -> int | None:
    """The collection year a file name suggests, or None (used only when the header has none)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    for pattern in (_SPAN, _SHORT_SPAN):
        match = pattern.search(base)
        if match:
            first, second = int(match.group(1)[-2:]), int(match.group(2))
            if second == (first + 1) % 100:
                return 2000 + second
    match = _YEAR.search(base)
    return int(match.group(1)) if match else None


# Parsed dates and numbers depend only on the text, so every return shares one cache (a national
# run meets the same dates again and again); bounded, to cap memory.
_DATES: Final[dict[str, date | None]] = {}
_NUMBERS: Final[dict[str, Decimal | None]] = {}
_SHARED_CACHE_LIMIT: Final = 200_000


def _shared(cache: dict[str, _T]) -> dict[str, _T]:
    if len(cache) > _SHARED_CACHE_LIMIT:
        cache.clear()
    return cache


@dataclass(frozen=True, slots=True)
class ContinuityThresholds:
    """When a year-on-year change is large enough to query (R072): both limits must be passed."""

    relative: float = 0.25
    absolute: float = 5.0


@dataclass
class Context:
    census: CensusReturn
    previous: CensusReturn | None = None
    known_la_codes: frozenset[str] | None = None
    thresholds: ContinuityThresholds = field(default_factory=ContinuityThresholds)
    _dates: dict[str, date | None] = field(default_factory=lambda: _shared(_DATES))
    _numbers: dict[str, Decimal | None] = field(default_factory=lambda: _shared(_NUMBERS))

    # --- the year -------------------------------------------------------------------------------

    @cached_property
    def year(self) -> int | None:
        """The supported collection year: the header's, else the file name's; None if neither."""
        year = self.census.year
        if year is None:
            year = year_from_name(self.census.source)
        return year if year in CENSUS_YEARS else None

    @cached_property
    def spec(self) -> CensusYear | None:
        return CENSUS_YEARS[self.year] if self.year is not None else None

    @cached_property
    def bounds(self) -> tuple[date, date] | None:
        return collection_year_bounds(self.year) if self.year is not None else None

    # --- typed values (each distinct text parsed once) ------------------------------------------

    def date(self, text: str | None) -> date | None:
        """The date ``text`` holds, or None when it is missing or not a valid date (R021 says so)."""
        if text is None:
            return None
        try:
            return self._dates[text]
        except KeyError:
            pass
        try:
            value: date | None = parse_date(text)
        except ValueError:
            value = None
        self._dates[text] = value
        return value

    def number(self, text: str | None) -> Decimal | None:
        if text is None:
            return None
        try:
            return self._numbers[text]
        except KeyError:
            pass
        try:
            value: Decimal | None = parse_decimal(text)
        except ValueError:
            value = None
        self._numbers[text] = value
        return value

    # --- groupings ------------------------------------------------------------------------------

    @property
    def workers(self) -> list[WorkerRecord]:
        return self.census.workers

    @cached_property
    def non_agency(self) -> list[WorkerRecord]:
        """Records with ``AgencyWorker`` = 0 (records with a missing or invalid flag are in neither)."""
        return [w for w in self.census.workers if w.items.get("AgencyWorker") == ["0"]]

    @cached_property
    def agency(self) -> list[WorkerRecord]:
        return [w for w in self.census.workers if w.items.get("AgencyWorker") == ["1"]]

    @cached_property
    def by_swe(self) -> dict[str, list[WorkerRecord]]:
        groups: dict[str, list[WorkerRecord]] = {}
        for worker in self.census.workers:
            swe = worker.items.get("SWENo")
            if swe:
                groups.setdefault(swe[0], []).append(worker)
        return groups

    def worker_at(self, position: int | None) -> WorkerRecord | None:
        """The record at a 1-based position (the reader numbers records in file order)."""
        if position is None:
            return None
        workers = self.census.workers
        if 0 < position <= len(workers) and workers[position - 1].position == position:
            return workers[position - 1]
        return next((w for w in workers if w.position == position), None)

    def fte(self, worker: WorkerRecord) -> Decimal | None:
        """``FTE``, falling back to ``FTE30`` (census.md section 11 default policy)."""
        value = self.number(worker.value("FTE"))
        return value if value is not None else self.number(worker.value("FTE30"))

    # --- issues ---------------------------------------------------------------------------------

    def issue(
        self,
        code: str,
        worker: WorkerRecord | None,
        item: str | None,
        message: str,
        *,
        value: str | None = None,
        expected: str | None = None,
    ) -> Issue:
        return Issue(
            code=code,
            severity=severity_of(code),
            record=worker.position if worker is not None else None,
            swe_no=worker.value("SWENo") if worker is not None else None,
            field=item,
            message=message,
            value=value,
            expected=expected,
        )


def in_post(worker: WorkerRecord) -> bool:
    """A non-agency record without ``RoleEndDate`` (census.md section 9); callers pass non-agency."""
    return "RoleEndDate" not in worker.items


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
