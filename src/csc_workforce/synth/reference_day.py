"""What each worker holds on 30 September: cases (to the published caseload) and days lost.

Case holders are chosen the way councils work: every case holder (OrgRole 5), most agency workers,
then senior practitioners and first line managers, until their FTE meets the published
case-holder FTE; the published number of cases is then shared out in proportion to FTE with some
spread. Working days lost are shared so the absence rate meets the published one.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from csc_workforce.core.measures_formulas import working_days_in_census_year
from csc_workforce.synth.people import Engagement, Post
from csc_workforce.synth.profiles import CASE_HOLDING_AGENCY_SHARE
from csc_workforce.synth.targets import YearTarget

MOST_CASES: Final = 40  # more is a validation query (CSWW-R024)
# Roles that may hold cases after the case holders and agency workers, in order.
OTHER_CASE_HOLDING_ROLES: Final = ("4", "3", "2")
DAYS_OFF_SHARE: Final = 0.45  # share of staff with no sickness absence in the year


@dataclass(frozen=True, slots=True)
class Holder:
    key: int  # id() of the post or engagement
    fte: float


def case_holders(
    rng: random.Random, in_post: Sequence[Post], agency: Sequence[Engagement], target: YearTarget
) -> list[Holder]:
    holders = [Holder(id(p), p.fte) for p in in_post if p.role == "5" and p.fte > 0]
    fte = sum(h.fte for h in holders)
    agency_pool = [Holder(id(e), e.fte) for e in agency if rng.random() < CASE_HOLDING_AGENCY_SHARE]
    rng.shuffle(agency_pool)
    optional_agency = {h.key for h in agency_pool}
    others: list[Holder] = []
    for role in OTHER_CASE_HOLDING_ROLES:
        group = [Holder(id(p), p.fte) for p in in_post if p.role == role and p.fte > 0]
        rng.shuffle(group)
        others.extend(group)
    for holder in agency_pool + others:
        if fte + holder.fte / 2 > target.case_holders_fte:
            if holder.key in optional_agency:
                continue
            break
        holders.append(holder)
        fte += holder.fte
    return holders


def share_cases(rng: random.Random, holders: Sequence[Holder], total: int) -> dict[int, int]:
    """Whole cases per holder adding up to ``total`` (fewer only if the cap of 40 binds)."""
    if not holders or total <= 0:
        return {}
    weights = [h.fte * rng.lognormvariate(0.0, 0.3) for h in holders]
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    cases = [min(max(int(x), 1), MOST_CASES) for x in exact]
    short = total - sum(cases)
    while short > 0:  # add to those furthest below their exact share, up to the cap
        room = sorted(
            (i for i in range(len(cases)) if cases[i] < MOST_CASES), key=lambda i: cases[i] - exact[i]
        )
        if not room:
            break
        for i in room[:short]:
            cases[i] += 1
        short = total - sum(cases)
    while short < 0:  # take from those furthest above, keeping one case each
        spare = sorted((i for i in range(len(cases)) if cases[i] > 1), key=lambda i: exact[i] - cases[i])
        if not spare:
            break
        for i in spare[:-short]:
            cases[i] -= 1
        short = total - sum(cases)
    return {h.key: c for h, c in zip(holders, cases, strict=True)}


def days_lost(rng: random.Random, in_post: Sequence[Post], target: YearTarget, year: int) -> dict[int, float]:
    """Working days lost per in-post worker, adding up to the published absence rate."""
    total_fte = sum(p.fte for p in in_post)
    total = target.absence_rate_fte / 100 * total_fte * working_days_in_census_year(year)
    weights = [0.0 if rng.random() < DAYS_OFF_SHARE else p.fte * rng.expovariate(1.0) ** 1.6 for p in in_post]
    scale = total / sum(weights) if sum(weights) else 0.0
    return {id(p): round(w * scale * 2) / 2 for p, w in zip(in_post, weights, strict=True)}
