"""Synthetic SSDA903 tables for synthetic councils, allocated to their census case holders.

For one council's synthetic census history the generator invents children looked after (none is
a real child) and walks week by week from 1 October of the first census year to 31 March of the
last, allocating each child to a case holder of the census (by ``SWENo``). When that worker
leaves (their ``RoleEndDate``), stops appearing as an agency worker, or is absent on 30
September, the child changes social worker; otherwise a few changes come from reallocations.
So a leaver's children change social worker, and the continuity link finds them.

Writes three CSV tables per council as councils produce them for DfE: ``<LEA>_episodes.csv``,
``<LEA>_social_workers.csv`` and ``<LEA>_header.csv`` (dates dd/mm/yyyy).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Final

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.values import parse_date
from csc_workforce.core.continuity.changes import census_year_of
from csc_workforce.synth.people import seeded, weighted

CHILDREN_PER_CASE_HOLDER: Final = 2.5
MEAN_WEEKS_IN_CARE: Final = 110
WEEKLY_REALLOCATION: Final = 0.004
ABSENCE_REALLOCATION: Final = 0.6  # share of an absent worker's children moved to cover
LEGAL_STATUS_MIX: Final = (("C2", 0.5), ("C1", 0.14), ("V2", 0.2), ("E1", 0.1), ("V3", 0.04), ("J1", 0.02))
REALLOCATION_REASONS: Final = (
    ("MANAGE", 0.4),
    ("TSPROC", 0.25),
    ("ORGRST", 0.1),
    ("CHCHAN", 0.05),
    ("PCCHAN", 0.05),
    ("OTHERS", 0.15),
)
EPISODE_HEADER: Final = (
    "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
    "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
)  # fmt: skip
SOCIAL_WORKER_HEADER: Final = ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON")
CHILD_HEADER: Final = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
_ETHNIC: Final = (
    ("WBRI", 0.72),
    ("MWBC", 0.06),
    ("BAFR", 0.05),
    ("AOTH", 0.04),
    ("WOTH", 0.08),
    ("OOTH", 0.05),
)


@dataclass(slots=True)
class _Spell:
    """One census record of a case holder: when it can hold children."""

    agency: bool
    start: date | None
    end: date | None
    absent: bool


@dataclass(slots=True)
class Workforce:
    """Case holders per census year (``SWENo`` -> spell), from the council's census returns."""

    by_year: dict[int, dict[str, _Spell]] = field(default_factory=dict)

    @classmethod
    def from_returns(cls, returns: Iterable[CensusReturn]) -> Workforce:
        workforce = cls()
        for census in returns:
            assert census.year is not None
            spells = workforce.by_year.setdefault(census.year, {})
            for worker in census.workers:
                swe = (worker.value("SWENo") or "").strip().upper()
                agency = worker.value("AgencyWorker") == "1"
                cases = worker.value("Cases30") or "0"
                holds_cases = worker.value("OrgRole") == "5" or (cases.isdigit() and int(cases) > 0)
                if not swe or not holds_cases:
                    continue
                spells[swe] = _Spell(
                    agency=agency,
                    start=_date(worker.value("RoleStartDate")),
                    end=_date(worker.value("RoleEndDate")),
                    absent=worker.value("Absat30Sept") == "1",
                )
        return workforce

    def spell(self, swe: str, day: date) -> _Spell | None:
        return self.by_year.get(census_year_of(day), {}).get(swe)

    def available(self, swe: str, day: date) -> bool:
        spell = self.spell(swe, day)
        if spell is None:
            return False
        if spell.agency:
            return True
        return (spell.start is None or spell.start <= day) and (spell.end is None or spell.end >= day)

    def holders(self, day: date) -> list[str]:
        return sorted(swe for swe in self.by_year.get(census_year_of(day), {}) if self.available(swe, day))

    def last_day(self, swe: str, since: date, day: date) -> date:
        """The last day the worker could hold the child, between ``since`` and ``day``."""
        spell = self.spell(swe, since)
        if spell is not None and not spell.agency and spell.end is not None and since <= spell.end <= day:
            return spell.end
        census_end = date(census_year_of(since), 9, 30)
        return min(day, census_end) if census_end >= since else day


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        return None


@dataclass(slots=True)
class _Care:
    start: date
    legal_status: str
    end: date | None = None


@dataclass(slots=True)
class _Allocation:
    swe: str
    start: date
    reason: str
    end: date | None = None


@dataclass(slots=True)
class _Child:
    code: str
    birth: date
    sex: str
    ethnic: str
    care: list[_Care] = field(default_factory=list)
    allocations: list[_Allocation] = field(default_factory=list)
    leaves: date | None = None


@dataclass(frozen=True, slots=True)
class Ssda903Tables:
    episodes: list[Sequence[str]]
    social_workers: list[Sequence[str]]
    header: list[Sequence[str]]


def _day(value: object) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else ""


class _Simulation:
    def __init__(self, lea: str, workforce: Workforce, rng: random.Random, first: date, last: date) -> None:
        self.lea = lea
        self.workforce = workforce
        self.rng = rng
        self.first = first
        self.last = last
        self.children: list[_Child] = []
        self.load: dict[str, int] = {}

    def _new_child(self, start: date, already_in_care_weeks: int = 0) -> None:
        rng = self.rng
        age_days = rng.randrange(0, 17 * 365)
        begun = start - timedelta(weeks=already_in_care_weeks)
        child = _Child(
            code=f"{self.lea}{len(self.children) + 1:06d}",
            birth=begun - timedelta(days=age_days),
            sex=rng.choice(("1", "2")),
            ethnic=weighted(rng, _ETHNIC),
        )
        weeks = max(1, round(rng.expovariate(1 / MEAN_WEEKS_IN_CARE)))
        leaves = begun + timedelta(weeks=weeks)
        adult = date(child.birth.year + 18, child.birth.month, min(child.birth.day, 28))
        child.leaves = min(leaves, adult)
        if child.leaves <= start:
            child.leaves = start + timedelta(weeks=rng.randrange(1, 30))
        child.care.append(_Care(begun, weighted(rng, LEGAL_STATUS_MIX)))
        self.children.append(child)
        self._allocate(child, start, "FCONTA")

    def _allocate(self, child: _Child, day: date, reason: str, avoid: str | None = None) -> None:
        holders = [h for h in self.workforce.holders(day) if h != avoid]
        if not holders:
            return
        # The least-loaded of a few candidates, as a team manager would.
        candidates = self.rng.sample(holders, min(3, len(holders)))
        swe = min(candidates, key=lambda h: (self.load.get(h, 0), h))
        self.load[swe] = self.load.get(swe, 0) + 1
        child.allocations.append(_Allocation(swe, day, reason))

    def _close(self, child: _Child, day: date) -> None:
        current = child.allocations[-1] if child.allocations else None
        if current is not None and current.end is None:
            current.end = max(day, current.start)
            self.load[current.swe] -= 1

    def run(self) -> None:
        rng = self.rng
        holders = len(self.workforce.holders(self.first))
        population = max(10, round(holders * CHILDREN_PER_CASE_HOLDER))
        for _ in range(population):
            self._new_child(self.first, rng.randrange(0, 150))
        arrivals = population / MEAN_WEEKS_IN_CARE
        previous = self.first
        day = self.first + timedelta(weeks=1)
        while day <= self.last:
            for child in list(self.children):
                if child.care[-1].end is not None:
                    continue  # left care in an earlier week
                if child.leaves is not None and child.leaves <= day:
                    self._close(child, child.leaves)
                    child.care[-1].end = child.leaves
                    continue
                self._step(child, previous, day)
            for _ in range(_poisson(rng, arrivals)):
                self._new_child(day)
            previous, day = day, day + timedelta(weeks=1)

    def _step(self, child: _Child, previous: date, day: date) -> None:
        rng = self.rng
        current = child.allocations[-1] if child.allocations else None
        if current is None or current.end is not None:
            self._allocate(child, day, "OTHERS")
            return
        swe = current.swe
        if not self.workforce.available(swe, day):
            ended = max(self.workforce.last_day(swe, previous, day), current.start)
            self._close(child, ended)
            self._allocate(child, ended, "LEFTRL", avoid=swe)
            return
        reference = date(census_year_of(previous), 9, 30)
        spell = self.workforce.spell(swe, reference)
        if (
            spell is not None
            and spell.absent
            and previous < reference <= day
            and rng.random() < ABSENCE_REALLOCATION
        ):
            self._close(child, reference)
            self._allocate(child, reference, "ABSENC", avoid=swe)
        elif rng.random() < WEEKLY_REALLOCATION:
            self._close(child, day)
            self._allocate(child, day, weighted(rng, REALLOCATION_REASONS), avoid=swe)

    def tables(self) -> Ssda903Tables:
        episodes: list[Sequence[str]] = []
        social_workers: list[Sequence[str]] = []
        header: list[Sequence[str]] = []
        for child in self.children:
            header.append((child.code, child.sex, _day(child.birth), child.ethnic, "", "", ""))
            for care in child.care:
                ended = _day(care.end)
                episodes.append(
                    (child.code, _day(care.start), "S", care.legal_status, "N1", "U1", "PR1", ended,
                     "E11" if ended else "", "", "", "", "")
                )  # fmt: skip
            for item in child.allocations:
                social_workers.append(
                    (child.code, _day(child.birth), item.swe, _day(item.start), _day(item.end), item.reason)
                )
        return Ssda903Tables(episodes, social_workers, header)


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method: the means here are small (a few arrivals a week).
    limit, count, product = pow(2.718281828459045, -mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def council_tables(returns: Sequence[CensusReturn], seed: int) -> Ssda903Tables:
    """The SSDA903 tables of one council from its census returns (two years or more)."""
    years = sorted({r.year for r in returns if r.year is not None})
    if not years:
        raise ValueError("no census returns with a collection year were given")
    lea = str(returns[0].la_code)
    first, last = date(years[0] - 1, 10, 1), date(years[-1], 3, 31)
    simulation = _Simulation(lea, Workforce.from_returns(returns), seeded(seed, "ssda903", lea), first, last)
    simulation.run()
    return simulation.tables()


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_council_tables(returns: Sequence[CensusReturn], seed: int, output: Path) -> list[Path]:
    """Write ``<LEA>_episodes.csv``, ``<LEA>_social_workers.csv`` and ``<LEA>_header.csv``."""
    tables = council_tables(returns, seed)
    lea = str(returns[0].la_code)
    output.mkdir(parents=True, exist_ok=True)
    paths = [
        output / f"{lea}_episodes.csv",
        output / f"{lea}_social_workers.csv",
        output / f"{lea}_header.csv",
    ]
    _write_csv(paths[0], EPISODE_HEADER, tables.episodes)
    _write_csv(paths[1], SOCIAL_WORKER_HEADER, tables.social_workers)
    _write_csv(paths[2], CHILD_HEADER, tables.header)
    return paths


def write_region_tables(region: str, years: Sequence[int], seed: int, output: Path) -> list[Path]:
    """The SSDA903 tables of every council of the synthetic ``region`` (same seed as its census)."""
    # Deferred: generate loads the published statistics.
    from csc_workforce.synth.generate import generate_region  # noqa: PLC0415

    by_council: dict[str, list[CensusReturn]] = {}
    for census in generate_region(region, years, seed):
        by_council.setdefault(str(census.la_code), []).append(census)
    paths: list[Path] = []
    for lea in sorted(by_council):
        paths.extend(write_council_tables(by_council[lea], seed, output))
    return paths
