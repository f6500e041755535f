"""DfE's stability measure: how many social workers each child looked after on 31 March had.

Children looked after at the end of 31 March of collection year Y: an episode begun on or before
31 March whose ``DEC`` is blank or later, with legal status not V3 or V4 (short breaks). For each,
the number of distinct ``SW_ID`` with an episode overlapping 1 April Y-1 to 31 March Y (A -> B -> A
counts 2). Children with none recorded are a bucket of their own ("0", DfE's rule SW01).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from csc_workforce.core.continuity.model import (
    LEGAL_STATUSES,
    NOT_KNOWN,
    SEX_LABELS,
    SHORT_BREAK_STATUSES,
    CareEpisode,
    ChildDetails,
    SocialWorkerEpisode,
    collection_year_of,
    year_bounds,
)
from csc_workforce.core.measures_formulas import round_half_up

BUCKETS: Final = ("0", "1", "2", "3+")
PARTIAL_YEAR_DAYS: Final = 31
# DfE's age bands for children looked after, age at 31 March.
AGE_BANDS: Final = (
    ("Under 1", 0, 1),
    ("1 to 4", 1, 5),
    ("5 to 9", 5, 10),
    ("10 to 15", 10, 16),
    ("16 and over", 16, 200),
)


def bucket(social_workers: int) -> str:
    return "3+" if social_workers >= 3 else str(social_workers)


def age_band(birth_month: date | None, on: date) -> str:
    """DfE's age band on ``on`` (the end of a month) from the month of birth alone.

    A birthday falls on or before the last day of its month, so month precision is exact here.
    """
    if birth_month is None or birth_month > on:
        return NOT_KNOWN
    years = on.year - birth_month.year - (1 if birth_month.month > on.month else 0)
    for label, low, high in AGE_BANDS:
        if low <= years < high:
            return label
    return NOT_KNOWN


def share_three_or_more(counts: Mapping[str, int]) -> float | None:
    """100 x (3+) / children looked after, to one decimal place as DfE publishes; None for none."""
    total = sum(counts.get(name, 0) for name in BUCKETS)
    if total == 0:
        return None
    return round_half_up(100 * counts.get("3+", 0) / total, 1)


@dataclass(frozen=True, slots=True)
class ChildStability:
    """One child looked after on 31 March (the pseudonym only) and their count."""

    child: str
    social_workers: int
    legal_status: str
    age_band: str
    sex: str

    @property
    def bucket(self) -> str:
        return bucket(self.social_workers)


@dataclass(frozen=True, slots=True)
class StabilityResult:
    year: int
    children: tuple[ChildStability, ...]
    reasons: Mapping[str, int]  # SW_REASON -> episodes begun in the year
    sex_given: bool

    @property
    def children_looked_after(self) -> int:
        return len(self.children)

    @property
    def with_social_workers(self) -> dict[str, int]:
        counts = Counter(child.bucket for child in self.children)
        return {name: counts.get(name, 0) for name in BUCKETS}

    @property
    def share_three_or_more(self) -> float | None:
        return share_three_or_more(self.with_social_workers)

    def breakdown(self, name: str) -> dict[str, dict[str, int]]:
        """Bucket counts per category of ``name`` (``age_band``, ``sex`` or ``legal_status``)."""
        if name not in BREAKDOWNS:
            raise ValueError(f"unknown breakdown {name!r}; choose one of: {', '.join(BREAKDOWNS)}")
        groups: dict[str, Counter[str]] = {}
        for child in self.children:
            groups.setdefault(str(getattr(child, name)), Counter())[child.bucket] += 1
        order = BREAKDOWNS[name]
        ranked = sorted(groups, key=lambda key: (order.index(key) if key in order else len(order), key))
        return {key: {b: groups[key].get(b, 0) for b in BUCKETS} for key in ranked}


BREAKDOWNS: Final[Mapping[str, Sequence[str]]] = {
    "age_band": [label for label, _, _ in AGE_BANDS] + [NOT_KNOWN],
    "sex": [*SEX_LABELS.values(), NOT_KNOWN],
    "legal_status": list(LEGAL_STATUSES),
}


def looked_after_on(care: Iterable[CareEpisode], day: date) -> dict[str, CareEpisode]:
    """The children looked after at the end of ``day`` (short breaks excluded), with the episode."""
    found: dict[str, CareEpisode] = {}
    for episode in care:
        if episode.legal_status in SHORT_BREAK_STATUSES or not episode.open_on(day):
            continue
        current = found.get(episode.child)
        if current is None or episode.start > current.start:
            found[episode.child] = episode
    return found


def stability(
    year: int,
    care: Sequence[CareEpisode],
    social_workers: Sequence[SocialWorkerEpisode],
    details: Mapping[str, ChildDetails] | None = None,
) -> StabilityResult:
    """DfE's measure for collection year ``year`` (ending 31 March ``year``)."""
    first, last = year_bounds(year)
    looked_after = looked_after_on(care, last)
    workers: dict[str, set[str]] = {child: set() for child in looked_after}
    birth: dict[str, date] = {}
    reasons: Counter[str] = Counter()
    for episode in social_workers:
        if episode.birth_month is not None:
            birth.setdefault(episode.child, episode.birth_month)
        if episode.child in workers and episode.overlaps(first, last):
            workers[episode.child].add(episode.sw_id)
        if first <= episode.start <= last:
            reasons[episode.reason or NOT_KNOWN] += 1
    details = details or {}
    children = []
    for child, care_episode in sorted(looked_after.items()):
        detail = details.get(child)
        month = detail.birth_month if detail is not None and detail.birth_month else birth.get(child)
        sex = SEX_LABELS.get(detail.sex or "", NOT_KNOWN) if detail is not None else NOT_KNOWN
        children.append(
            ChildStability(
                child=child,
                social_workers=len(workers[child]),
                legal_status=care_episode.legal_status,
                age_band=age_band(month, last),
                sex=sex,
            )
        )
    return StabilityResult(
        year=year, children=tuple(children), reasons=dict(sorted(reasons.items())), sex_given=bool(details)
    )


def years_covered(social_workers: Iterable[SocialWorkerEpisode], care: Iterable[CareEpisode]) -> list[int]:
    """The collection years from the earliest social worker episode to the latest date in the files.

    A last year that the files reach by less than a month (a few records dated early in April,
    after the return's 31 March) is not counted as covered.
    """
    social_workers = list(social_workers)
    days = [e.start for e in social_workers] + [e.end for e in social_workers if e.end is not None]
    days += [d for e in care for d in (e.start, e.end) if d is not None]
    if not social_workers:
        return []
    first = collection_year_of(min(e.start for e in social_workers))
    latest = max(days)
    last = collection_year_of(latest)
    if (latest - year_bounds(last)[0]).days < PARTIAL_YEAR_DAYS and last > first:
        last -= 1
    return list(range(first, last + 1))
