"""Calendar arithmetic the rules share: whole months and years counted the way people count them."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months; the 31st falls back to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """``day`` moved by ``years``; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def describe_gap(earlier: date, later: date) -> str:
    """The time from ``earlier`` to ``later`` as whole months and days, e.g. ``2 months 13 days``."""
    if later < earlier:
        return f"-{describe_gap(later, earlier)}"
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if add_months(earlier, months) > later:
        months -= 1
    days = (later - add_months(earlier, months)).days
    parts = []
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    if days or not parts:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    return " ".join(parts)
