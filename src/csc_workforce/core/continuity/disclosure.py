"""Suppression of a council's continuity figures for views across councils.

Uses the threshold and symbols of ``core.disclosure``: a bucket of 1 to threshold-1 children is
``c``; when exactly one bucket is suppressed the next smallest non-empty bucket is suppressed too,
so it cannot be recovered from the total; the share with 3+ is ``c`` whenever its numerator is.
"""

from __future__ import annotations

from collections.abc import Mapping

from csc_workforce.core.continuity.stability import BUCKETS, share_three_or_more
from csc_workforce.core.disclosure import NOT_APPLICABLE, SUPPRESSED, Cell, DisclosureRule


def disclose_distribution(counts: Mapping[str, int], rule: DisclosureRule) -> dict[str, Cell]:
    """The buckets, the total and the share with 3+, safe to show outside the council."""
    small = {name for name in BUCKETS if rule.is_small(counts.get(name, 0))}
    if len(small) == 1:
        others = sorted(
            (counts.get(name, 0), name) for name in BUCKETS if name not in small and counts.get(name, 0)
        )
        if others:
            small.add(others[0][1])
    total = sum(counts.get(name, 0) for name in BUCKETS)
    cells = {
        name: Cell(None, SUPPRESSED) if name in small else Cell(float(counts.get(name, 0)))
        for name in BUCKETS
    }
    cells["children_looked_after"] = Cell(None, SUPPRESSED) if rule.is_small(total) else Cell(float(total))
    share = share_three_or_more(counts)
    if "3+" in small or rule.is_small(total):
        cells["share_three_or_more"] = Cell(None, SUPPRESSED)
    elif share is None:
        cells["share_three_or_more"] = Cell(None, NOT_APPLICABLE)
    else:
        cells["share_three_or_more"] = Cell(share)
    return cells
