"""Keep a council's role mix on its published shares as people start, leave and are promoted."""

from __future__ import annotations

import random
from collections.abc import Sequence

from csc_workforce.synth.people import Post
from csc_workforce.synth.targets import ROLE_CODES

NEWLY_QUALIFIED_ROLES = ("5", "6")
PRACTITIONER_ROLES = ("4", "5", "6")
YOUNGEST_MANAGER_STARTER = 32  # younger starters join as practitioners
PROMOTION_SHORTLIST = 5  # a promotion goes to the longest-serving of a few drawn at random


def role_counts(shares: Sequence[float], total: int) -> dict[str, int]:
    """Whole numbers of posts by role that add up to ``total`` (largest remainders)."""
    exact = [share * total for share in shares]
    counts = [int(value) for value in exact]
    order = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return dict(zip(ROLE_CODES, counts, strict=True))


def assign_roles(
    rng: random.Random,
    stayers: Sequence[Post],
    starters: Sequence[Post],
    shares: Sequence[float],
    newly_qualified: set[int],
) -> None:
    """Give each starter a role and move stayers between roles so the mix meets ``shares``.

    ``newly_qualified`` holds ``id()`` of starters who may only be case holders or qualified
    without cases. Stayers change role only where starters cannot close the gap (promotions,
    and the 2024 reclassification between case holder and qualified without cases).
    """
    wanted = role_counts(shares, len(stayers) + len(starters))
    have = dict.fromkeys(ROLE_CODES, 0)
    for post in stayers:
        have[post.role] += 1
    ordered = sorted(starters, key=lambda post: id(post) not in newly_qualified)
    for post in ordered:
        roles: tuple[str, ...]
        if id(post) in newly_qualified:
            roles = NEWLY_QUALIFIED_ROLES
        elif post.person.age_on(post.start) < YOUNGEST_MANAGER_STARTER:
            roles = PRACTITIONER_ROLES
        else:
            roles = ROLE_CODES
        gaps = [(role, wanted[role] - have[role]) for role in roles]
        open_roles = [(role, gap) for role, gap in gaps if gap > 0]
        if open_roles:
            post.role = rng.choices([r for r, _ in open_roles], [g for _, g in open_roles])[0]
        else:
            post.role = "5"
        have[post.role] += 1
    _rebalance(rng, [*stayers, *starters], wanted, have, newly_qualified)


def _rebalance(
    rng: random.Random,
    posts: list[Post],
    wanted: dict[str, int],
    have: dict[str, int],
    newly_qualified: set[int],
) -> None:
    """Move posts from roles with too many to roles with too few, nearest role first; the newly
    qualified are promoted only when nobody else can be."""
    for role in ROLE_CODES:
        while have[role] < wanted[role]:
            surplus = [r for r in ROLE_CODES if have[r] > wanted[r]]
            if not surplus:
                return
            donor = min(surplus, key=lambda r: (abs(int(r) - int(role)), r))
            candidates = [post for post in posts if post.role == donor and id(post) not in newly_qualified]
            candidates = candidates or [post for post in posts if post.role == donor]
            if int(role) < int(donor):  # a promotion: experience counts
                shortlist = rng.sample(candidates, min(PROMOTION_SHORTLIST, len(candidates)))
                chosen = min(shortlist, key=lambda post: (post.start, post.person.swe))
            else:
                chosen = rng.choice(candidates)
            chosen.role = role
            have[donor] -= 1
            have[role] += 1
