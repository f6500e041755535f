"""Invented social workers: who they are (never a real person) and their spells of work.

A :class:`Person` keeps the same SWE number, birth date, sex and ethnicity for life; each
:class:`Post` is one spell of LA employment at one council and each :class:`Engagement` one agency
placement. SWE numbers are drawn as ``SW`` and nine digits, the first the region's number, so two
regions never share one and no real registration is likely to be matched.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

from csc_workforce.synth.profiles import (
    ETHNICITY,
    ETHNICITY_LONDON,
    FEMALE_SHARE,
    QUAL_LEVELS,
    QUALIFYING_INSTITUTIONS,
)

SWE_DIGITS: Final = 8  # after the region digit


def seeded(seed: int, *parts: str) -> random.Random:
    """A random stream fixed by the seed and a name: same seed, same stream, on every machine."""
    return random.Random("/".join(("csc-workforce-synth", str(seed), *parts)))  # noqa: S311 - not security


@lru_cache(maxsize=64)
def _cumulative(choices: tuple[tuple[str, float], ...]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    return tuple(code for code, _ in choices), tuple(itertools.accumulate(w for _, w in choices))


def weighted(rng: random.Random, choices: tuple[tuple[str, float], ...]) -> str:
    """One code drawn from ``(code, weight)`` pairs."""
    codes, cumulative = _cumulative(choices)
    return rng.choices(codes, cum_weights=cumulative)[0]


def day_between(rng: random.Random, first: date, last: date) -> date:
    """A day from ``first`` to ``last`` inclusive (``first`` when the range is empty)."""
    span = (last - first).days
    return first + timedelta(days=rng.randint(0, span)) if span > 0 else first


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(slots=True, eq=False)
class Person:
    swe: str
    birth: date
    female: bool
    ethnicity: str
    qual_level: str
    qual_inst: str
    step_up: bool
    frontline: bool

    def age_on(self, day: date) -> int:
        return day.year - self.birth.year - ((day.month, day.day) < (self.birth.month, self.birth.day))


@dataclass(slots=True, eq=False)
class Post:
    """One spell of LA employment; ``end`` and the leaver items are set in the year it ends."""

    person: Person
    lea: str
    role: str
    fte: float
    start: date
    origin: str
    end: date | None = None
    destination: str | None = None
    reason: str | None = None


@dataclass(slots=True, eq=False)
class Engagement:
    """One agency placement at one council, from ``start`` until it is ended."""

    person: Person
    lea: str
    start: date
    fte: float


@dataclass(slots=True)
class PersonFactory:
    """Makes new people for one region; SWE numbers are unique within the factory."""

    rng: random.Random
    region_digit: int
    london: bool = False
    _used: set[str] = field(default_factory=set)

    def swe_number(self) -> str:
        while True:
            number = f"SW{self.region_digit}{self.rng.randrange(10**SWE_DIGITS):0{SWE_DIGITS}d}"
            if number not in self._used:
                self._used.add(number)
                return number

    def person(self, age: int, on: date) -> Person:
        """A new person aged ``age`` on ``on``."""
        rng = self.rng
        birth = day_between(rng, years_before(on, age + 1) + timedelta(days=1), years_before(on, age))
        qual_level = weighted(rng, QUAL_LEVELS)
        qualified_year = birth.year + 22 + (2 if qual_level == "2" else 0)
        return Person(
            swe=self.swe_number(),
            birth=birth,
            female=rng.random() < FEMALE_SHARE,
            ethnicity=weighted(rng, ETHNICITY_LONDON if self.london else ETHNICITY),
            qual_level=qual_level,
            qual_inst=rng.choice(QUALIFYING_INSTITUTIONS),
            step_up=qual_level == "2" and qualified_year >= 2011 and rng.random() < 0.08,
            frontline=qual_level == "2" and qualified_year >= 2015 and rng.random() < 0.15,
        )
