"""The link to the workforce: why each child's social worker changed.

A change is a social worker episode ending in the collection year for a child still looked after
afterwards. The worker who was replaced is looked up in the census return whose collection year
(1 October to 30 September) contains the episode's end, and the change takes the first cause
that holds, in this order:

1. ``left_council``: a ``RoleEndDate`` (a leaver in the census's own classification) on or after
   the episode began and no more than 60 days after it ended;
2. ``agency``: the worker is an agency worker in that census;
3. ``absent``: the worker was absent on 30 September (``Absat30Sept`` = 1);
4. ``still_in_post``: in post at 30 September, so the child was reallocated;
5. ``not_in_census``: none of these (not found, or no census for that year).

Who is a leaver, agency worker or in post comes from ``core.measures.classify`` (the callers
build :class:`WorkerStatus` from it), so the census measures and this link share one definition.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from typing import Final

from csc_workforce.core.continuity.model import CareEpisode, SocialWorkerEpisode, year_bounds
from csc_workforce.core.measures_formulas import round_half_up

LEFT_WITHIN: Final = timedelta(days=60)


class ChangeCause(Enum):
    LEFT_COUNCIL = "left_council"
    AGENCY = "agency"
    ABSENT = "absent"
    STILL_IN_POST = "still_in_post"
    NOT_IN_CENSUS = "not_in_census"


CAUSE_LABELS: Final = {
    ChangeCause.LEFT_COUNCIL: "Worker left the council",
    ChangeCause.AGENCY: "Worker was an agency worker",
    ChangeCause.ABSENT: "Worker absent on 30 September",
    ChangeCause.STILL_IN_POST: "Worker still in post (reallocation)",
    ChangeCause.NOT_IN_CENSUS: "Worker not found in the census",
}


@dataclass(frozen=True, slots=True)
class WorkerStatus:
    """One worker (by SWE number) in one census return, from the census classification."""

    leaving_dates: tuple[date, ...] = ()  # RoleEndDate of each record classified a leaver
    agency: bool = False
    absent: bool = False
    in_post: bool = False


def census_year_of(day: date) -> int:
    """The CSWW collection year (ending 30 September) that contains ``day``."""
    return day.year + 1 if day.month >= 10 else day.year


def still_looked_after_after(care: Sequence[CareEpisode], child: str, day: date) -> bool:
    """Whether ``child`` is still in care once ``day`` ends (a later episode counts)."""
    return any(e.child == child and e.open_on(day) for e in care)


def changes_in_year(
    year: int, care: Sequence[CareEpisode], social_workers: Sequence[SocialWorkerEpisode]
) -> list[SocialWorkerEpisode]:
    """The episodes that end in collection year ``year`` with the child still looked after."""
    first, last = year_bounds(year)
    by_child: dict[str, list[CareEpisode]] = {}
    for episode in care:
        by_child.setdefault(episode.child, []).append(episode)
    return [
        e
        for e in social_workers
        if e.end is not None
        and first <= e.end <= last
        and still_looked_after_after(by_child.get(e.child, []), e.child, e.end)
    ]


def cause_of(episode: SocialWorkerEpisode, census: Mapping[int, Mapping[str, WorkerStatus]]) -> ChangeCause:
    """The cause of one change (``census``: collection year -> SWE number -> status)."""
    assert episode.end is not None
    year = census_year_of(episode.end)
    here = census.get(year, {}).get(episode.sw_id)
    # A leaver within 60 days after a 30 September end is recorded in the next census.
    later = census.get(year + 1, {}).get(episode.sw_id)
    latest_leaving = episode.end + LEFT_WITHIN
    for status in (here, later):
        if status is not None and any(episode.start <= d <= latest_leaving for d in status.leaving_dates):
            return ChangeCause.LEFT_COUNCIL
    if here is None:
        return ChangeCause.NOT_IN_CENSUS
    if here.agency:
        return ChangeCause.AGENCY
    if here.absent:
        return ChangeCause.ABSENT
    if here.in_post:
        return ChangeCause.STILL_IN_POST
    return ChangeCause.NOT_IN_CENSUS


@dataclass(frozen=True, slots=True)
class ChangeLink:
    year: int
    causes: Mapping[ChangeCause, int]
    children_per_leaver: Mapping[str, int]  # SWE number of a leaver -> children who changed
    census_years_missing: tuple[int, ...]
    agency_episodes: int
    episodes_in_year: int
    changes: int = field(default=0)

    @property
    def counts(self) -> dict[str, int]:
        return {cause.value: self.causes.get(cause, 0) for cause in ChangeCause}

    @property
    def leavers(self) -> int:
        return len(self.children_per_leaver)

    @property
    def children_affected_by_leavers(self) -> int:
        return sum(self.children_per_leaver.values())

    @property
    def mean_children_per_leaver(self) -> float | None:
        if not self.children_per_leaver:
            return None
        return round_half_up(self.children_affected_by_leavers / self.leavers, 1)

    @property
    def agency_share_of_episodes(self) -> float | None:
        """Percent of the year's social worker episodes held by an agency worker."""
        if self.episodes_in_year == 0:
            return None
        return round_half_up(100 * self.agency_episodes / self.episodes_in_year, 1)


def link_changes(
    year: int,
    care: Sequence[CareEpisode],
    social_workers: Sequence[SocialWorkerEpisode],
    census: Mapping[int, Mapping[str, WorkerStatus]],
) -> ChangeLink:
    """Every change of collection year ``year`` classified, and the agency share of its episodes."""
    changes = changes_in_year(year, care, social_workers)
    causes: Counter[ChangeCause] = Counter()
    leaver_children: dict[str, set[str]] = {}
    missing: set[int] = set()
    for episode in changes:
        assert episode.end is not None
        if census_year_of(episode.end) not in census:
            missing.add(census_year_of(episode.end))
        cause = cause_of(episode, census)
        causes[cause] += 1
        if cause is ChangeCause.LEFT_COUNCIL:
            leaver_children.setdefault(episode.sw_id, set()).add(episode.child)
    first, last = year_bounds(year)
    in_year = [e for e in social_workers if e.overlaps(first, last)]
    agency = 0
    for episode in in_year:
        # The census that holds the episode's end, or 31 March for an open or later-ending one.
        looked_up = min(episode.end, last) if episode.end is not None else last
        status = census.get(census_year_of(looked_up), {}).get(episode.sw_id)
        agency += int(status is not None and status.agency)
    return ChangeLink(
        year=year,
        causes=dict(causes),
        children_per_leaver={sw: len(children) for sw, children in sorted(leaver_children.items())},
        census_years_missing=tuple(sorted(missing)),
        agency_episodes=agency,
        episodes_in_year=len(in_year),
        changes=len(changes),
    )
