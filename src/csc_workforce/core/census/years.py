"""The current collection year, worked out from a date, and the default year wherever one is chosen.

Collection year Y ends on its reference date, 30 September Y (census.md section 1.2). The current
collection year is the one whose reference date is the latest 30 September on or before today: on
29 September 2026 it is 2025, on 30 September 2026 and all that autumn, when councils build the
return, it is 2026.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from csc_workforce.core.census.registry import FIRST_YEAR, LAST_YEAR

REFERENCE_MONTH = 9
REFERENCE_DAY = 30


def current_collection_year(today: date | None = None) -> int:
    """The year of the latest 30 September on or before ``today`` (default: the system date)."""
    today = today or date.today()
    return today.year if (today.month, today.day) >= (REFERENCE_MONTH, REFERENCE_DAY) else today.year - 1


def default_collection_year(today: date | None = None) -> int:
    """The current collection year, kept within the years the registry supports."""
    return min(max(current_collection_year(today), FIRST_YEAR), LAST_YEAR)


def default_year_among(years: Iterable[int], today: date | None = None) -> int | None:
    """Of ``years`` (e.g. those with data), the current collection year, else the latest before it.

    A year after the current one (a test file, a typing slip) is chosen only when nothing earlier
    exists; None when ``years`` is empty.
    """
    available = sorted(set(years))
    if not available:
        return None
    current = current_collection_year(today)
    earlier = [year for year in available if year <= current]
    return earlier[-1] if earlier else available[-1]
