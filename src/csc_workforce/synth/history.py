"""A region's workforce, year by year: people leave, move between its councils, go agency, return.

Each collection year Y (1 October Y-1 to 30 September Y) every council of the region:
1. loses leavers chosen to meet its published leaver FTE (older and newer staff more likely);
2. sends some leavers to another council of the region (movers) and some into agency work;
3. takes starters until its in-post headcount meets the published one, steering their FTE so
   in-post FTE does too: movers first, then agency workers coming back, then new people;
4. rebalances roles to the published role mix;
5. holds agency workers at 30 September to the published agency headcount and FTE.
Councils that were reorganised hand their staff to their successors. The history always starts in
2017, whichever years are asked for, so a year's return is the same in every run with the seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from csc_workforce.core.census.registry import FIRST_YEAR
from csc_workforce.synth.areas import SynthCouncil
from csc_workforce.synth.people import (
    Engagement,
    Person,
    PersonFactory,
    Post,
    day_between,
    weighted,
)
from csc_workforce.synth.profiles import (
    AGENCY_CONTRACT_CONTINUES,
    DEFAULT_INTO_AGENCY_SHARE,
    DEFAULT_MOVER_SHARE,
    FROM_AGENCY_SHARE,
    INPOST_AGES,
    INTO_AGENCY_SHARE,
    LEAVING_WEIGHT_BY_AGE,
    MOVER_REASONS,
    MOVER_SHARE,
    NEW_STARTER_ORIGINS,
    NEWLY_QUALIFIED_BY_AGE,
    OTHER_DESTINATIONS,
    OTHER_REASONS,
    RETIRED_REASON,
    RETIREMENT_AGE,
    STARTER_AGES,
)
from csc_workforce.synth.roles import assign_roles
from csc_workforce.synth.targets import YearTarget, council_targets

MOVER_DESTINATION: Final = "1"
AGENCY_DESTINATION: Final = "3"
MOVER_ORIGIN: Final = "2"
FROM_AGENCY_ORIGIN: Final = "4"
NEWLY_QUALIFIED_ORIGIN: Final = "1"
PART_TIME_FTES: Final = (0.5, 0.6, 0.7, 0.8, 0.9)
PART_TIME_MEAN: Final = 0.7
LAST_AGE_TO_START: Final = 64  # nobody older takes a new permanent post
QUICK_LEAVER_SHARE: Final = 0.05  # of a year's leavers, people who started that same year
FTE_TOLERANCE: Final = 0.25  # in-post FTE this close to the published figure is left alone


def reference_day(year: int) -> date:
    return date(year, 9, 30)


def year_start(year: int) -> date:
    return date(year - 1, 10, 1)


@dataclass(slots=True)
class CouncilYear:
    """What one council's return for one year is built from (read before the next year runs)."""

    council: SynthCouncil
    year: int
    target: YearTarget
    in_post: list[Post]
    leavers: list[Post]
    agency: list[Engagement]


@dataclass(slots=True, eq=False)
class _Waiting:
    """Someone between jobs: a mover looking for a post, or a leaver about to go agency."""

    person: Person
    available: date
    from_lea: str
    to_lea: str | None = None


@dataclass(slots=True)
class RegionHistory:
    councils: Sequence[SynthCouncil]
    rng: random.Random
    factory: PersonFactory
    last_year: int
    targets: dict[str, dict[int, YearTarget]] = field(default_factory=dict)
    staff: dict[str, list[Post]] = field(default_factory=dict)
    agency: dict[str, list[Engagement]] = field(default_factory=dict)
    movers: list[_Waiting] = field(default_factory=list)
    into_agency: list[_Waiting] = field(default_factory=list)
    _newly_qualified: dict[str, set[int]] = field(default_factory=dict)
    _quick_counts: dict[str, int] = field(default_factory=dict)
    _quick_leavers: dict[str, list[Post]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        years = range(FIRST_YEAR, self.last_year + 1)
        for council in self.councils:
            self.targets[council.lea] = council_targets(council.published_code, years)

    # --- the yearly cycle -----------------------------------------------------------------------

    def run(self) -> Iterator[list[CouncilYear]]:
        """Yield every council's year, 2017 first; read each year before asking for the next."""
        previous: list[SynthCouncil] = []
        for year in range(FIRST_YEAR, self.last_year + 1):
            active = [c for c in self.councils if year in c.years]
            self._reorganise(previous, active, year)
            for council in active:
                if council.lea not in self.staff:
                    self._seed_council(council, year)
            leavers = {c.lea: self._leavers(c, year) for c in active}
            starters = self._starters(active, year)
            for council in active:
                leavers[council.lea].extend(self._quick_leavers.pop(council.lea, []))
            result = []
            for council in active:
                self._assign_roles(council, year, starters[council.lea])
                engaged = self._agency_at_reference(council, year, active)
                result.append(
                    CouncilYear(
                        council, year, self.targets[council.lea][year],
                        list(self.staff[council.lea]), leavers[council.lea], engaged,
                    )
                )  # fmt: skip
            self._age_out_waiting(year)
            yield result
            previous = active

    # --- start of the history and reorganisations -----------------------------------------------

    def _seed_council(self, council: SynthCouncil, year: int) -> None:
        """Staff in post at 30 September before the council's first year."""
        target = self.targets[council.lea][year]
        starters = target.starters_fte / target.fte_per_head if target.fte_per_head else 0
        leavers = target.leavers_headcount
        size = round(target.inpost_headcount - starters + leavers)
        size = max(round(0.75 * target.inpost_headcount), min(size, round(1.25 * target.inpost_headcount)))
        on = reference_day(year - 1)
        posts = []
        for _ in range(size):
            age = self._age(INPOST_AGES)
            person = self.factory.person(age, on)
            service = min(self.rng.expovariate(1 / 7.0), age - 22)
            start = on - timedelta(days=round(service * 365.25) + self.rng.randint(0, 200))
            origin = str(self.rng.randint(1, 9))
            posts.append(Post(person, council.lea, "5", self._fte(target.fte_per_head), start, origin))
        assign_roles(self.rng, [], posts, target.role_shares, set())
        self.staff[council.lea] = posts
        self.agency[council.lea] = [
            self._new_engagement(council.lea, on - timedelta(days=self.rng.randint(0, 400)), 1.0)
            for _ in range(round(0.6 * target.agency_headcount))
        ]

    def _reorganise(
        self, previous: Sequence[SynthCouncil], active: Sequence[SynthCouncil], year: int
    ) -> None:
        """Staff of councils that stopped reporting move to their successors, keeping their start."""
        codes = {c.lea for c in active}
        for council in previous:
            if council.lea in codes:
                continue
            posts = self.staff.pop(council.lea, [])
            self.agency.pop(council.lea, None)
            heirs = [c for c in active if c.lea in council.successors()]
            if not heirs:
                continue
            for heir in heirs:
                self.staff.setdefault(heir.lea, [])
            weights = [max(self.targets[h.lea][year].inpost_headcount, 1) for h in heirs]
            for post in posts:
                heir = self.rng.choices(heirs, weights)[0]
                post.lea = heir.lea
                self.staff[heir.lea].append(post)
            for heir in heirs:
                self.agency.setdefault(heir.lea, [])

    # --- leavers --------------------------------------------------------------------------------

    def _leavers(self, council: SynthCouncil, year: int) -> list[Post]:
        target = self.targets[council.lea][year]
        stock = self.staff[council.lea]
        day = reference_day(year)
        retiring = [p for p in stock if p.person.age_on(day) >= RETIREMENT_AGE]
        retiring_ids = {id(p) for p in retiring}
        others = [p for p in stock if p.person.age_on(day) < RETIREMENT_AGE]
        keyed = sorted(
            others, key=lambda p: self.rng.random() ** (1.0 / self._leaving_weight(p, day)), reverse=True
        )
        ordered = retiring + keyed
        # Some of the year's leavers are its own starters (see _leave_soon_after_starting).
        self._quick_counts[council.lea] = round(QUICK_LEAVER_SHARE * target.leavers_headcount)
        stock_leaver_fte = target.leavers_fte - self._quick_counts[council.lea] * target.fte_per_head
        leavers: list[Post] = []
        leaver_fte = 0.0
        for post in ordered:
            if id(post) not in retiring_ids and leaver_fte + post.fte / 2 > stock_leaver_fte:
                break
            leavers.append(post)
            leaver_fte += post.fte
        # A council shrinking faster than its leavers allow loses a few more.
        excess = len(stock) - len(leavers) - round(1.03 * target.inpost_headcount)
        if excess > 0:
            leavers.extend(ordered[len(leavers) : len(leavers) + excess])
        gone = {id(p) for p in leavers}
        self.staff[council.lea] = [p for p in stock if id(p) not in gone]
        for post in leavers:
            self._leave(post, year, forced=id(post) in retiring_ids)
        return leavers

    @staticmethod
    def _leaving_weight(post: Post, day: date) -> float:
        age = post.person.age_on(day)
        weight = next(w for upper, w in LEAVING_WEIGHT_BY_AGE if age <= upper)
        service = (day - post.start).days / 365.25
        return weight * (1.5 if service < 2 else 1.0)

    def _leave(self, post: Post, year: int, *, forced: bool) -> None:
        rng = self.rng
        post.end = day_between(rng, year_start(year), reference_day(year) - timedelta(days=1))
        post.end = max(post.end, post.start)
        age = post.person.age_on(post.end)
        retires = forced or (age >= 60 and rng.random() < 0.5)
        roll = rng.random()
        movers = MOVER_SHARE.get(year, DEFAULT_MOVER_SHARE)
        into_agency = INTO_AGENCY_SHARE.get(year, DEFAULT_INTO_AGENCY_SHARE)
        if retires:
            post.destination, post.reason = "6", RETIRED_REASON
        elif roll < movers:
            post.destination, post.reason = MOVER_DESTINATION, weighted(rng, MOVER_REASONS)
            available = post.end + timedelta(days=rng.randint(1, 28))
            self.movers.append(_Waiting(post.person, available, post.lea))
        elif roll < movers + into_agency:
            post.destination, post.reason = AGENCY_DESTINATION, "1"
            available = post.end + timedelta(days=rng.randint(1, 150))
            self.into_agency.append(_Waiting(post.person, available, post.lea))
        else:
            post.destination = weighted(rng, OTHER_DESTINATIONS)
            post.reason = weighted(rng, OTHER_REASONS)

    # --- starters -------------------------------------------------------------------------------

    def _starters(self, active: Sequence[SynthCouncil], year: int) -> dict[str, list[Post]]:
        last_day = reference_day(year)
        ready = [w for w in self.movers if w.available <= last_day]
        self.movers = [w for w in self.movers if w.available > last_day]
        self.rng.shuffle(ready)  # movers go to any council of the region, not the first processed
        order = list(active)
        self.rng.shuffle(order)
        result: dict[str, list[Post]] = {}
        for council in order:
            target = self.targets[council.lea][year]
            stayers = self.staff[council.lea]
            need = max(target.inpost_headcount - len(stayers), 0) + self._quick_counts.get(council.lea, 0)
            starters: list[Post] = []
            newly_qualified: set[int] = set()
            wanted_movers = round(need * 0.27)
            for waiting in [w for w in ready if w.from_lea != council.lea][:wanted_movers]:
                ready.remove(waiting)
                starters.append(
                    Post(waiting.person, council.lea, "5", 1.0, max(waiting.available, year_start(year)),
                         MOVER_ORIGIN)
                )  # fmt: skip
            for _ in range(min(round(need * FROM_AGENCY_SHARE), need - len(starters))):
                person = self._take_agency_worker(council.lea, last_day)
                if person is None:
                    break
                start = day_between(self.rng, year_start(year), last_day)
                starters.append(Post(person, council.lea, "5", 1.0, start, FROM_AGENCY_ORIGIN))
            while len(starters) < need:
                post = self._new_starter(council.lea, year)
                if post.origin == NEWLY_QUALIFIED_ORIGIN:
                    newly_qualified.add(id(post))
                starters.append(post)
            quick = self._leave_soon_after_starting(starters, year, self._quick_counts.get(council.lea, 0))
            for post in quick:
                post.fte = self._fte(target.fte_per_head)
            self._quick_leavers[council.lea] = quick
            self._starter_ftes(stayers, starters, target)
            result[council.lea] = starters
            self._newly_qualified[council.lea] = newly_qualified
            stayers.extend(starters)
            self._change_hours(stayers, target.inpost_fte)
        # Movers nobody took this year look again next year, from 1 October.
        for waiting in ready:
            waiting.available = max(waiting.available, year_start(year + 1)) + timedelta(
                days=self.rng.randint(0, 60)
            )
            self.movers.append(waiting)
        return result

    def _leave_soon_after_starting(self, starters: list[Post], year: int, wanted: int) -> list[Post]:
        """Take ``wanted`` new people out of ``starters``: they leave again within the year (a
        starter may also be a leaver)."""
        rng = self.rng
        last_start = reference_day(year) - timedelta(days=30)
        new_people = {NEWLY_QUALIFIED_ORIGIN, *(code for code, _ in NEW_STARTER_ORIGINS)}
        candidates = [p for p in starters if p.origin in new_people and p.start <= last_start]
        quick = candidates[len(candidates) - wanted :] if wanted else []
        gone = {id(p) for p in quick}
        starters[:] = [p for p in starters if id(p) not in gone]
        for post in quick:
            post.end = day_between(
                rng, post.start + timedelta(days=14), reference_day(year) - timedelta(days=1)
            )
            post.destination = weighted(rng, OTHER_DESTINATIONS)
            post.reason = weighted(rng, OTHER_REASONS)
        return quick

    def _new_starter(self, lea: str, year: int) -> Post:
        rng = self.rng
        start = day_between(rng, year_start(year), reference_day(year))
        age = self._age(STARTER_AGES)
        person = self.factory.person(age, start)
        chance = next((share for upper, share in NEWLY_QUALIFIED_BY_AGE if age <= upper), 0.0)
        origin = NEWLY_QUALIFIED_ORIGIN if rng.random() < chance else weighted(rng, NEW_STARTER_ORIGINS)
        return Post(person, lea, "5", 1.0, start, origin)

    def _take_agency_worker(self, lea: str, on: date) -> Person | None:
        """An agency worker at this council (else elsewhere in the region) who takes a post."""
        pools = [self.agency.get(lea, [])] + [v for k, v in sorted(self.agency.items()) if k != lea]
        for pool in pools:
            eligible = [i for i, e in enumerate(pool) if e.person.age_on(on) < LAST_AGE_TO_START]
            if eligible:
                engagement = pool.pop(self.rng.choice(eligible))
                return engagement.person
        return None

    def _starter_ftes(self, stayers: Sequence[Post], starters: Sequence[Post], target: YearTarget) -> None:
        """Starters' FTE chosen so that in-post FTE lands on the published figure."""
        if not starters:
            return
        remaining = target.inpost_fte - sum(p.fte for p in stayers)
        mean = min(max(remaining / len(starters), 0.5), 1.0)
        for post in starters:
            post.fte = self._fte(mean)

    def _change_hours(self, posts: list[Post], wanted: float) -> None:
        """Some staff change their contracted hours, as they do, so in-post FTE meets ``wanted``."""
        gap = wanted - sum(p.fte for p in posts)
        if abs(gap) <= FTE_TOLERANCE:
            return
        order = list(posts)
        self.rng.shuffle(order)
        for post in order:
            if gap > 0.05 and post.fte < 1.0:
                new = min(1.0, post.fte + gap)
            elif gap < -0.05 and post.fte == 1.0:
                new = max(self.rng.choice(PART_TIME_FTES), 1.0 + gap)
            else:
                continue
            gap -= new - post.fte
            post.fte = round(new, 2)
            if abs(gap) <= FTE_TOLERANCE:
                return

    def _fte(self, mean: float) -> float:
        full_time = min(max((mean - PART_TIME_MEAN) / (1 - PART_TIME_MEAN), 0.0), 1.0)
        if self.rng.random() < full_time:
            return 1.0
        return self.rng.choice(PART_TIME_FTES)

    def _assign_roles(self, council: SynthCouncil, year: int, starters: list[Post]) -> None:
        target = self.targets[council.lea][year]
        started = {id(p) for p in starters}
        stayers = [p for p in self.staff[council.lea] if id(p) not in started]
        assign_roles(
            self.rng, stayers, starters, target.role_shares, self._newly_qualified.get(council.lea, set())
        )

    # --- agency workers -------------------------------------------------------------------------

    def _new_engagement(self, lea: str, start: date, fte: float) -> Engagement:
        person = self.factory.person(self._age(INPOST_AGES), start)
        return Engagement(person, lea, start, fte)

    def _agency_at_reference(
        self, council: SynthCouncil, year: int, active: Sequence[SynthCouncil]
    ) -> list[Engagement]:
        rng = self.rng
        target = self.targets[council.lea][year]
        last_day = reference_day(year)
        continuing = [
            e
            for e in self.agency.get(council.lea, [])
            if rng.random() < AGENCY_CONTRACT_CONTINUES and e.person.age_on(last_day) < RETIREMENT_AGE
        ]
        arrivals = []
        for waiting in list(self.into_agency):
            if waiting.available > last_day:
                continue
            if waiting.to_lea is None:
                others = [c.lea for c in active if c.lea != waiting.from_lea]
                stays = rng.random() < 0.4 or not others
                waiting.to_lea = waiting.from_lea if stays else rng.choice(others)
            if waiting.to_lea == council.lea:
                self.into_agency.remove(waiting)
                arrivals.append(Engagement(waiting.person, council.lea, waiting.available, 1.0))
        engaged = arrivals + continuing
        engaged = engaged[: target.agency_headcount]
        fixed_fte = sum(e.fte for e in engaged)
        missing = target.agency_headcount - len(engaged)
        if missing > 0:
            mean = min(max((target.agency_fte - fixed_fte) / missing, 0.3), 1.0)
            for _ in range(missing):
                start = day_between(rng, year_start(year), last_day)
                engaged.append(self._new_engagement(council.lea, start, self._fte(mean)))
        if not engaged and not self.staff[council.lea]:
            engaged.append(self._new_engagement(council.lea, year_start(year), 1.0))
        self.agency[council.lea] = engaged
        return list(engaged)

    def _age_out_waiting(self, year: int) -> None:
        """People waiting over a year for a post or a placement leave social work."""
        limit = year_start(year)
        self.movers = [w for w in self.movers if w.available >= limit]
        self.into_agency = [w for w in self.into_agency if w.available >= limit]

    def _age(self, bands: Sequence[tuple[int, int, float]]) -> int:
        low, high, _ = self.rng.choices(bands, [w for _, _, w in bands])[0]
        return self.rng.randint(low, high)
