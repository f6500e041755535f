"""Suppression of a council's continuity figures for views across councils.

The buckets are parts of a shown total (children looked after), protected with
``core.disclosure.protect_parts_and_total``: a bucket of 1 to threshold-1 children is ``c``, and
further buckets (or the total) so that none can be recovered by subtraction. The share with 3+ is
``c`` whenever its numerator or its denominator is, since it would reveal the other.
"""

from __future__ import annotations

from collections.abc import Mapping

from csc_workforce.core.continuity.stability import BUCKETS, share_three_or_more
from csc_workforce.core.disclosure import (
    NOT_APPLICABLE,
    SUPPRESSED,
    Cell,
    DisclosureRule,
    protect_parts_and_total,
)


def disclose_distribution(counts: Mapping[str, int], rule: DisclosureRule) -> dict[str, Cell]:
    """The buckets, the total and the share with 3+, safe to show outside the council."""
    parts = [float(counts.get(name, 0)) for name in BUCKETS]
    hidden, total_hidden = protect_parts_and_total(parts, rule)
    cells = {
        name: Cell(None, SUPPRESSED) if index in hidden else Cell(parts[index])
        for index, name in enumerate(BUCKETS)
    }
    total = sum(parts)
    cells["children_looked_after"] = Cell(None, SUPPRESSED) if total_hidden else Cell(total)
    share = share_three_or_more(counts)
    if BUCKETS.index("3+") in hidden or total_hidden:
        cells["share_three_or_more"] = Cell(None, SUPPRESSED)
    elif share is None:
        cells["share_three_or_more"] = Cell(None, NOT_APPLICABLE)
    else:
        cells["share_three_or_more"] = Cell(share)
    return cells
